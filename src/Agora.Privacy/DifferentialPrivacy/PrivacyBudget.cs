using System.Collections.Concurrent;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>Whose budget: one consumer on one dataset.</summary>
public sealed record BudgetKey(string Consumer, string Dataset);

public sealed record BudgetStatus(BudgetKey Key, decimal Limit, decimal Spent)
{
    public decimal Remaining => Math.Max(0, Limit - Spent);
}

/// <summary>One spending of the budget, for the audit trail.</summary>
public sealed record BudgetEntry(BudgetKey Key, decimal Epsilon, string Query, DateTimeOffset At);

public sealed record BudgetCharge(bool Accepted, BudgetStatus Status);

/// <summary>Tracks ε spent per consumer per dataset. Implementations must charge atomically: two concurrent queries may not both spend the last of a budget.</summary>
public interface IPrivacyBudgetStore
{
    ValueTask<BudgetStatus> GetAsync(BudgetKey key, CancellationToken cancellationToken = default);

    ValueTask SetLimitAsync(BudgetKey key, decimal limit, CancellationToken cancellationToken = default);

    /// <summary>Spends epsilon if at least that much remains; otherwise spends nothing and returns Accepted = false.</summary>
    ValueTask<BudgetCharge> TryChargeAsync(BudgetKey key, decimal epsilon, string query, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<BudgetEntry>> LedgerAsync(BudgetKey key, CancellationToken cancellationToken = default);
}

/// <summary>A budget store in memory (tests, single process); budgets are lost on restart.</summary>
public sealed class InMemoryPrivacyBudgetStore(decimal defaultLimit = 1.0m, TimeProvider? clock = null) : IPrivacyBudgetStore
{
    private readonly ConcurrentDictionary<BudgetKey, Account> _accounts = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ValueTask<BudgetStatus> GetAsync(BudgetKey key, CancellationToken cancellationToken = default)
    {
        var account = AccountOf(key);
        lock (account)
        {
            return ValueTask.FromResult(new BudgetStatus(key, account.Limit, account.Spent));
        }
    }

    public ValueTask SetLimitAsync(BudgetKey key, decimal limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var account = AccountOf(key);
        lock (account)
        {
            account.Limit = limit;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<BudgetCharge> TryChargeAsync(BudgetKey key, decimal epsilon, string query, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        var account = AccountOf(key);
        lock (account)
        {
            if (account.Spent + epsilon > account.Limit)
            {
                return ValueTask.FromResult(new BudgetCharge(false, new BudgetStatus(key, account.Limit, account.Spent)));
            }

            account.Spent += epsilon;
            account.Ledger.Add(new BudgetEntry(key, epsilon, query, _clock.GetUtcNow()));
            return ValueTask.FromResult(new BudgetCharge(true, new BudgetStatus(key, account.Limit, account.Spent)));
        }
    }

    public ValueTask<IReadOnlyList<BudgetEntry>> LedgerAsync(BudgetKey key, CancellationToken cancellationToken = default)
    {
        var account = AccountOf(key);
        lock (account)
        {
            return ValueTask.FromResult<IReadOnlyList<BudgetEntry>>(account.Ledger.ToArray());
        }
    }

    private Account AccountOf(BudgetKey key) => _accounts.GetOrAdd(key, _ => new Account { Limit = defaultLimit });

    private sealed class Account
    {
        public decimal Limit { get; set; }

        public decimal Spent { get; set; }

        public List<BudgetEntry> Ledger { get; } = [];
    }
}

/// <summary>Thrown when a query would spend more ε than the consumer has left on the dataset.</summary>
public sealed class PrivacyBudgetExhaustedException(BudgetStatus status, decimal requested)
    : InvalidOperationException($"Privacy budget exhausted for {status.Key.Consumer} on {status.Key.Dataset}: {requested} requested, {status.Remaining} of {status.Limit} left.")
{
    public BudgetStatus Status { get; } = status;

    public decimal Requested { get; } = requested;
}
