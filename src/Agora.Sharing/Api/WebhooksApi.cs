using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Agora.Sharing.Model;
using Agora.Sharing.Net;
using Agora.Sharing.Notifications;
using Agora.Sharing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Api;

public static class WebhooksApi
{
    private const int MaxPerOrganization = 10;

    public static void MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/organizations/{organizationId}/webhooks").WithTags("Webhooks");
        group.MapGet("/", List).WithName("ListWebhooks").WithSummary("Lists the organization's webhooks (admins only).");
        group.MapPost("/", Create).WithName("CreateWebhook")
            .WithSummary("Registers a webhook; its signing secret is shown in this response only. Private addresses are refused.");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteWebhook").WithSummary("Removes a webhook and its pending deliveries.");
        group.MapGet("/{id:guid}/deliveries", Deliveries).WithName("ListWebhookDeliveries").WithSummary("The webhook's latest deliveries and their outcome.");
    }

    internal static async Task<Results<Ok<Page<WebhookDto>>, ProblemHttpResult>> List(string organizationId, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, HttpContext http)
    {
        var (organization, problem) = await AuthorizeAsync(organizationId, catalog, callers, http, write: false);
        if (problem is not null)
        {
            return problem;
        }

        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == organization).OrderBy(w => w.Created).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new Page<WebhookDto>(hooks.Select(ToDto).ToList(), hooks.Count, null));
    }

    internal static async Task<Results<Created<CreatedWebhook>, ProblemHttpResult>> Create(
        string organizationId, WebhookInput input, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, NetworkGuard guard,
        WebhookSecrets secrets, TimeProvider time, HttpContext http)
    {
        var (organization, problem) = await AuthorizeAsync(organizationId, catalog, callers, http, write: true);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Errors();
        var url = errors.Line("url", input.Url, 2000, true);
        var description = errors.Line("description", input.Description, 300, false);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await guard.CheckUrlAsync(url!, http.RequestAborted) is { } refused)
        {
            return Problems.Validation("url", refused);
        }

        if (await db.Webhooks.CountAsync(w => w.OrganizationId == organization, http.RequestAborted) >= MaxPerOrganization)
        {
            return Problems.Conflict("url", $"an organization may register at most {MaxPerOrganization} webhooks");
        }

        var (secret, protectedSecret, prefix) = secrets.Create();
        var caller = await callers.GetAsync(http);
        var hook = new Webhook
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organization,
            Url = url!,
            Description = description,
            ProtectedSecret = protectedSecret,
            SecretPrefix = prefix,
            Created = time.GetUtcNow().UtcDateTime,
            CreatedByUserId = caller.UserId!.Value,
        };
        db.Webhooks.Add(hook);
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Created($"/api/v1/organizations/{organization}/webhooks/{hook.Id}", new CreatedWebhook(ToDto(hook), secret));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(string organizationId, Guid id, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, HttpContext http)
    {
        var (organization, problem) = await AuthorizeAsync(organizationId, catalog, callers, http, write: true);
        if (problem is not null)
        {
            return problem;
        }

        var removed = await db.Webhooks.Where(w => w.Id == id && w.OrganizationId == organization).ExecuteDeleteAsync(http.RequestAborted);
        return removed == 0 ? Problems.NotFound($"webhook {id}") : TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<Page<DeliveryDto>>, ProblemHttpResult>> Deliveries(
        string organizationId, Guid id, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, HttpContext http)
    {
        var (organization, problem) = await AuthorizeAsync(organizationId, catalog, callers, http, write: false);
        if (problem is not null)
        {
            return problem;
        }

        if (!await db.Webhooks.AnyAsync(w => w.Id == id && w.OrganizationId == organization, http.RequestAborted))
        {
            return Problems.NotFound($"webhook {id}");
        }

        var items = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id).OrderByDescending(d => d.Created).Take(100)
            .Select(d => new DeliveryDto(d.Id, d.EventType, d.State, d.Attempts, d.Created, d.NextAttempt, d.LastStatus, d.LastError, d.Delivered))
            .ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new Page<DeliveryDto>(items, items.Count, null));
    }

    private static async Task<(Guid Organization, ProblemHttpResult? Problem)> AuthorizeAsync(
        string organizationId, CatalogDbContext catalog, CallerAccessor callers, HttpContext http, bool write)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return (Guid.Empty, Problems.Unauthorized());
        }

        var organization = await OrganizationsApi.FindAsync(catalog, organizationId, http.RequestAborted);
        if (organization is null)
        {
            return (Guid.Empty, Problems.NotFound($"organization '{organizationId}'"));
        }

        var allowed = write
            ? caller.CanManageOrganization(organization.Id)
            : caller.HasRole(organization.Id, Catalog.Model.OrganizationRole.Admin) || caller.IsPlatformAdmin;
        return allowed
            ? (organization.Id, null)
            : (organization.Id, Problems.Forbidden("only the organization's admins may manage its webhooks"));
    }

    private static WebhookDto ToDto(Webhook w) => new(w.Id, w.OrganizationId, w.Url, w.Description, w.SecretPrefix, w.Active, w.Created);
}
