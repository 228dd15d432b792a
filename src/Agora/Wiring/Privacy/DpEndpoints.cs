using System.Globalization;
using System.Numerics;
using System.Security.Claims;
using System.Text.Json;
using Agora.Audit;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Privacy;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Tables;
using Agora.Tables.Query;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agora.Wiring.Privacy;

/// <summary>POST /api/v1/distributions/{id}/dp.</summary>
public sealed record DpQueryInput(string? Query, string? Column, decimal[]? Bounds, JsonElement? Bins, decimal? Q, decimal? Granularity, string? Where, decimal? Epsilon);

/// <summary>A noisy answer, what it cost and what it guarantees.</summary>
public sealed record DpAnswer(string Query, string? Column, object Value, decimal EpsilonSpent, decimal EpsilonRemaining, string Mechanism, decimal NoiseScale, string Guarantee, string Consumer);

public sealed record DpBudgetView(Guid DatasetId, string Consumer, decimal Limit, decimal Spent, decimal Remaining);

/// <summary>
/// Differentially private aggregates over a table for consumers who may not have its rows: datasets shared or opened
/// under conditions, and their owners. Each consumer (its organization for government users, its account for the
/// public) has an ε budget per dataset; queries are charged before they are answered and refused once it is spent.
/// </summary>
internal static class DpEndpoints
{
    private const int MaxBins = 1000;

