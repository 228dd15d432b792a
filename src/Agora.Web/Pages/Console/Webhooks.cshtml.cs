using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Api;
using Agora.Sharing.Net;
using Agora.Sharing.Notifications;
using Agora.Sharing.Storage;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Console;

/// <summary>
/// An organization's webhooks, for its admins: list, add (the signing secret is shown once, on the answer to the
/// post), remove. The API's handlers do the work, so the address checks and limits are the API's.
/// </summary>
internal sealed class WebhooksModel(CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, NetworkGuard guard, WebhookSecrets secrets,
    TimeProvider time) : PageModel
{
    public IReadOnlyList<Organization> Organizations { get; private set; } = [];
    public Organization? Organization { get; private set; }
    public IReadOnlyList<WebhookDto> Hooks { get; private set; } = [];
    public Dictionary<Guid, DeliveryDto?> LastDelivery { get; } = [];
    public FormErrors Errors { get; } = new();
    public CreatedWebhook? Created { get; private set; }
    public string? HookUrl { get; private set; }
    public string? Description { get; private set; }
    public bool Removed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? org, bool removed)
    {
        Removed = removed;
        return await LoadAsync(org) ?? Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string? org, string? url, string? description)
    {
        if (await LoadAsync(org) is { } refused)
        {
            return refused;
        }

        (HookUrl, Description) = (url, description);
        var result = await WebhooksApi.Create(Organization!.Id.ToString(), new WebhookInput(url, description), catalog, db, callers, guard, secrets, time, HttpContext);
        if (result.Result is Created<CreatedWebhook> created)
        {
            // Not a redirect: the secret is shown in this answer only, as the API shows it.
            Created = created.Value;
            (HookUrl, Description) = (null, null);
            await ListAsync();
            return Page();
        }

        Errors.Add((ProblemHttpResult)result.Result);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? org, Guid id)
    {
        if (await LoadAsync(org) is { } refused)
        {
            return refused;
        }

        var result = await WebhooksApi.Delete(Organization!.Id.ToString(), id, catalog, db, callers, HttpContext);
        return result.Result is NoContent ? Redirect($"/console/webhooks?org={Uri.EscapeDataString(Organization.Slug)}&removed=true") : NotFound();
    }

    private async Task<IActionResult?> LoadAsync(string? org)
    {
        var caller = await callers.GetAsync(HttpContext);
        Organizations = [.. (await catalog.Organizations.AsNoTracking().OrderBy(o => o.Slug).ToListAsync(HttpContext.RequestAborted))
            .Where(o => caller.HasRole(o.Id, OrganizationRole.Admin) || (caller.IsPlatformAdmin && o.Slug == org))];
        Organization = org is null ? Organizations.FirstOrDefault() : Organizations.FirstOrDefault(o => o.Slug == org || o.Id.ToString() == org);
        if (Organization is null)
        {
            return org is null ? null : NotFound();
        }

        if (!caller.CanManageOrganization(Organization.Id))
        {
            return Forbid();
        }

        await ListAsync();
        return null;
    }

    private async Task ListAsync()
    {
        var result = await WebhooksApi.List(Organization!.Id.ToString(), catalog, db, callers, HttpContext);
        Hooks = result.Result is Ok<Page<WebhookDto>> ok ? ok.Value!.Items : [];
        foreach (var hook in Hooks)
        {
            var deliveries = await WebhooksApi.Deliveries(Organization.Id.ToString(), hook.Id, catalog, db, callers, HttpContext);
            LastDelivery[hook.Id] = deliveries.Result is Ok<Page<DeliveryDto>> page ? page.Value!.Items.FirstOrDefault() : null;
        }
    }
}
