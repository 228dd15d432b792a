using System.Text.RegularExpressions;
using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Api;

public static partial class DistributionsApi
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.+-]{0,39}$")]
    private static partial Regex FormatPattern();

    public static void MapDistributionsApi(this IEndpointRouteBuilder routes)
    {
        var nested = routes.MapGroup("/api/v1/datasets/{datasetId}/distributions").WithTags("Distributions");
        nested.MapGet("/", List).WithName("ListDistributions").WithSummary("Lists a dataset's distributions.");
        nested.MapPost("/", Create).WithName("CreateDistribution").WithSummary("Adds a distribution (file, table or API service) to a dataset.");

        var group = routes.MapGroup("/api/v1/distributions").WithTags("Distributions");
        group.MapGet("/{id:guid}", Get).WithName("GetDistribution").WithSummary("Gets a distribution.");
        group.MapPut("/{id:guid}", Update).WithName("UpdateDistribution").WithSummary("Replaces a distribution's metadata.");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteDistribution").WithSummary("Removes a distribution.");
    }

    internal static async Task<Results<Ok<Page<DistributionDto>>, ProblemHttpResult>> List(
        string datasetId, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var dataset = await DatasetsApi.FindAsync(db, datasetId, http.RequestAborted);
        if (dataset is null || !(await callers.GetAsync(http)).CanSee(dataset))
        {
            return Problems.NotFound($"dataset '{datasetId}'");
        }

        var items = await db.Distributions.AsNoTracking().Where(d => d.DatasetId == dataset.Id)
            .OrderBy(d => d.Created).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new Page<DistributionDto>(items.Select(d => d.ToDto()).ToList(), items.Count, null));
    }

    internal static async Task<Results<Ok<DistributionDto>, ProblemHttpResult>> Get(
        Guid id, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var (distribution, dataset) = await FindAsync(db, id, http.RequestAborted);
        if (distribution is null || dataset is null || !(await callers.GetAsync(http)).CanSee(dataset))
        {
            return Problems.NotFound($"distribution {id}");
        }

        return TypedResults.Ok(distribution.ToDto());
    }

    internal static async Task<Results<Created<DistributionDto>, ProblemHttpResult>> Create(
        string datasetId, DistributionInput input, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var dataset = await DatasetsApi.FindAsync(db, datasetId, http.RequestAborted);
        if (dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"dataset '{datasetId}'");
        }

        if (!caller.CanEdit(dataset))
        {
            return Problems.Forbidden("only editors and admins of the owner organization may add distributions");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var distribution = new Distribution { Id = Guid.CreateVersion7(), DatasetId = dataset.Id, TitleZh = "", Format = "", Created = now, Modified = now };
        var errors = Apply(input, distribution);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        db.Distributions.Add(distribution);
        db.Activities.Add(DatasetsApi.NewActivity(dataset.Id, caller, now, "distribution.created",
            ActivityDiff.Between(null, distribution.ToDto(), CatalogJson.Options).Select(c => c with { Field = $"distributions[{distribution.Id}].{c.Field}" }).ToList()));
        await TouchAsync(db, dataset.Id, now, http.RequestAborted);
        await db.SaveChangesAsync(http.RequestAborted);
        await events.DatasetChangedAsync(dataset.Id, http.RequestAborted);
        return TypedResults.Created($"/api/v1/distributions/{distribution.Id}", distribution.ToDto());
    }

    internal static async Task<Results<Ok<DistributionDto>, ProblemHttpResult>> Update(
        Guid id, DistributionInput input, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var (distribution, dataset) = await FindAsync(db, id, http.RequestAborted, tracked: true);
        if (distribution is null || dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"distribution {id}");
        }

        if (!caller.CanEdit(dataset))
        {
            return Problems.Forbidden("only editors and admins of the owner organization may change distributions");
        }

        var before = distribution.ToDto();
        var errors = Apply(input, distribution);
        if (errors.Any)
        {
            db.ChangeTracker.Clear();
            return Problems.Validation(errors.ToDictionary());
        }

        var changes = ActivityDiff.Between(before, distribution.ToDto(), CatalogJson.Options);
        if (changes.Count > 0)
        {
            var now = time.GetUtcNow().UtcDateTime;
            distribution.Modified = now;
            db.Activities.Add(DatasetsApi.NewActivity(dataset.Id, caller, now, "distribution.updated",
                changes.Select(c => c with { Field = $"distributions[{distribution.Id}].{c.Field}" }).ToList()));
            await TouchAsync(db, dataset.Id, now, http.RequestAborted);
            await db.SaveChangesAsync(http.RequestAborted);
            await events.DatasetChangedAsync(dataset.Id, http.RequestAborted);
        }

        return TypedResults.Ok(distribution.ToDto());
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var (distribution, dataset) = await FindAsync(db, id, http.RequestAborted, tracked: true);
        if (distribution is null || dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"distribution {id}");
        }

        if (!caller.CanEdit(dataset))
        {
            return Problems.Forbidden("only editors and admins of the owner organization may remove distributions");
        }

        var now = time.GetUtcNow().UtcDateTime;
        db.Activities.Add(DatasetsApi.NewActivity(dataset.Id, caller, now, "distribution.deleted",
            ActivityDiff.Between(distribution.ToDto(), null, CatalogJson.Options).Select(c => c with { Field = $"distributions[{distribution.Id}].{c.Field}" }).ToList()));
        db.Distributions.Remove(distribution);
        await TouchAsync(db, dataset.Id, now, http.RequestAborted);
        await db.SaveChangesAsync(http.RequestAborted);
        await events.DatasetChangedAsync(dataset.Id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<(Distribution? Distribution, Dataset? Dataset)> FindAsync(CatalogDbContext db, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var distributions = tracked ? db.Distributions : db.Distributions.AsNoTracking();
        var distribution = await distributions.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (distribution is null)
        {
            return (null, null);
        }

        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == distribution.DatasetId, cancellationToken);
        return (distribution, dataset);
    }

    private static async Task TouchAsync(CatalogDbContext db, Guid datasetId, DateTime now, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.FirstAsync(d => d.Id == datasetId, cancellationToken);
        dataset.Modified = now;
    }

    internal static Errors Apply(DistributionInput input, Distribution target)
    {
        var errors = new Errors();
        var titleZh = errors.Line("title.zh", input.Title?.Zh, 300, true);
        var titleEn = errors.Line("title.en", input.Title?.En, 500, false);
        if (input.Kind is null)
        {
            errors.Add("kind", "is required (file, table or api)");
        }

        var format = errors.Line("format", input.Format, 40, true);
        if (format is not null && !FormatPattern().IsMatch(format))
        {
            errors.Add("format", "must be a short format name such as CSV, XLSX, JSON or API");
        }

        var mediaType = errors.Line("mediaType", input.MediaType, 100, false);
        if (mediaType is not null && !System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(mediaType, out _))
        {
            errors.Add("mediaType", "is not a media type");
        }

        if (input.ByteSize is < 0)
        {
            errors.Add("byteSize", "must not be negative");
        }

        var sha = input.Sha256?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(sha) && !Sha256Pattern().IsMatch(sha))
        {
            errors.Add("sha256", "must be 64 hexadecimal characters");
        }

        var accessUrl = errors.Url("accessUrl", input.AccessUrl);
        var downloadUrl = errors.Url("downloadUrl", input.DownloadUrl);
        if (errors.Any)
        {
            return errors;
        }

        target.TitleZh = titleZh!;
        target.TitleEn = titleEn;
        target.Kind = input.Kind!.Value;
        target.Format = format!.ToUpperInvariant();
        target.MediaType = mediaType;
        target.ByteSize = input.ByteSize;
        target.Sha256 = string.IsNullOrEmpty(sha) ? null : sha;
        target.AccessUrl = accessUrl;
        target.DownloadUrl = downloadUrl;
        return errors;
    }
}