    public static RouteGroupBuilder MapDifferentialPrivacyApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/distributions/{id:guid}/dp").WithTags("Differential privacy");
        group.MapPost("/", Query).WithName("DpQuery")
            .WithSummary("Count, sum, mean, histogram or quantile of a column with ε-differential privacy, charged to the caller's budget.");
        group.MapGet("/budget", Budget).WithName("DpBudget").WithSummary("The caller's ε budget on the distribution's dataset.");
        return group;
    }

    internal static async Task<Results<Ok<DpBudgetView>, ProblemHttpResult>> Budget(
        Guid id, CatalogDbContext db, CallerAccessor callers, IPrivacyBudgetStore budgets, HttpContext http)
    {
        var (dataset, consumer, problem) = await AuthorizeAsync(id, db, callers, http);
        if (dataset is null)
        {
            return problem!;
        }

        var status = await budgets.GetAsync(new BudgetKey(consumer!, dataset.Id.ToString()), http.RequestAborted);
        return TypedResults.Ok(new DpBudgetView(dataset.Id, consumer!, status.Limit, status.Spent, status.Remaining));
    }

    internal static async Task<Results<Ok<DpAnswer>, ProblemHttpResult>> Query(
        Guid id, DpQueryInput input, CatalogDbContext db, CallerAccessor callers, TableReader tables, PrivateQueries queries, IAuditLog audit, HttpContext http)
    {
        var (dataset, consumer, problem) = await AuthorizeAsync(id, db, callers, http);
        if (dataset is null)
        {
            return problem!;
        }

        if (input.Epsilon is not { } epsilon || epsilon <= 0 || epsilon > 10)
        {
            return Problems.Validation("epsilon", "is required, greater than 0 and at most 10");
        }

        var kind = input.Query?.Trim().ToLowerInvariant();
        if (kind is not ("count" or "sum" or "mean" or "histogram" or "quantile"))
        {
            return Problems.Validation("query", "must be one of count, sum, mean, histogram, quantile");
        }

        if (tables.Current(id) is not { } table)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "no-data", "No data", $"distribution {id} has no table data", null, null);
        }

        if (kind != "count" && string.IsNullOrWhiteSpace(input.Column))
        {
            return Problems.Validation("column", $"is required for a {kind}");
        }

        var column = input.Column is null ? null : table.Columns.FirstOrDefault(c => c.Name == input.Column);
        if (input.Column is not null && column is null)
        {
            return Problems.Validation("column", $"the table has no column '{input.Column}'; its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}");
        }

        NumericBounds? bounds = null;
        if (kind is "sum" or "mean" or "quantile" || (kind == "histogram" && input.Bins?.ValueKind == JsonValueKind.Number))
        {
            if (column!.Type is not (ColumnType.Integer or ColumnType.Decimal))
            {
                return Problems.Validation("column", $"'{column.Name}' is {column.Type.ToString().ToLowerInvariant()}, not a number");
            }

            if (input.Bounds is not [var lower, var upper] || upper < lower)
            {
                return Problems.Validation("bounds", "must be [lower, upper] with lower ≤ upper, declared without looking at the data");
            }

            var granularity = input.Granularity ?? (kind == "quantile" ? Math.Max(1m, (upper - lower) / 1000m) : 1m);
            if (granularity <= 0)
            {
                return Problems.Validation("granularity", "must be positive");
            }

            bounds = new NumericBounds(lower, upper, granularity);
        }

        if (kind == "quantile" && input.Q is not (>= 0 and <= 1))
        {
            return Problems.Validation("q", "is required for a quantile and must be between 0 and 1");
        }

        IReadOnlyList<string>? categories = null;
        Func<object?, string?>? label = null;
        if (kind == "histogram")
        {
            (categories, label, problem) = Bins(input.Bins, bounds);
            if (problem is not null)
            {
                return problem;
            }
        }

        IEnumerable<object?> values;
        try
        {
            values = input.Column is null
                ? tables.ReadColumn(id, table.Columns[0].Name, input.Where, http.RequestAborted)
                : tables.ReadColumn(id, input.Column, input.Where, http.RequestAborted);
        }
        catch (TableQueryException e)
        {
            return Problems.Validation(e.Parameter, e.Message);
        }

        var key = new BudgetKey(consumer!, dataset.Id.ToString());
        DpAnswer answer;
        try
        {
            answer = kind switch
            {
                "count" => Answer(kind, input.Column, await queries.CountAsync(key, CountOf(values, input.Column is not null), epsilon, http.RequestAborted), consumer!),
                "sum" => Answer(kind, input.Column, await queries.SumAsync(key, Numbers(values), bounds!, epsilon, http.RequestAborted), consumer!),
                "mean" => Answer(kind, input.Column, await queries.MeanAsync(key, Numbers(values), bounds!, epsilon, http.RequestAborted), consumer!),
                "quantile" => Answer(kind, input.Column, await queries.QuantileAsync(key, Numbers(values), input.Q!.Value, bounds!, epsilon, http.RequestAborted), consumer!),
                _ => Answer(kind, input.Column, await queries.HistogramAsync(key, values.Select(label!), categories!, epsilon, http.RequestAborted), consumer!),
            };
        }
        catch (PrivacyBudgetExhaustedException e)
        {
            return TypedResults.Problem(
                $"The privacy budget of {consumer} on this dataset is used up: {e.Requested.ToString(CultureInfo.InvariantCulture)} ε asked, {e.Status.Remaining.ToString(CultureInfo.InvariantCulture)} of {e.Status.Limit.ToString(CultureInfo.InvariantCulture)} left.",
                type: Problems.TypePrefix + "privacy-budget-exhausted",
                title: "Privacy budget exhausted",
                statusCode: StatusCodes.Status429TooManyRequests,
                extensions: new Dictionary<string, object?> { ["field"] = "epsilon", ["remaining"] = e.Status.Remaining, ["limit"] = e.Status.Limit });
        }
        catch (PrivacyInputException e)
        {
            return Problems.Validation(e.Column ?? "query", e.Message);
        }

        await audit.AppendAsync(new AuditEntry
        {
            Action = "dp.query",
            UserId = Guid.TryParse(http.User.FindFirstValue(AgoraClaims.UserId), out var user) ? user : null,
            TokenId = Guid.TryParse(http.User.FindFirstValue(AgoraClaims.TokenId), out var token) ? token : null,
            DatasetId = dataset.Id,
            OwnerOrganizationId = dataset.OrganizationId,
            DistributionId = id,
            Columns = input.Column is null ? null : [input.Column],
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            Details = JsonSerializer.SerializeToElement(new { query = kind, input.Where, epsilon, consumer }),
        }, http.RequestAborted);
        return TypedResults.Ok(answer);
    }

    /// <summary>
    /// Who may ask and whose budget pays: the owner's members always (as their organization); other government bodies
    /// when the dataset is shared (unconditionally or under conditions); the public when it is open or conditionally
    /// open. Core data never leaves its owner, not even as noisy aggregates.
    /// </summary>
    private static async Task<(Dataset? Dataset, string? Consumer, ProblemHttpResult? Problem)> AuthorizeAsync(Guid id, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return (null, null, Problems.Unauthorized("differentially private queries are charged to an account or organization: sign in or present a token"));
        }

        var (distribution, dataset) = await DistributionsApi.FindAsync(db, id, http.RequestAborted);
        if (distribution is null || dataset is null || !caller.CanSee(dataset))
        {
            return (null, null, Problems.NotFound($"distribution {id}"));
        }

        if (caller.IsMemberOf(dataset.OrganizationId))
        {
            return (dataset, $"org:{dataset.OrganizationId}", null);
        }

        if (dataset.SecurityGrade == SecurityGrade.Core)
        {
            return (null, null, Problems.Forbidden("core data never leaves its owner"));
        }

        if (caller.Roles.Count > 0)
        {
            return dataset.Sharing == SharingAttribute.NotShared
                ? (null, null, Problems.Forbidden("this dataset is not shared with other government bodies"))
                : (dataset, $"org:{caller.Roles.Keys.Min()}", null);
        }

        return dataset.Opening == OpeningAttribute.Closed
            ? (null, null, Problems.Forbidden("this dataset is not open to the public"))
            : (dataset, $"user:{caller.UserId}", null);
    }

    private static (IReadOnlyList<string>?, Func<object?, string?>?, ProblemHttpResult?) Bins(JsonElement? bins, NumericBounds? bounds)
    {
        if (bins is { ValueKind: JsonValueKind.Array } list)
        {
            var categories = list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).Distinct(StringComparer.Ordinal).ToArray();
            return categories.Length is 0 or > MaxBins
                ? (null, null, Problems.Validation("bins", $"must list between 1 and {MaxBins} categories"))
                : (categories, v => v is null ? null : Text(v), null);
        }

        if (bins is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var count) && count is > 0 and <= MaxBins && bounds is not null)
        {
            // Equal-width bins over the declared bounds: the categories come from the bounds, never from the data, and
            // a value outside is clamped into the first or last bin.
            var width = (bounds.Upper - bounds.Lower) / count;
            var labels = Enumerable.Range(0, count)
                .Select(i => $"[{Fmt(bounds.Lower + (i * width))}, {Fmt(i == count - 1 ? bounds.Upper : bounds.Lower + ((i + 1) * width))}{(i == count - 1 ? "]" : ")")}")
                .ToArray();
            return (labels, v => Number(v) is { } x
                ? labels[width == 0 ? 0 : (int)Math.Clamp(Math.Floor((Math.Clamp(x, bounds.Lower, bounds.Upper) - bounds.Lower) / width), 0, count - 1)]
                : null, null);
        }

        return (null, null, Problems.Validation("bins", $"must be a list of categories, or a number of equal-width bins (1 to {MaxBins}) with bounds"));
    }

    private static string Text(object value) => value switch
    {
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Fmt(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static long CountOf(IEnumerable<object?> values, bool nonEmptyOnly) =>
        nonEmptyOnly ? values.LongCount(v => v is not null) : values.LongCount();

    private static IEnumerable<decimal?> Numbers(IEnumerable<object?> values) => values.Select(Number);

    private static decimal? Number(object? value) => value switch
    {
        null => null,
        long n => n,
        decimal d => d,
        double d when double.IsFinite(d) => d is > (double)decimal.MaxValue or < (double)decimal.MinValue ? null : (decimal)d,
        BigInteger b => b > (BigInteger)decimal.MaxValue || b < (BigInteger)decimal.MinValue ? null : (decimal)b,
        string s when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static DpAnswer Answer<T>(string kind, string? column, DpResult<T> result, string consumer)
        where T : notnull =>
        new(kind, column, result.Value, result.EpsilonSpent, result.EpsilonRemaining, result.Mechanism, result.NoiseScale, result.Guarantee, consumer);
}
