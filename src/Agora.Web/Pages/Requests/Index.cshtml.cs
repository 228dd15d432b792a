using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Storage;
using Agora.Sharing.Api;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Requests;

/// <summary>The requests of the reader's organizations: those they sent, those they received, and for the bureau all.</summary>
internal sealed class IndexModel(CatalogDbContext catalog, SharingDbContext db, Views views, CallerAccessor callers, WorkingCalendar calendar, TimeProvider time)
    : PageModel
{
    public const int PageSize = 50;

    public string Scope { get; private set; } = "incoming";
    public RequestState? State { get; private set; }
    public bool Overdue { get; private set; }
    public string? Cursor { get; private set; }
    public IReadOnlyList<AccessRequestDto> Items { get; private set; } = [];
    public int Total { get; private set; }
    public string? Next { get; private set; }
    public bool IsBureau { get; private set; }
    public NameBook Names { get; private set; } = null!;
    public WorkingCalendar Calendar => calendar;
    public DateTime Now { get; } = time.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(string? scope, RequestState? state, bool overdue, string? cursor)
    {
        var caller = await callers.GetAsync(HttpContext);
        IsBureau = caller.IsBureau;
        // A body's members see what they received first: that is what has a deadline.
        Scope = scope ?? (caller.Roles.Count > 0 ? "incoming" : IsBureau ? "all" : "mine");
        (State, Overdue, Cursor) = (state, overdue, cursor);
        var result = await RequestsApi.List(new RequestsApi.ListQuery { Scope = Scope, State = state, Overdue = overdue ? true : null, Limit = PageSize, Cursor = cursor },
            db, views, callers, time, HttpContext);
        switch (result.Result)
        {
            case Ok<Page<AccessRequestDto>> ok:
                (Items, Total, Next) = (ok.Value!.Items, ok.Value.Total, ok.Value.Next);
                break;
            case ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden }:
                return Forbid();
            default:
                return BadRequest();
        }

        Names = await NameBook.LoadAsync(catalog, Items.Select(r => (Guid?)r.RequesterUserId), [], HttpContext.RequestAborted);
        return Page();
    }

    public string Link(string? scope = null, RequestState? state = null, bool? overdue = null, string? cursor = null, bool keepFilters = true)
    {
        var query = new List<string> { "scope=" + Uri.EscapeDataString(scope ?? Scope) };
        if ((keepFilters ? state ?? State : state) is { } s)
        {
            query.Add("state=" + s);
        }

        if (keepFilters ? overdue ?? Overdue : overdue == true)
        {
            query.Add("overdue=true");
        }

        if (cursor is not null)
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }

        return "/requests?" + string.Join('&', query);
    }
}
