using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Api;

public static class InboxApi
{
    public static void MapInboxApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/inbox").WithTags("Inbox");
        group.MapGet("/", List).WithName("ListInbox").WithSummary("The caller's notices and those of their organizations (and the bureau's), newest first.");
        group.MapGet("/unread", Unread).WithName("CountUnreadInbox").WithSummary("How many notices are unread.");
        group.MapPost("/{id:guid}/read", (Guid id, SharingDbContext db, CallerAccessor callers, TimeProvider time, HttpContext http) => MarkAsync(id, true, db, callers, time, http))
            .WithName("MarkInboxRead").WithSummary("Marks a notice read.");
        group.MapPost("/{id:guid}/unread", (Guid id, SharingDbContext db, CallerAccessor callers, TimeProvider time, HttpContext http) => MarkAsync(id, false, db, callers, time, http))
            .WithName("MarkInboxUnread").WithSummary("Marks a notice unread.");
        group.MapPost("/read-all", ReadAll).WithName("MarkInboxAllRead").WithSummary("Marks every notice read.");
    }

    internal static async Task<Results<Ok<Page<InboxMessageDto>>, ProblemHttpResult>> List(
        bool? unread, int? limit, string? cursor, SharingDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (Paging.CheckLimit(limit) is { } limitProblem)
        {
            return Problems.Validation("limit", limitProblem);
        }

        int offset;
        try
        {
            offset = OffsetCursor.Decode(cursor, "inbox");
        }
        catch (FormatException e)
        {
            return Problems.Validation("cursor", e.Message);
        }

        var messages = Mine(db, caller);
        if (unread is { } onlyUnread)
        {
            messages = onlyUnread ? messages.Where(m => m.Read == null) : messages.Where(m => m.Read != null);
        }

        var take = limit ?? Paging.DefaultLimit;
        var total = await messages.CountAsync(http.RequestAborted);
        var page = await messages.OrderByDescending(m => m.Created).ThenByDescending(m => m.Id).Skip(offset).Take(take).ToListAsync(http.RequestAborted);
        var next = offset + page.Count < total ? OffsetCursor.Encode("inbox", offset + page.Count) : null;
        return TypedResults.Ok(new Page<InboxMessageDto>(page.Select(ToDto).ToList(), total, next));
    }

    internal static async Task<Results<Ok<UnreadCount>, ProblemHttpResult>> Unread(SharingDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        return caller.IsAuthenticated
            ? TypedResults.Ok(new UnreadCount(await Mine(db, caller).CountAsync(m => m.Read == null, http.RequestAborted)))
            : Problems.Unauthorized();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> MarkAsync(Guid id, bool read, SharingDbContext db, CallerAccessor callers, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        DateTime? at = read ? time.GetUtcNow().UtcDateTime : null;
        var changed = await Mine(db, caller).Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Read, at), http.RequestAborted);
        return changed == 0 ? Problems.NotFound($"notice {id}") : TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> ReadAll(SharingDbContext db, CallerAccessor callers, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        DateTime? at = time.GetUtcNow().UtcDateTime;
        await Mine(db, caller).Where(m => m.Read == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.Read, at), http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>Notices to the caller, to any organization they belong to, and to the bureau if they are in it.</summary>
    private static IQueryable<InboxMessage> Mine(SharingDbContext db, Caller caller)
    {
        var me = caller.UserId;
        var organizations = caller.Roles.Keys.ToList();
        var bureau = caller.IsBureau;
        return db.Inbox.Where(m => m.UserId == me
            || (m.OrganizationId != null && organizations.Contains(m.OrganizationId.Value))
            || (bureau && m.ForBureau));
    }

    private static InboxMessageDto ToDto(InboxMessage m) =>
        new(m.Id, m.Kind, new LocalizedText(m.TitleZh, m.TitleEn), m.RequestId, m.GrantId, m.DatasetId, m.OrganizationId, m.ForBureau, m.Created, m.Read is not null);
}
