using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Api;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Grants;

/// <summary>Grants held by the reader (or their organizations) and grants their organizations gave; the provider revokes here.</summary>
internal sealed class IndexModel(CatalogDbContext catalog, SharingDbContext db, Views views, CallerAccessor callers, RequestWorkflow workflow,
    WorkingCalendar calendar, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    public string Scope { get; private set; } = "held";
    public string? Cursor { get; private set; }
    public IReadOnlyList<GrantDto> Items { get; private set; } = [];
    public int Total { get; private set; }
    public string? Next { get; private set; }
    public bool IsBureau { get; private set; }
    public Caller Caller { get; private set; } = Caller.Anonymous;
    public NameBook Names { get; private set; } = null!;
    public WorkingCalendar Calendar => calendar;
    public FormErrors Errors { get; } = new();

    /// <summary>The grant whose revocation was posted, so its errors and text show beside it.</summary>
    public Guid? Posted { get; private set; }

    public string? Reason { get; private set; }
    public bool Revoked { get; private set; }

    public Task<IActionResult> OnGetAsync(string? scope, string? cursor, bool revoked) =>
        LoadAsync(scope, cursor, revoked);

    public async Task<IActionResult> OnPostRevokeAsync(Guid grantId, string? reason, string? scope)
    {
        (Posted, Reason) = (grantId, reason);
        try
        {
            await workflow.RevokeAsync(await SharingProblems.ActorAsync(HttpContext), grantId, new ReasonInput(reason), HttpContext.RequestAborted);
            return Redirect($"/grants?scope={Uri.EscapeDataString(scope ?? "issued")}&revoked=true");
        }
        catch (SharingException refusal)
        {
            Errors.Add(refusal);
        }

        var page = await LoadAsync(scope ?? "issued", null, false);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    /// <summary>Whether the reader may revoke this grant; the workflow checks it again.</summary>
    public bool CanRevoke(GrantDto grant) =>
        (grant.Status is GrantStatus.Active or GrantStatus.Pending) && Caller.CanWrite && Caller.HasRole(grant.OwnerOrganizationId, OrganizationRole.Editor);

    private async Task<IActionResult> LoadAsync(string? scope, string? cursor, bool revoked)
    {
        Caller = await callers.GetAsync(HttpContext);
        IsBureau = Caller.IsBureau;
        Scope = scope ?? (Caller.Roles.Count == 0 && IsBureau ? "all" : "held");
        (Cursor, Revoked) = (cursor, revoked);
        var result = await GrantsApi.List(new GrantsApi.ListQuery { Scope = Scope, Limit = PageSize, Cursor = cursor }, db, views, callers, time, HttpContext);
        switch (result.Result)
        {
            case Ok<Page<GrantDto>> ok:
                (Items, Total, Next) = (ok.Value!.Items, ok.Value.Total, ok.Value.Next);
                break;
            case ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden }:
                return Forbid();
            default:
                return BadRequest();
        }

        Names = await NameBook.LoadAsync(catalog, Items.Select(g => g.ConsumerUserId).Concat(Items.Select(g => g.ApprovedByUserId)), [], HttpContext.RequestAborted);
        return Page();
    }
}
