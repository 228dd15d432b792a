using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Console;

/// <summary>A dataset's distributions: add one, upload a table's file, correct the types the ingest inferred.</summary>
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ResourcesModel(CatalogDbContext db, CallerAccessor callers, LoopbackApi api) : PageModel
{
    public const long MaxUploadBytes = 2L * 1024 * 1024 * 1024;

    public static readonly string[] ColumnTypes = ["text", "integer", "decimal", "boolean", "date", "dateTime", "yearMonth"];

    public Dataset Dataset { get; private set; } = null!;
    public IReadOnlyList<Distribution> Distributions { get; private set; } = [];
    public Dictionary<Guid, TablesAnswer> Schemas { get; } = [];
    public FormErrors Errors { get; } = new();

    [BindProperty]
    public ResourceForm Resource { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string identifier) =>
        await LoadAsync(identifier) ?? Page();

    public async Task<IActionResult> OnPostAddAsync(string identifier)
    {
        if (await LoadAsync(identifier) is { } refused)
        {
            return refused;
        }

        var answer = await api.SendJsonAsync(HttpContext, HttpMethod.Post, $"/api/v1/datasets/{Dataset.Id}/distributions",
            new DistributionInput(new LocalizedText(Resource.TitleZh, Resource.TitleEn), Resource.Kind, Resource.Format, null, null, null,
                Resource.AccessUrl, Resource.DownloadUrl));
        if (answer.Ok)
        {
            return Redirect($"/console/datasets/{Uri.EscapeDataString(Dataset.Identifier)}/resources");
        }

        Errors.Add(answer);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(string identifier, Guid distributionId, IFormFile? file, string? encoding)
    {
        if (await LoadAsync(identifier) is { } refused)
        {
            return refused;
        }

        if (file is null || file.Length == 0)
        {
            Errors.Add($"upload-{distributionId}", Localization.Texts.Get("console.upload.none"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await using var stream = file.OpenReadStream();
        var answer = await api.UploadAsync(HttpContext, distributionId, stream, file.FileName, encoding is "gb18030" or "utf-8" or "big5" ? encoding : null);
        return JobOrErrors(answer, $"upload-{distributionId}");
    }

    public async Task<IActionResult> OnPostSchemaAsync(string identifier, Guid distributionId, string[] name, string[] type)
    {
        if (await LoadAsync(identifier) is { } refused)
        {
            return refused;
        }

        var columns = name.Zip(type).Where(c => ColumnTypes.Contains(c.Second)).Select(c => (c.First, c.Second));
        var answer = await api.PutSchemaAsync(HttpContext, distributionId, columns);
        return JobOrErrors(answer, $"schema-{distributionId}");
    }

    private IActionResult JobOrErrors(TablesAnswer answer, string key)
    {
        if (answer.Ok && answer.Body.TryGetProperty("id", out var job))
        {
            return Redirect($"/console/jobs/{job.GetString()}?dataset={Uri.EscapeDataString(Dataset.Identifier)}");
        }

        Errors.Add(key, answer.Outcome == TablesOutcome.Unavailable ? Localization.Texts.Get("console.tables-unavailable") : answer.Detail ?? answer.Outcome.ToString());
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string identifier)
    {
        var (dataset, refusal) = await EditableDataset.FindAsync(this, db, callers, identifier);
        if (dataset is null)
        {
            return refusal;
        }

        Dataset = dataset;
        Distributions = await db.Distributions.AsNoTracking().Where(d => d.DatasetId == dataset.Id).OrderBy(d => d.Created).ToListAsync(HttpContext.RequestAborted);
        foreach (var table in Distributions.Where(d => d.Kind == DistributionKind.Table))
        {
            Schemas[table.Id] = await api.GetAsync(HttpContext, $"/api/v1/distributions/{table.Id}/schema");
        }

        return null;
    }

}

public sealed class ResourceForm
{
    public string? TitleZh { get; set; }
    public string? TitleEn { get; set; }
    public DistributionKind? Kind { get; set; } = DistributionKind.Table;
    public string? Format { get; set; } = "CSV";
    public string? DownloadUrl { get; set; }
    public string? AccessUrl { get; set; }
}
