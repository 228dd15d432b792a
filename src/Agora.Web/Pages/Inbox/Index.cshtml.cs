using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Sharing.Api;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Inbox;

/// <summary>The reader's notices (theirs, their organizations', the bureau's), newest first; each can be marked read.</summary>
internal sealed class IndexModel(SharingDbContext db, CallerAccessor callers, WorkingCalendar calendar, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    public WorkingCalendar Calendar => calendar;

    public IReadOnlyList<InboxMessageDto> Items { get; private set; } = [];
    public int Total { get; private set; }
    public string? Next { get; private set; }
    public string? Cursor { get; private set; }
    public bool OnlyUnread { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool unread, string? cursor)
    {
        (OnlyUnread, Cursor) = (unread, cursor);
        var result = await InboxApi.List(unread ? true : null, PageSize, cursor, db, callers, HttpContext);
        if (result.Result is not Ok<Page<InboxMessageDto>> ok)
        {
            return BadRequest();
        }

        (Items, Total, Next) = (ok.Value!.Items, ok.Value.Total, ok.Value.Next);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, bool unread)
    {
        var result = await InboxApi.MarkAsync(id, true, db, callers, time, HttpContext);
        return result.Result is ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } ? NotFound() : Redirect(unread ? "/inbox?unread=true" : "/inbox");
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        await InboxApi.ReadAll(db, callers, time, HttpContext);
        return Redirect("/inbox");
    }
}
