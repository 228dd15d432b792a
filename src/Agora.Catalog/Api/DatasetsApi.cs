using System.Linq.Expressions;
using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Privacy;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

// string.Compare in these queries is translated to SQL comparisons by EF Core; it never runs in .NET.
#pragma warning disable CA1309

namespace Agora.Catalog.Api;

public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/datasets").WithTags("Datasets");
        group.MapGet("/", List).WithName("ListDatasets").WithSummary("Lists the datasets the caller may see.");
        group.MapGet("/{id}", Get).WithName("GetDataset").WithSummary("Gets a dataset by id or identifier.");
        group.MapPost("/", Create).WithName("CreateDataset").WithSummary("Registers a dataset in an organization's catalog.");
        group.MapPut("/{id}", Update).WithName("UpdateDataset").WithSummary("Replaces a dataset's metadata.");
        group.MapDelete("/{id}", Delete).WithName("DeleteDataset").WithSummary("Removes a dataset and its distributions.");
        group.MapGet("/{id}/activity", Activity).WithName("ListDatasetActivity").WithSummary("The dataset's change history, newest first.");
        return group;
    }

    public sealed record ListQuery
    {
        public Guid? OrganizationId { get; init; }

        public string? Theme { get; init; }

        public string? Sharing { get; init; }

        public string? Opening { get; init; }

        public string? SecurityGrade { get; init; }

        public string? License { get; init; }

        public string? Q { get; init; }

        public string? Sort { get; init; }

        public int? Limit { get; init; }

        public string? Cursor { get; init; }

        public int? Offset { get; init; }
    }

    internal static async Task<Results<Ok<Page<DatasetDto>>, ProblemHttpResult>> List(
        [AsParameters] ListQuery query, CatalogDbContext db, CallerAccessor callers, DatasetCountCache counts, HttpContext http)
    {
        if (Paging.CheckLimit(query.Limit) is { } limitProblem)
        {
            return Problems.Validation("limit", limitProblem);
        }

        var sort = query.Sort ?? "-modified";
        if (sort is not ("-modified" or "modified" or "title" or "identifier"))
        {
            return Problems.Validation("sort", "must be one of -modified, modified, title, identifier");
        }

        Cursor? cursor;
        try
        {
            cursor = Cursor.Decode(query.Cursor, sort);
        }
        catch (FormatException e)
        {
            return Problems.Validation("cursor", e.Message);
        }

        if (!QueryEnums.TryParse<SharingAttribute>(query.Sharing, "sharing", out var sharingFilter, out var problem)
            || !QueryEnums.TryParse<OpeningAttribute>(query.Opening, "opening", out var openingFilter, out problem)
            || !QueryEnums.TryParse<SecurityGrade>(query.SecurityGrade, "securityGrade", out var gradeFilter, out problem))
        {
            return problem!;
        }

        var caller = await callers.GetAsync(http);
        var datasets = db.Datasets.AsNoTracking().VisibleTo(caller);
        if (query.OrganizationId is { } org)
        {
            datasets = datasets.Where(d => d.OrganizationId == org);
        }

        if (!string.IsNullOrEmpty(query.Theme))
        {
            datasets = datasets.Where(d => d.Themes.Contains(query.Theme));
        }

        if (sharingFilter is { } sharing)
        {
            datasets = datasets.Where(d => d.Sharing == sharing);
        }

        if (openingFilter is { } opening)
        {
            datasets = datasets.Where(d => d.Opening == opening);
        }

        if (gradeFilter is { } grade)
        {
            datasets = datasets.Where(d => d.SecurityGrade == grade);
        }

        if (!string.IsNullOrEmpty(query.License))
        {
            datasets = datasets.Where(d => d.License == query.License);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            datasets = datasets.Where(d => d.TitleZh.Contains(q) || (d.TitleEn != null && d.TitleEn.Contains(q)) || d.Identifier.Contains(q));
        }

        var total = await counts.GetOrCountAsync(caller, query, () => datasets.CountAsync(http.RequestAborted));
        var limit = query.Limit ?? Paging.DefaultLimit;
        var page = KeysetPage(datasets, sort, cursor, cursor is null ? query.Offset ?? 0 : 0, limit + 1);
        var items = await page.Select(Mapping.DatasetProjection).ToListAsync(http.RequestAborted);
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            var last = items[^1];
            next = new Cursor(sort, sort switch
            {
                "title" => last.Title.Zh ?? "",
                "identifier" => last.Identifier,
                _ => last.Modified.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, last.Identifier).Encode();
        }

        return TypedResults.Ok(new Page<DatasetDto>(items, total, next));
    }

    /// <summary>The page of <paramref name="take"/> datasets after the cursor (or, without one, after
    /// <paramref name="offset"/> datasets) in the sort order.</summary>
    private static IQueryable<Dataset> KeysetPage(IQueryable<Dataset> datasets, string sort, Cursor? cursor, int offset, int take)
    {
        Func<IQueryable<Dataset>, IOrderedQueryable<Dataset>> order = sort switch
        {
            "title" => q => q.OrderBy(d => d.TitleZh).ThenBy(d => d.Identifier),
            "identifier" => q => q.OrderBy(d => d.Identifier),
            "modified" => q => q.OrderBy(d => d.Modified).ThenBy(d => d.Identifier),
            _ => q => q.OrderByDescending(d => d.Modified).ThenByDescending(d => d.Identifier),
        };
        if (cursor is null)
        {
            var ordered = order(datasets);
            return (offset > 0 ? ordered.Skip(offset) : ordered).Take(take);
        }

        switch (sort)
        {
            case "title":
                return After(datasets, d => d.TitleZh == cursor.Value && string.Compare(d.Identifier, cursor.Key) > 0,
                    d => string.Compare(d.TitleZh, cursor.Value) > 0, order, take);
            case "identifier":
                // The identifier is unique: its cursor is a single range already.
                return order(datasets.Where(d => string.Compare(d.Identifier, cursor.Key) > 0)).Take(take);
            case "modified":
                var after = CursorInstant(cursor);
                return After(datasets, d => d.Modified == after && string.Compare(d.Identifier, cursor.Key) > 0,
                    d => d.Modified > after, order, take);
            default:
                var before = CursorInstant(cursor);
                return After(datasets, d => d.Modified == before && string.Compare(d.Identifier, cursor.Key) < 0,
                    d => d.Modified < before, order, take);
        }
    }

    /// <summary>
    /// The rows after a keyset position (a sort value and the identifier that breaks its ties) as two range reads, the
    /// rows tied with the position and past it on the identifier and the rows past its sort value, each cut to a page,
    /// then merged. Written as one condition, <c>value &gt; v OR (value = v AND identifier &gt; k)</c>, it is no index
    /// range on either store: they walk every row tied on v from its start, and datasets imported together share one
    /// modified instant, so with 100,000 imported a page in the middle of the list read 50,000 rows to keep 51.
    /// </summary>
    private static IQueryable<Dataset> After(IQueryable<Dataset> datasets, Expression<Func<Dataset, bool>> tied,
        Expression<Func<Dataset, bool>> beyond, Func<IQueryable<Dataset>, IOrderedQueryable<Dataset>> order, int take) =>
        order(order(datasets.Where(tied)).Take(take).Concat(order(datasets.Where(beyond)).Take(take))).Take(take);

    private static DateTime CursorInstant(Cursor cursor) =>
        new(long.Parse(cursor.Value, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    internal static async Task<Results<Ok<DatasetDto>, ProblemHttpResult>> Get(
        string id, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var dataset = await FindAsync(db, id, http.RequestAborted);
        if (dataset is null || !(await callers.GetAsync(http)).CanSee(dataset))
        {
            return Problems.NotFound($"dataset '{id}'");
        }

        return TypedResults.Ok(dataset.ToDto());
    }

    internal static async Task<Results<Created<DatasetDto>, ProblemHttpResult>> Create(
        DatasetInput input, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, IPublishGate gate, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var dataset = new Dataset { Id = Guid.CreateVersion7(), Identifier = "", TitleZh = "", License = "", Created = now, Modified = now };
        if (Validate(input, dataset) is { } invalid)
        {
            return invalid;
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == dataset.OrganizationId, http.RequestAborted))
        {
            return Problems.Validation("organizationId", $"organization {dataset.OrganizationId} does not exist");
        }

        if (!caller.CanEditIn(dataset.OrganizationId))
        {
            return Problems.Forbidden("only editors and admins of the organization may register its datasets"
                + (caller.CanWrite ? "" : ", with a token of scope write or admin"));
        }

        if (await db.Datasets.AnyAsync(d => d.Identifier == dataset.Identifier, http.RequestAborted))
        {
            return Problems.Conflict("identifier", $"a dataset with identifier '{dataset.Identifier}' already exists");
        }

        if (await CheckGateAsync(gate, dataset, isNew: true, http.RequestAborted) is { } refused)
        {
            return refused;
        }

        db.Datasets.Add(dataset);
        db.Activities.Add(NewActivity(dataset.Id, caller, now, "created", ActivityDiff.Between(null, dataset.ToDto(), CatalogJson.Options)));
        if (await SaveUniqueAsync(db, http.RequestAborted) is { } conflict)
        {
            return Problems.Conflict("identifier", conflict);
        }

        await events.DatasetChangedAsync(dataset.Id, http.RequestAborted);
        return TypedResults.Created($"/api/v1/datasets/{dataset.Id}", dataset.ToDto());
    }

    internal static async Task<Results<Ok<DatasetDto>, ProblemHttpResult>> Update(
        string id, DatasetInput input, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, IPublishGate gate, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var dataset = await FindAsync(db, id, http.RequestAborted, tracked: true);
        if (dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"dataset '{id}'");
        }

        if (!caller.CanEdit(dataset))
        {
            return Problems.Forbidden("only editors and admins of the owner organization may change this dataset");
        }

        var before = dataset.ToDto();
        var owner = dataset.OrganizationId;
        if (Validate(input with { OrganizationId = input.OrganizationId ?? owner }, dataset) is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }

        if (dataset.OrganizationId != owner)
        {
            db.ChangeTracker.Clear();
            return Problems.Validation("organizationId", "a dataset cannot move to another organization; register it there instead");
        }

        if (dataset.Identifier != before.Identifier
            && await db.Datasets.AnyAsync(d => d.Identifier == dataset.Identifier && d.Id != dataset.Id, http.RequestAborted))
        {
            db.ChangeTracker.Clear();
            return Problems.Conflict("identifier", $"a dataset with identifier '{dataset.Identifier}' already exists");
        }

        var changes = ActivityDiff.Between(before, dataset.ToDto(), CatalogJson.Options);

        // Becoming open, or changing the schema of an open dataset (a field newly tagged as a direct identifier), is
        // what the gate judges; editing a description of a dataset that already passed is not.
        if (dataset.Opening == OpeningAttribute.Open
            && (before.Opening != OpeningAttribute.Open || changes.Any(c => c.Field.StartsWith("fields", StringComparison.Ordinal)))
            && await CheckGateAsync(gate, dataset, isNew: false, http.RequestAborted) is { } refused)
        {
            db.ChangeTracker.Clear();
            return refused;
        }

        if (changes.Count > 0)
        {
            dataset.Modified = time.GetUtcNow().UtcDateTime;
            db.Activities.Add(NewActivity(dataset.Id, caller, dataset.Modified, "updated", changes));
            if (await SaveUniqueAsync(db, http.RequestAborted) is { } conflict)
            {
                return Problems.Conflict("identifier", conflict);
            }

            await events.DatasetChangedAsync(dataset.Id, http.RequestAborted);
        }

        return TypedResults.Ok(dataset.ToDto());
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var dataset = await FindAsync(db, id, http.RequestAborted, tracked: true);
        if (dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"dataset '{id}'");
        }

        if (!caller.CanEdit(dataset))
        {
            return Problems.Forbidden("only editors and admins of the owner organization may remove this dataset");
        }

        db.Activities.Add(NewActivity(dataset.Id, caller, time.GetUtcNow().UtcDateTime, "deleted",
            ActivityDiff.Between(dataset.ToDto(), null, CatalogJson.Options)));
        db.Datasets.Remove(dataset);
        await db.SaveChangesAsync(http.RequestAborted);
        await events.DatasetDeletedAsync(dataset.Id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<Page<ActivityDto>>, ProblemHttpResult>> Activity(
        string id, int? limit, int? offset, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        if (Paging.CheckLimit(limit) is { } limitProblem)
        {
            return Problems.Validation("limit", limitProblem);
        }

        var dataset = await FindAsync(db, id, http.RequestAborted);
        if (dataset is null || !(await callers.GetAsync(http)).CanSee(dataset))
        {
            return Problems.NotFound($"dataset '{id}'");
        }

        var activities = db.Activities.AsNoTracking().Where(a => a.DatasetId == dataset.Id);
        var total = await activities.CountAsync(http.RequestAborted);
        var take = limit ?? Paging.DefaultLimit;
        var skip = Math.Max(0, offset ?? 0);
        var items = await activities.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(skip).Take(take).ToListAsync(http.RequestAborted);
        var next = skip + items.Count < total ? $"/api/v1/datasets/{dataset.Id}/activity?offset={skip + items.Count}&limit={take}" : null;
        return TypedResults.Ok(new Page<ActivityDto>(items.Select(a => a.ToDto()).ToList(), total, next));
    }

    /// <summary>Finds a dataset by its id or its identifier.</summary>
    public static Task<Dataset?> FindAsync(CatalogDbContext db, string id, CancellationToken cancellationToken, bool tracked = false)
    {
        var datasets = tracked ? db.Datasets : db.Datasets.AsNoTracking();
        return Guid.TryParse(id, out var guid)
            ? datasets.FirstOrDefaultAsync(d => d.Id == guid, cancellationToken)
            : datasets.FirstOrDefaultAsync(d => d.Identifier == id, cancellationToken);
    }

    internal static DatasetActivity NewActivity(Guid datasetId, Caller caller, DateTime at, string action, List<FieldChange> changes) => new()
    {
        Id = Guid.CreateVersion7(),
        DatasetId = datasetId,
        At = at,
        ActorUserId = caller.UserId,
        ActorName = caller.Email,
        Action = action,
        Changes = changes,
    };

    private static async Task<ProblemHttpResult?> CheckGateAsync(IPublishGate gate, Dataset dataset, bool isNew, CancellationToken cancellationToken)
    {
        if (dataset.Opening != OpeningAttribute.Open)
        {
            return null;
        }

        var result = await gate.CheckAsync(dataset, isNew, cancellationToken);
        return result.Passed ? null : Problems.PrivacyGate(result.Detail, result.Column);
    }

    private static ProblemHttpResult? Validate(DatasetInput input, Dataset dataset)
    {
        var errors = InputValidation.Apply(input, dataset);
        if (!errors.Any)
        {
            return null;
        }

        if (InputValidation.IsRuleViolation(errors, input))
        {
            var rule = errors.ToDictionary().Single();
            return Problems.AttributeRule(rule.Key, rule.Value[0]);
        }

        return Problems.Validation(errors.ToDictionary());
    }

    /// <summary>Saves, turning a unique-index race into a conflict instead of a 500.</summary>
    internal static async Task<string?> SaveUniqueAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (e.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true
            || e.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true)
        {
            db.ChangeTracker.Clear();
            return "another record with the same unique value was written at the same time";
        }
    }
}
