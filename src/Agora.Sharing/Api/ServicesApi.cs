using System.Text.RegularExpressions;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Agora.Sharing.Gateway;
using Agora.Sharing.Model;
using Agora.Sharing.Net;
using Agora.Sharing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Api;

public static partial class ServicesApi
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex SlugPattern();

    public static void MapServicesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/distributions/{distributionId:guid}/service").WithTags("Gateway");
        group.MapGet("/", Get).WithName("GetApiService").WithSummary("The API service registered on a distribution of kind api, and its gateway path.");
        group.MapPut("/", Put).WithName("PutApiService")
            .WithSummary("Registers or replaces the API service of a distribution of kind api: upstream, OpenAPI description, endpoints.");
        group.MapDelete("/", Delete).WithName("DeleteApiService").WithSummary("Removes the API service; the gateway stops forwarding to it.");
        group.MapGet("/openapi", OpenApi).WithName("GetApiServiceOpenApi").WithSummary("The service's OpenAPI description as registered.");
    }

    internal static async Task<Results<Ok<ApiServiceDto>, ProblemHttpResult>> Get(Guid distributionId, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        var (distribution, dataset) = await DistributionsApi.FindAsync(catalog, distributionId, http.RequestAborted);
        if (distribution is null || dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"distribution {distributionId}");
        }

        var service = await db.ApiServices.AsNoTracking().FirstOrDefaultAsync(s => s.DistributionId == distributionId, http.RequestAborted);
        if (service is null)
        {
            return Problems.NotFound($"an API service on distribution {distributionId}");
        }

        return TypedResults.Ok(await ToDtoAsync(service, catalog, caller.CanEdit(dataset), http.RequestAborted));
    }

    internal static async Task<Results<Ok<ApiServiceDto>, Created<ApiServiceDto>, ProblemHttpResult>> Put(
        Guid distributionId, ApiServiceInput input, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, NetworkGuard guard,
        GatewayDirectory directory, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var (distribution, dataset) = await DistributionsApi.FindAsync(catalog, distributionId, http.RequestAborted);
        if (distribution is null || dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"distribution {distributionId}");
        }

        if (!caller.CanEdit(dataset))
        {
            return Problems.Forbidden("only editors and admins of the owner organization may register its API services");
        }

        if (distribution.Kind != DistributionKind.Api)
        {
            return Problems.Validation("kind", $"the distribution is of kind {distribution.Kind.ToString().ToLowerInvariant()}; only a distribution of kind api carries an API service");
        }

        var errors = new Errors();
        var slug = errors.Line("slug", input.Slug, 100, true);
        if (slug is not null && !SlugPattern().IsMatch(slug))
        {
            errors.Add("slug", "must be 1 to 100 lower-case letters, digits or hyphens, starting with a letter or digit");
        }

        var upstream = errors.Url("upstreamUrl", input.UpstreamUrl);
        if (upstream is null && !errors.Any)
        {
            errors.Add("upstreamUrl", "is required");
        }
        else if (upstream is not null && (upstream.Contains('?', StringComparison.Ordinal) || upstream.Contains('#', StringComparison.Ordinal)))
        {
            errors.Add("upstreamUrl", "must be a base URL without a query or fragment");
        }

        var openApi = input.OpenApi?.Trim();
        if (!string.IsNullOrEmpty(openApi) && CheckOpenApi(openApi) is { } openApiProblem)
        {
            errors.Add("openApi", openApiProblem);
        }

        var endpoints = new List<string>();
        foreach (var (endpoint, i) in (input.Endpoints ?? []).Select((e, i) => (e, i)))
        {
            var normalized = PathTemplate.Normalize(endpoint?.Method, endpoint?.Path, out var error);
            if (normalized is null)
            {
                errors.Add($"endpoints[{i}]", error!);
            }
            else if (!endpoints.Contains(normalized))
            {
                endpoints.Add(normalized);
            }
        }

        if (endpoints.Count > 500)
        {
            errors.Add("endpoints", "must list at most 500 endpoints");
        }

        if (input.RatePerSecond is < 1 or > 100_000)
        {
            errors.Add("ratePerSecond", "must be between 1 and 100000");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await guard.CheckUrlAsync(upstream!, http.RequestAborted) is { } refused)
        {
            return Problems.Validation("upstreamUrl", refused);
        }

        if (await db.ApiServices.AnyAsync(s => s.OrganizationId == dataset.OrganizationId && s.Slug == slug && s.DistributionId != distributionId, http.RequestAborted))
        {
            return Problems.Conflict("slug", $"the organization already has a service '{slug}'");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var service = await db.ApiServices.FirstOrDefaultAsync(s => s.DistributionId == distributionId, http.RequestAborted);
        var created = service is null;
        service ??= db.ApiServices.Add(new ApiService { Id = Guid.CreateVersion7(), Slug = slug!, UpstreamUrl = upstream!, Created = now }).Entity;
        service.DistributionId = distributionId;
        service.DatasetId = dataset.Id;
        service.OrganizationId = dataset.OrganizationId;
        service.Slug = slug!;
        service.UpstreamUrl = upstream!;
        service.OpenApi = string.IsNullOrEmpty(openApi) ? null : openApi;
        service.Endpoints = endpoints;
        service.RatePerSecond = input.RatePerSecond;
        service.Modified = now;
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("slug", $"the organization already has a service '{slug}'");
        }

        directory.Invalidate();
        var dto = await ToDtoAsync(service, catalog, true, http.RequestAborted);
        return created ? TypedResults.Created($"/api/v1/distributions/{distributionId}/service", dto) : TypedResults.Ok(dto);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid distributionId, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, GatewayDirectory directory, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var (distribution, dataset) = await DistributionsApi.FindAsync(catalog, distributionId, http.RequestAborted);
        if (distribution is null || dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"distribution {distributionId}");
        }

        if (!caller.CanEdit(dataset))
        {
            return Problems.Forbidden("only editors and admins of the owner organization may remove its API services");
        }

        var removed = await db.ApiServices.Where(s => s.DistributionId == distributionId).ExecuteDeleteAsync(http.RequestAborted);
        directory.Invalidate();
        return removed == 0 ? Problems.NotFound($"an API service on distribution {distributionId}") : TypedResults.NoContent();
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> OpenApi(Guid distributionId, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        var (distribution, dataset) = await DistributionsApi.FindAsync(catalog, distributionId, http.RequestAborted);
        if (distribution is null || dataset is null || !caller.CanSee(dataset))
        {
            return Problems.NotFound($"distribution {distributionId}");
        }

        var text = await db.ApiServices.AsNoTracking().Where(s => s.DistributionId == distributionId).Select(s => s.OpenApi).FirstOrDefaultAsync(http.RequestAborted);
        return text is null
            ? Problems.NotFound($"an OpenAPI description on distribution {distributionId}")
            : TypedResults.Text(text, text.StartsWith('{') ? "application/json" : "application/yaml");
    }

    [GeneratedRegex(@"^(openapi|swagger)\s*:\s*['""]?[0-9]", RegexOptions.Multiline)]
    private static partial Regex YamlVersionLine();

    /// <summary>
    /// Null when the text reads as an OpenAPI (or Swagger 2) description; otherwise what is wrong. JSON is parsed and
    /// must be an object naming its version; YAML (no parser here) must at least carry the top-level version key, which
    /// tells a description from any other file pasted by mistake.
    /// </summary>
    internal static string? CheckOpenApi(string text)
    {
        if (text.Length > 1_000_000)
        {
            return "must have at most 1,000,000 characters";
        }

        if (text.StartsWith('{') || text.StartsWith('['))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(text);
                var root = document.RootElement;
                return root.ValueKind == System.Text.Json.JsonValueKind.Object
                    && (root.TryGetProperty("openapi", out var version) || root.TryGetProperty("swagger", out version))
                    && version.ValueKind == System.Text.Json.JsonValueKind.String
                    ? null
                    : "is not an OpenAPI description: the JSON object has no \"openapi\" (or \"swagger\") version";
            }
            catch (System.Text.Json.JsonException e)
            {
                return $"is not valid JSON: {e.Message}";
            }
        }

        return YamlVersionLine().IsMatch(text)
            ? null
            : "is not an OpenAPI description: neither a JSON object nor YAML with a top-level \"openapi:\" (or \"swagger:\") version";
    }

    private static async Task<ApiServiceDto> ToDtoAsync(ApiService s, CatalogDbContext catalog, bool showUpstream, CancellationToken ct)
    {
        var organization = await catalog.Organizations.AsNoTracking().Where(o => o.Id == s.OrganizationId).Select(o => o.Slug).FirstOrDefaultAsync(ct);
        var endpoints = s.Endpoints.Select(e => e.Split(' ', 2)).Select(p => new EndpointDto(p[0], p.Length > 1 ? p[1] : "/")).ToList();
        return new ApiServiceDto(s.Id, s.DistributionId, s.DatasetId, s.OrganizationId, s.Slug, $"/gw/{organization}/{s.Slug}/",
            showUpstream ? s.UpstreamUrl : null, s.OpenApi is not null, endpoints, s.RatePerSecond, s.Created, s.Modified);
    }
}
