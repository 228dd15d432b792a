using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Privacy.DifferentialPrivacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Wiring.Privacy;

/// <summary>
/// ε budgets in the metadata store (SQLite or PostgreSQL), in millionths of ε. A charge is one conditional UPDATE
/// ("add ε where spent + ε ≤ limit"), so two concurrent queries can never both spend the last of a budget: the
/// database serialises the two updates on the row and the second re-checks the condition against the first's result.
/// </summary>
internal sealed class DatabaseBudgetStore(Func<CatalogDbContext> contexts, IOptions<PrivacyGateOptions> options, TimeProvider time) : IPrivacyBudgetStore
{
    private const decimal Micros = 1_000_000m;

    public async ValueTask<BudgetStatus> GetAsync(BudgetKey key, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var dataset = DatasetOf(key);
        var budget = await db.PrivacyBudgets.AsNoTracking().FirstOrDefaultAsync(b => b.Consumer == key.Consumer && b.DatasetId == dataset, cancellationToken);
        return budget is null
            ? new BudgetStatus(key, options.Value.EpsilonBudget, 0)
            : new BudgetStatus(key, budget.LimitMicros / Micros, budget.SpentMicros / Micros);
    }

    public async ValueTask SetLimitAsync(BudgetKey key, decimal limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var db = contexts();
        await EnsureAsync(db, key, cancellationToken);
        var dataset = DatasetOf(key);
        var micros = ToMicros(limit, MidpointRounding.ToZero);
        await db.PrivacyBudgets.Where(b => b.Consumer == key.Consumer && b.DatasetId == dataset)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.LimitMicros, micros), cancellationToken);
    }

    public async ValueTask<BudgetCharge> TryChargeAsync(BudgetKey key, decimal epsilon, string query, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);

        // Rounding up: a query never costs less than it asked for.
        var cost = Math.Max(1, ToMicros(epsilon, MidpointRounding.ToPositiveInfinity));
        var dataset = DatasetOf(key);
        await using var db = contexts();
        await EnsureAsync(db, key, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var charged = await db.PrivacyBudgets
            .Where(b => b.Consumer == key.Consumer && b.DatasetId == dataset && b.SpentMicros + cost <= b.LimitMicros)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.SpentMicros, b => b.SpentMicros + cost), cancellationToken);
        if (charged == 1)
        {
            db.PrivacyBudgetSpends.Add(new PrivacyBudgetSpend
            {
                Id = Guid.CreateVersion7(),
                Consumer = key.Consumer,
                DatasetId = dataset,
                EpsilonMicros = cost,
                Query = query.Length > 200 ? query[..200] : query,
                At = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        var budget = await db.PrivacyBudgets.AsNoTracking().FirstAsync(b => b.Consumer == key.Consumer && b.DatasetId == dataset, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BudgetCharge(charged == 1, new BudgetStatus(key, budget.LimitMicros / Micros, budget.SpentMicros / Micros));
    }

    public async ValueTask<IReadOnlyList<BudgetEntry>> LedgerAsync(BudgetKey key, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var dataset = DatasetOf(key);
        var spends = await db.PrivacyBudgetSpends.AsNoTracking()
            .Where(s => s.Consumer == key.Consumer && s.DatasetId == dataset)
            .OrderBy(s => s.At)
            .ToListAsync(cancellationToken);
        return spends.Select(s => new BudgetEntry(key, s.EpsilonMicros / Micros, s.Query, new DateTimeOffset(s.At, TimeSpan.Zero))).ToArray();
    }

    /// <summary>Creates the budget row with the configured limit unless it exists; a concurrent creator wins harmlessly.</summary>
    private async Task EnsureAsync(CatalogDbContext db, BudgetKey key, CancellationToken cancellationToken)
    {
        var dataset = DatasetOf(key);
        if (await db.PrivacyBudgets.AnyAsync(b => b.Consumer == key.Consumer && b.DatasetId == dataset, cancellationToken))
        {
            return;
        }

        db.PrivacyBudgets.Add(new PrivacyBudget
        {
            Consumer = key.Consumer,
            DatasetId = dataset,
            LimitMicros = ToMicros(options.Value.EpsilonBudget, MidpointRounding.ToZero),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request created it between the check and the insert.
        }

        db.ChangeTracker.Clear();
    }

    private static long ToMicros(decimal epsilon, MidpointRounding rounding) => (long)Math.Round(epsilon * Micros, 0, rounding);

    private static Guid DatasetOf(BudgetKey key) =>
        Guid.TryParse(key.Dataset, out var id) ? id : throw new ArgumentException($"budget key dataset '{key.Dataset}' is not a dataset id", nameof(key));
}
