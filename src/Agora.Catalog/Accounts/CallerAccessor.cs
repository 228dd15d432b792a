using System.Security.Claims;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Catalog.Accounts;

/// <summary>Resolves the <see cref="Caller"/> of the current request, once.</summary>
/// <remarks>The store context is taken from the request's scope only when the cache misses, so a warm request builds none.</remarks>
public sealed class CallerAccessor(IServiceProvider services, CallerCache cache)
{
    private Caller? caller;

    public async Task<Caller> GetAsync(HttpContext context)
    {
        return caller ??= await ResolveAsync(context.User, context.RequestAborted);
    }

    public async Task<Caller> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(AgoraClaims.UserId), out var userId))
        {
            return Caller.Anonymous;
        }

        var account = cache.Account(userId);
        if (account is null)
        {
            var version = cache.Version;
            var db = services.GetRequiredService<CatalogDbContext>();
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
            if (user is null)
            {
                return Caller.Anonymous;
            }

            var memberships = await db.Memberships.AsNoTracking()
                .Where(m => m.UserId == userId)
                .ToDictionaryAsync(m => m.OrganizationId, m => m.Role, cancellationToken);
            account = new CachedAccount(user.Email, user.IsPlatformAdmin, user.IsBureau, user.Disabled, memberships);
            cache.Account(userId, account, version);
        }

        if (account.Disabled)
        {
            return Caller.Anonymous;
        }

        var scopeClaim = principal.FindFirstValue(AgoraClaims.Scope);
        var scope = scopeClaim is null ? TokenScope.Admin : TokenScopeClaim.Parse(scopeClaim);
        Guid? tokenId = Guid.TryParse(principal.FindFirstValue(AgoraClaims.TokenId), out var t) ? t : null;
        return new Caller(userId, account.Email, account.IsPlatformAdmin, account.IsBureau, scope, account.Roles, tokenId);
    }
}
