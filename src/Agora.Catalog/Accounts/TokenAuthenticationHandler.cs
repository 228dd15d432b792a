using System.Security.Claims;
using System.Text.Encodings.Web;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agora.Catalog.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer agora_…</c> by looking up the token's hash.</summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CatalogDbContext db,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
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
        var found = await db.Tokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        var now = time.GetUtcNow().UtcDateTime;
        var failure = found switch
        {
            null => "the token is not known",
            { Token.Revoked: not null } => "the token has been revoked",
            { Token.Expires: { } expires } when expires <= now => "the token has expired",
            { User.Disabled: true } => "the account is disabled",
            _ => null,
        };
        if (failure is not null)
        {
            Context.Items[FailureKey] = failure;
            return AuthenticateResult.Fail(failure);
        }

        // Last-used is informative; writing it once a minute keeps reads free of writes.
        if (found!.Token.LastUsed is null || now - found.Token.LastUsed > TimeSpan.FromMinutes(1))
        {
            await db.Tokens.Where(t => t.Id == found.Token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsed, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(AgoraClaims.UserId, found.User.Id.ToString()),
                new Claim(AgoraClaims.Email, found.User.Email),
                new Claim(AgoraClaims.Scope, found.Token.Scope.ToString()),
                new Claim(AgoraClaims.TokenId, found.Token.Id.ToString()),
            ],
            AgoraClaims.BearerScheme,
            AgoraClaims.Email,
            null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

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
