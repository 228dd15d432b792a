using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Api;

public static class TokensApi
{
    public static void MapTokensApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/tokens").WithTags("Tokens");
        group.MapGet("/", List).WithName("ListTokens").WithSummary("Lists the caller's tokens (never their secrets).");
        group.MapPost("/", Create).WithName("CreateToken").WithSummary("Creates a token; its secret is shown in this response only.");
        group.MapDelete("/{id:guid}", Revoke).WithName("RevokeToken").WithSummary("Revokes a token; it stops working on the next request.");
    }

    internal static async Task<Results<Ok<Page<TokenDto>>, ProblemHttpResult>> List(Guid? userId, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (caller.UserId is not { } self)
        {
            return Problems.Unauthorized();
        }

        var owner = userId ?? self;
        if (owner != self && !caller.IsPlatformAdmin)
        {
            return Problems.Forbidden("only platform administrators may list other accounts' tokens");
        }

        var tokens = await db.Tokens.AsNoTracking().Where(t => t.UserId == owner).OrderByDescending(t => t.Created).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new Page<TokenDto>(tokens.Select(t => t.ToDto()).ToList(), tokens.Count, null));
    }

    internal static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> Create(
        TokenInput input, AccountService accounts, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (caller.UserId is not { } self)
        {
            return Problems.Unauthorized();
        }

        var scope = input.Scope ?? TokenScope.Read;
        if (scope > caller.Scope)
        {
            return Problems.Forbidden($"a token of scope {caller.Scope.ToString().ToLowerInvariant()} cannot create one of scope {scope.ToString().ToLowerInvariant()}");
        }

        if (!Tokens.TryParseLifetime(input.ExpiresIn ?? "90d", out var lifetime))
        {
            return Problems.Validation("expiresIn", "must be a lifetime such as 30d, 12h or never");
        }

        try
        {
            var (token, secret) = await accounts.CreateTokenAsync(self, input.Name, scope, lifetime, http.RequestAborted);
            return TypedResults.Created($"/api/v1/tokens/{token.Id}", new CreatedToken(token.ToDto(), secret));
        }
        catch (AccountException e)
        {
            return Problems.Validation(e.Field, e.Message);
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid id, CatalogDbContext db, CallerAccessor callers, TimeProvider time,
        IAccountEventSink events, CallerCache cache, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (caller.UserId is not { } self)
        {
            return Problems.Unauthorized();
        }

        var token = await db.Tokens.FirstOrDefaultAsync(t => t.Id == id, http.RequestAborted);
        if (token is null || (token.UserId != self && !caller.IsPlatformAdmin))
        {
            return Problems.NotFound($"token {id}");
        }

        if (token.Revoked is not null)
        {
            return TypedResults.NoContent();
        }

        token.Revoked = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        await events.RecordAsync(new AccountEvent { Action = AccountActions.TokenRevoke, SubjectUserId = token.UserId, SubjectTokenId = token.Id }, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
