using Microsoft.AspNetCore.Http;

namespace Agora.Catalog.Accounts;

/// <summary>
/// The caller of a request with a bearer token, from <see cref="CallerCache"/> alone, for a path that skips the generic
/// authentication pipeline (the gateway's). It answers only when nothing is left to do: the token and the account are
/// cached, the account is enabled, the token has not expired and its last-used time is not due for writing. In every
/// other case it answers null and the request takes the full pipeline, which loads, refuses, challenges or writes
/// last-used exactly as before; revocation, membership and account changes empty the cache before they answer, so
/// this sees them on the next request as the handler does.
/// </summary>
public sealed class CachedBearer(CallerCache cache, TimeProvider time)
{
    private const string Scheme = "Bearer ";

    public Caller? TryResolve(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var found = cache.Token(Tokens.Hash(header[Scheme.Length..].Trim()));
        if (found is null || found.UserDisabled)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if ((found.Expires is { } expires && expires <= now)
            || found.LastUsed is null || now - found.LastUsed > TokenAuthenticationHandler.LastUsedEvery)
        {
            return null;
        }

        var account = cache.Account(found.UserId);
        return account is null || account.Disabled
            ? null
            : new Caller(found.UserId, account.Email, account.IsPlatformAdmin, account.IsBureau, found.Scope, account.Roles, found.TokenId);
    }
}
