using System.Globalization;
using System.Text;
using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Api;
using Agora.Sharing.Gateway;
using Agora.Sharing.Net;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Agora.Web.Localization;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Console;

/// <summary>
/// The API service of a distribution of kind api, for the owner's editors: what is registered, register or update it,
/// remove it after a confirmation. The API's handlers do the work, so the upstream address checks (no private,
/// loopback or link-local upstream), the OpenAPI and endpoint rules and the gateway's refresh are the API's.
/// </summary>
[RequestSizeLimit(MaxOpenApiBytes + FormOverhead)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxOpenApiBytes + FormOverhead, ValueLengthLimit = MaxOpenApiBytes)]
internal sealed class ServiceModel(CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, NetworkGuard guard, GatewayDirectory directory,
    WorkingCalendar calendar, TimeProvider time) : PageModel
{
    /// <summary>The API takes 1,000,000 characters of description; in UTF-8 that may be up to 4 bytes each.</summary>
    private const int MaxOpenApiBytes = 4_000_000;

    /// <summary>Room for the form's other fields, and the pasted description beside an uploaded one.</summary>
    private const int FormOverhead = 4_200_000;

    public Dataset Dataset { get; private set; } = null!;
    public Distribution Distribution { get; private set; } = null!;
    public ApiServiceDto? Service { get; private set; }
    public FormErrors Errors { get; } = new();
    public ServiceForm Form { get; private set; } = new();
    public bool Saved { get; private set; }
    public bool Removed { get; private set; }
    public bool ConfirmRemove { get; private set; }
    public WorkingCalendar Calendar => calendar;

    public async Task<IActionResult> OnGetAsync(string identifier, Guid distributionId, string? done, bool remove)
    {
        if (await LoadAsync(identifier, distributionId) is { } refused)
        {
            return refused;
        }

        (Saved, Removed) = (done == "saved", done == "removed");
        ConfirmRemove = remove && Service is not null;
        Form = await ServiceForm.FromAsync(Service, db, distributionId, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string identifier, Guid distributionId, [FromForm] ServiceForm form, IFormFile? openApiFile)
    {
        if (await LoadAsync(identifier, distributionId) is { } refused)
        {
            return refused;
        }

        Form = form;
        var rate = form.ReadRate(Errors);
        var openApi = form.OpenApi;
        if (openApiFile is { Length: > 0 })
        {
            if (openApiFile.Length > MaxOpenApiBytes)
            {
                Errors.Add("openApi", "must have at most 1,000,000 characters");
            }
            else
            {
                try
                {
                    using var reader = new StreamReader(openApiFile.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
                    openApi = Form.OpenApi = await reader.ReadToEndAsync(HttpContext.RequestAborted);
                }
                catch (DecoderFallbackException)
                {
                    Errors.Add("openApi", Texts.Get("service.file-unreadable"));
                }
            }
        }

        if (!Errors.Any)
        {
            var input = new ApiServiceInput(form.Slug, form.UpstreamUrl, openApi, form.EndpointList(), rate);
            var result = await ServicesApi.Put(distributionId, input, catalog, db, callers, guard, directory, time, HttpContext);
            switch (result.Result)
            {
                case Ok<ApiServiceDto> or Created<ApiServiceDto>:
                    return Redirect(SelfPath() + "?done=saved");
                case ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden }:
                    return Forbid();
                case ProblemHttpResult problem:
                    // The API names an endpoint by its index; the form shows endpoints as lines.
                    Errors.Add(problem, (field, message) => field.StartsWith("endpoints[", StringComparison.Ordinal)
                        && int.TryParse(field.AsSpan(10, field.Length - 11), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                            ? ("endpoints", Texts.Format("service.endpoints.line", form.EndpointLine(index), message))
                            : (field, message));
                    break;
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string identifier, Guid distributionId)
    {
        if (await LoadAsync(identifier, distributionId) is { } refused)
        {
            return refused;
        }

        var result = await ServicesApi.Delete(distributionId, catalog, db, callers, directory, HttpContext);
        return result.Result switch
        {
            NoContent => Redirect(SelfPath() + "?done=removed"),
            ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden } => Forbid(),
            _ => NotFound(),
        };
    }

    public string SelfPath() => $"/console/datasets/{Uri.EscapeDataString(Dataset.Identifier)}/services/{Distribution.Id}";

    private async Task<IActionResult?> LoadAsync(string identifier, Guid distributionId)
    {
        var (dataset, refusal) = await EditableDataset.FindAsync(this, catalog, callers, identifier);
        if (dataset is null)
        {
            return refusal;
        }

        var ct = HttpContext.RequestAborted;
        var distribution = await catalog.Distributions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == distributionId && d.DatasetId == dataset.Id, ct);
        if (distribution is not { Kind: DistributionKind.Api })
        {
            return NotFound();
        }

        (Dataset, Distribution) = (dataset, distribution);
        var current = await ServicesApi.Get(distributionId, catalog, db, callers, HttpContext);
        Service = current.Result is Ok<ApiServiceDto> ok ? ok.Value : null;
        return null;
    }
}

/// <summary>The registration form: endpoints as "METHOD /path" lines, the rate as typed.</summary>
public sealed class ServiceForm
{
    public string? Slug { get; set; }
    public string? UpstreamUrl { get; set; }
    public string? OpenApi { get; set; }
    public string? Endpoints { get; set; }
    public string? RatePerSecond { get; set; }

    internal static async Task<ServiceForm> FromAsync(ApiServiceDto? service, SharingDbContext db, Guid distributionId, CancellationToken ct) =>
        service is null
            ? new ServiceForm()
            : new ServiceForm
            {
                Slug = service.Slug,
                UpstreamUrl = service.UpstreamUrl,
                // The form posts the whole registration, so it carries the description already registered.
                OpenApi = service.HasOpenApi
                    ? await db.ApiServices.AsNoTracking().Where(s => s.DistributionId == distributionId).Select(s => s.OpenApi).FirstOrDefaultAsync(ct)
                    : null,
                Endpoints = string.Join("\n", service.Endpoints.Select(e => $"{e.Method} {e.Path}")),
                RatePerSecond = service.RatePerSecond?.ToString(CultureInfo.InvariantCulture),
            };

    private IEnumerable<(string Line, int Number)> Lines() =>
        (Endpoints ?? "").Split('\n').Select((line, i) => (line.Trim(), i + 1)).Where(l => l.Item1.Length > 0);

    internal List<EndpointDto> EndpointList() =>
        [.. Lines().Select(l => l.Line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(parts => parts.Length == 2 ? new EndpointDto(parts[0], parts[1]) : new EndpointDto(null, parts[0]))];

    /// <summary>The line number in the text box of the endpoint the API lists at <paramref name="index"/>.</summary>
    internal int EndpointLine(int index) => Lines().ElementAtOrDefault(index).Number;

    internal int? ReadRate(FormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(RatePerSecond))
        {
            return null;
        }

        if (int.TryParse(RatePerSecond.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var rate))
        {
            return rate;
        }

        errors.Add("ratePerSecond", Texts.Get("form.whole-number"));
        return null;
    }
}
