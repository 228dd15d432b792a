using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Api;

public static class GrantsApi
{
    public static void MapGrantsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/grants").WithTags("Grants");
        group.MapGet("/", List).WithName("ListGrants")
            .WithSummary("Lists grants: scope=held (by me or my organizations), issued (by my organizations) or all (the bureau).");
        group.MapGet("/{id:guid}", Get).WithName("GetGrant").WithSummary("Gets a grant with its conditions and today's use.");
        group.MapPost("/{id:guid}/revoke", Revoke).WithName("RevokeGrant").WithSummary("Revokes a grant; the reason is required. It stops working on the next request.");
    }

    public sealed record ListQuery
    {
        public string? Scope { get; init; }

        public Guid? DatasetId { get; init; }

        public bool? Active { get; init; }

        public int? Limit { get; init; }

        public string? Cursor { get; init; }
    }

    internal static async Task<Results<Ok<Page<GrantDto>>, ProblemHttpResult>> List(
        [AsParameters] ListQuery query, SharingDbContext db, Views views, CallerAccessor callers, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (Paging.CheckLimit(query.Limit) is { } limitProblem)
        {
            return Problems.Validation("limit", limitProblem);
        }

        var scope = query.Scope ?? "held";
        int offset;
        try
        {
            offset = OffsetCursor.Decode(query.Cursor, "grants:" + scope);
        }
        catch (FormatException e)
        {
            return Problems.Validation("cursor", e.Message);
        }

        var organizations = caller.Roles.Keys.ToList();
        var me = caller.UserId;
        IQueryable<Grant> grants = db.Grants.AsNoTracking();
        switch (scope)
        {
            case "held":
                grants = grants.Where(g => g.ConsumerUserId == me || (g.ConsumerOrganizationId != null && organizations.Contains(g.ConsumerOrganizationId.Value)));
                break;
            case "issued":
                grants = grants.Where(g => organizations.Contains(g.OwnerOrganizationId));
                break;
            case "all":
                if (!caller.IsBureau)
                {
                    return Problems.Forbidden("only the bureau sees every grant");
                }

                break;
            default:
                return Problems.Validation("scope", "must be held, issued or all");
        }

        if (query.DatasetId is { } dataset)
        {
            grants = grants.Where(g => g.DatasetId == dataset);
        }

        if (query.Active is { } active)
        {
            var now = time.GetUtcNow().UtcDateTime;
            grants = active
                ? grants.Where(g => g.Revoked == null && g.ValidFrom <= now && now < g.ValidTo)
                : grants.Where(g => !(g.Revoked == null && g.ValidFrom <= now && now < g.ValidTo));
        }

        var take = query.Limit ?? Paging.DefaultLimit;
        var total = await grants.CountAsync(http.RequestAborted);
        var page = await grants.OrderByDescending(g => g.Created).ThenByDescending(g => g.Id).Skip(offset).Take(take).ToListAsync(http.RequestAborted);
        var next = offset + page.Count < total ? OffsetCursor.Encode("grants:" + scope, offset + page.Count) : null;
        return TypedResults.Ok(new Page<GrantDto>(await views.GrantsAsync(page, http.RequestAborted), total, next));
    }

    internal static async Task<Results<Ok<GrantDto>, ProblemHttpResult>> Get(Guid id, SharingDbContext db, Views views, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var grant = await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, http.RequestAborted);
        if (grant is null || !RequestWorkflow.CanSee(caller, grant))
        {
            return Problems.NotFound($"grant {id}");
        }

        return TypedResults.Ok((await views.GrantsAsync([grant], http.RequestAborted))[0]);
    }

    internal static Task<Results<Ok<GrantDto>, ProblemHttpResult>> Revoke(Guid id, ReasonInput input, RequestWorkflow workflow, Views views, HttpContext http) =>
        SharingProblems.RunAsync(async () =>
        {
            var grant = await workflow.RevokeAsync(await SharingProblems.ActorAsync(http), id, input, http.RequestAborted);
            return TypedResults.Ok((await views.GrantsAsync([grant], http.RequestAborted))[0]);
        });
}
