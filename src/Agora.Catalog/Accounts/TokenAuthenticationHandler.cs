using System.Security.Claims;
using System.Text.Encodings.Web;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agora.Catalog.Accounts;

/// <summary>
/// Authenticates <c>Authorization: Bearer agora_…</c> by looking up the token's hash, in <see cref="CallerCache"/> first:
/// a revocation in this process empties the cache before it answers, so it holds on the next request. The store context
/// is resolved only when the cache misses or last-used is due: building a DbContext was the largest single cost of a
/// warm authenticated request.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCache cache,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>How often a token's last-used time is written: it is informative, and reads stay free of writes.</summary>
    internal static readonly TimeSpan LastUsedEvery = TimeSpan.FromMinutes(1);

    private const string FailureKey = "agora:auth-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var hash = Tokens.Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        var found = cache.Token(hash);
        if (found is null)
        {
            var version = cache.Version;
            var db = Store;
            found = await db.Tokens.AsNoTracking()
                .Where(t => t.TokenHash == hash && t.Revoked == null)
                .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new CachedToken(t.Id, u.Id, u.Email, t.Scope, t.Expires, u.Disabled) { LastUsed = t.LastUsed })
                .FirstOrDefaultAsync(Context.RequestAborted);
            var failure = found switch
            {
                null => await db.Tokens.AnyAsync(t => t.TokenHash == hash, Context.RequestAborted) ? "the token has been revoked" : "the token is not known",
                { UserDisabled: true } => "the account is disabled",
                _ => null,
            };
            if (failure is not null || found is null)
            {
                Context.Items[FailureKey] = failure;
                return AuthenticateResult.Fail(failure ?? "the token is not known");
            }

            cache.Token(hash, found, version);
        }

        // Expiry is a matter of the clock, so it is checked on every request, cached or not.
        if (found.Expires is { } expires && expires <= now)
        {
            Context.Items[FailureKey] = "the token has expired";
            return AuthenticateResult.Fail("the token has expired");
        }

        // Last-used is informative; writing it once a minute keeps reads free of writes.
        if (found.LastUsed is null || now - found.LastUsed > LastUsedEvery)
        {
            found.LastUsed = now;
            await Store.Tokens.Where(t => t.Id == found.TokenId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsed, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(AgoraClaims.UserId, found.UserId.ToString()),
                new Claim(AgoraClaims.Email, found.Email),
                new Claim(AgoraClaims.Scope, found.Scope.ToString()),
                new Claim(AgoraClaims.TokenId, found.TokenId.ToString()),
            ],
            AgoraClaims.BearerScheme,
            AgoraClaims.Email,
            null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private CatalogDbContext Store => Context.RequestServices.GetRequiredService<CatalogDbContext>();

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureKey] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = reason is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "not-authenticated",
            "Authentication required", reason ?? "this needs a bearer token or a signed-in session");
    }
}

internal static class TokenScopeClaim
{
    public static TokenScope Parse(string? value) =>
        Enum.TryParse<TokenScope>(value, out var scope) ? scope : TokenScope.Read;
}
