using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Agora.Audit.Storage;
using Agora.Audit.Verification;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Audit.Api;

/// <summary>
/// <c>GET /api/v1/audit</c>: the bureau reads every record; an organization's administrators read the records about
/// their organization's datasets and those of their organization's users; nobody else reads any.
/// </summary>
public static class AuditApi
{
    private const string SortName = "sequence";

    public sealed record SearchQuery
    {
        public string? OrganizationId { get; init; }

        public string? OwnerOrganizationId { get; init; }

        public string? DatasetId { get; init; }

        public string? UserId { get; init; }

        public string? Action { get; init; }

        public string? Outcome { get; init; }

        public string? From { get; init; }

        public string? To { get; init; }

        public int? Limit { get; init; }

        public string? Cursor { get; init; }
    }

    /// <summary>A page of records, newest first. No total: counting a log of millions costs more than the page.</summary>
    public sealed record AuditPage(IReadOnlyList<AuditRecordDto> Items, string? Next);

    public sealed record AuditRecordDto(
        long Sequence,
        DateTime Time,
        string Action,
        string Outcome,
        int? StatusCode,
        Guid? UserId,
        Guid? OrganizationId,
        Guid? TokenId,
        Guid? DatasetId,
        Guid? OwnerOrganizationId,
        Guid? DistributionId,
        Guid? GrantId,
        string? Purpose,
        IReadOnlyList<string>? Columns,
        long? RowCount,
        long? Bytes,
        string? ClientAddress,
        string? RequestId,
        JsonElement? Details,
        string PreviousHash,
        string Hash);

    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/audit").WithTags("Audit");
        group.MapGet("/", Search).WithName("SearchAudit")
            .WithSummary("Searches the audit log, newest first (bureau: all; organization admins: their organization's).");
        group.MapGet("/verify", Verify).WithName("VerifyAudit")
            .WithSummary("Verifies the whole hash chain and the signed checkpoints (bureau only).");
        return group;
    }

    internal static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> Search(
        [AsParameters] SearchQuery query, AuditDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var adminOf = caller.Roles.Where(r => r.Value >= OrganizationRole.Admin).Select(r => r.Key).ToList();
        if (!caller.IsBureau && adminOf.Count == 0)
        {
            return Problems.Forbidden("only the bureau and organization administrators may read the audit log");
        }

        if (Paging.CheckLimit(query.Limit) is { } limitProblem)
        {
            return Problems.Validation("limit", limitProblem);
        }

        if (!TryGuid(query.OrganizationId, "organizationId", out var organization, out var problem)
            || !TryGuid(query.OwnerOrganizationId, "ownerOrganizationId", out var owner, out problem)
            || !TryGuid(query.DatasetId, "datasetId", out var dataset, out problem)
            || !TryGuid(query.UserId, "userId", out var user, out problem)
            || !TryTime(query.From, "from", out var from, out problem)
            || !TryTime(query.To, "to", out var to, out problem))
        {
            return problem!;
        }

        if (query.Action is not null && !Chain.AuditEntries.IsActionName(query.Action))
        {
            return Problems.Validation("action", "must be an action name such as rows.read");
        }

        AuditOutcome? outcome = query.Outcome switch
        {
            null or "" => null,
            "ok" => AuditOutcome.Ok,
            "denied" => AuditOutcome.Denied,
            "error" => AuditOutcome.Error,
            _ => (AuditOutcome)(-1),
        };
        if (outcome == (AuditOutcome)(-1))
        {
            return Problems.Validation("outcome", "must be ok, denied or error");
        }

        long? before = null;
        try
        {
            if (Cursor.Decode(query.Cursor, SortName) is { } cursor)
            {
                before = long.Parse(cursor.Value, CultureInfo.InvariantCulture);
            }
        }
        catch (FormatException e)
        {
            return Problems.Validation("cursor", e.Message);
        }

        var limit = query.Limit ?? Paging.DefaultLimit;
        var filter = new AuditFilter(organization, owner, dataset, user, query.Action, outcome, from, to);
        var page = await PageAsync(db, filter, caller.IsBureau ? null : adminOf, before, limit + 1, http.RequestAborted);
        var next = page.Count > limit
            ? new Cursor(SortName, page[limit - 1].Sequence.ToString(CultureInfo.InvariantCulture), "").Encode()
            : null;
        return TypedResults.Ok(new AuditPage(page.Take(limit).Select(ToDto).ToList(), next));
    }

    internal static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> Verify(
        AuditVerifier verifier, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (!caller.IsBureau)
        {
            return Problems.Forbidden("only the bureau may verify the audit log");
        }

        return TypedResults.Ok(await verifier.VerifyAsync(cancellationToken: http.RequestAborted));
    }

    /// <summary>What a search asks for; a null is no condition.</summary>
    internal sealed record AuditFilter(
        Guid? Organization = null,
        Guid? Owner = null,
        Guid? Dataset = null,
        Guid? User = null,
        string? Action = null,
        AuditOutcome? Outcome = null,
        DateTime? From = null,
        DateTime? To = null);

    /// <summary>
    /// Up to <paramref name="take"/> records matching <paramref name="filter"/>, newest first, before the sequence
    /// <paramref name="before"/> when given; only those about or by <paramref name="visibleTo"/>'s organizations unless
    /// it is null (the bureau).
    /// </summary>
    internal static async Task<List<AuditRecord>> PageAsync(AuditDbContext db, AuditFilter filter,
        IReadOnlyList<Guid>? visibleTo, long? before, int take, CancellationToken cancellationToken)
    {
        var records = db.Records.AsNoTracking();
        if (filter.Organization is { } o)
        {
            records = records.Where(r => r.OrganizationId == o);
        }

        if (filter.Owner is { } ow)
        {
            records = records.Where(r => r.OwnerOrganizationId == ow);
        }

        if (filter.Dataset is { } d)
        {
            records = records.Where(r => r.DatasetId == d);
        }

        if (filter.User is { } u)
        {
            records = records.Where(r => r.UserId == u);
        }

        if (filter.Action is { } action)
        {
            records = records.Where(r => r.Action == action);
        }

        if (filter.Outcome is { } oc)
        {
            records = records.Where(r => r.Outcome == oc);
        }

        if (filter.From is { } f)
        {
            records = records.Where(r => r.Time >= f);
        }

        if (filter.To is { } t)
        {
            records = records.Where(r => r.Time < t);
        }

        if (before is { } b)
        {
            records = records.Where(r => r.Sequence < b);
        }

        if (visibleTo is null)
        {
            return await records.OrderByDescending(r => r.Sequence).Take(take).ToListAsync(cancellationToken);
        }

        // With a dataset, user or organization of its own the search starts from that index, and the visibility is a
        // filter on the few records found; without one, the organizations' own indexes are the narrowest start.
        return filter is { Dataset: null, User: null, Organization: null, Owner: null }
            ? await NewestVisibleAsync(records, visibleTo, take, cancellationToken)
            : await records.Where(VisibleTo(visibleTo)).OrderByDescending(r => r.Sequence).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Records about datasets the organizations own, or made by their users. Built as plain equalities: a handful of
    /// organizations at most, and no collection parameter whose GUID text could differ from the stored form.
    /// </summary>
    private static Expression<Func<AuditRecord, bool>> VisibleTo(IReadOnlyList<Guid> organizations)
    {
        var record = Expression.Parameter(typeof(AuditRecord), "r");
        Expression? any = null;
        foreach (var organization in organizations)
        {
            var value = Expression.Convert(
                Expression.Property(Expression.Constant(new OrganizationHolder(organization)), nameof(OrganizationHolder.Value)),
                typeof(Guid?));
            var owner = Expression.Equal(Expression.Property(record, nameof(AuditRecord.OwnerOrganizationId)), value);
            var acting = Expression.Equal(Expression.Property(record, nameof(AuditRecord.OrganizationId)), value);
            var either = Expression.OrElse(owner, acting);
            any = any is null ? either : Expression.OrElse(any, either);
        }

        return Expression.Lambda<Func<AuditRecord, bool>>(any!, record);
    }

    // A closure-like holder, so EF Core sends each organization as a parameter instead of a literal.
    private sealed record OrganizationHolder(Guid Value);

    /// <summary>
    /// The newest records about datasets the organizations own, or made by their users: the newest of each index's
    /// own newest-first scan (owner, then acting organization, per organization), merged. One query with
    /// <c>owner = X OR organization = X</c> made SQLite collect and sort every record of the organization before the
    /// first page (about a second at 1,000,000 records); each scan here stops after <paramref name="count"/>.
    /// </summary>
    private static async Task<List<AuditRecord>> NewestVisibleAsync(
        IQueryable<AuditRecord> records, IReadOnlyList<Guid> organizations, int count, CancellationToken cancellationToken)
    {
        var found = new List<AuditRecord>();
        foreach (var organization in organizations)
        {
            Guid? id = organization;
            found.AddRange(await records.Where(r => r.OwnerOrganizationId == id)
                .OrderByDescending(r => r.Sequence).Take(count).ToListAsync(cancellationToken));
            found.AddRange(await records.Where(r => r.OrganizationId == id)
                .OrderByDescending(r => r.Sequence).Take(count).ToListAsync(cancellationToken));
        }

        return found.DistinctBy(r => r.Sequence).OrderByDescending(r => r.Sequence).Take(count).ToList();
    }

    private static AuditRecordDto ToDto(AuditRecord r) => new(
        r.Sequence, r.Time, r.Action, Chain.AuditCanonical.OutcomeName(r.Outcome), r.StatusCode, r.UserId, r.OrganizationId,
        r.TokenId, r.DatasetId, r.OwnerOrganizationId, r.DistributionId, r.GrantId, r.Purpose, r.Columns, r.RowCount,
        r.Bytes, r.ClientAddress, r.RequestId, ParseDetails(r.Details), Convert.ToHexStringLower(r.PreviousHash),
        Convert.ToHexStringLower(r.Hash));

    private static JsonElement? ParseDetails(string? details)
    {
        if (details is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(details);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(details);
        }
    }

    private static bool TryGuid(string? text, string field, out Guid? value, out ProblemHttpResult? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (Guid.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = Problems.Validation(field, "must be a UUID");
        return false;
    }

    private static bool TryTime(string? text, string field, out DateTime? value, out ProblemHttpResult? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed.UtcDateTime;
            return true;
        }

        problem = Problems.Validation(field, "must be an ISO 8601 time such as 2026-01-31T08:00:00Z");
        return false;
    }
}
