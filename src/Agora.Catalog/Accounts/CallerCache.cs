using Agora.Catalog.Api;
using Agora.Catalog.Caching;
using Agora.Catalog.Model;

namespace Agora.Catalog.Accounts;

/// <summary>
/// Keeps what authenticating a request reads from the store — the token behind a hash, the account and its
/// memberships — so that a request makes no store round trip for them. Correctness rules:
/// <list type="bullet">
/// <item>Any change to tokens, accounts or memberships made by this process calls <see cref="Invalidate"/> before its
/// response completes, which makes every entry stale at once (a version counter): the next request reads the store.</item>
/// <item>Other processes (another node, the command line) are seen within <see cref="Ttl"/> at most: entries expire.</item>
/// <item>A token's expiry is checked against the clock on every request, never cached as "valid".</item>
/// <item>Only successful lookups are kept; an unknown, revoked or expired token always goes to the store.</item>
/// </list>
/// </summary>
public sealed class CallerCache(TimeProvider time)
{
    /// <summary>How long another node's change may take to be seen here.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    private readonly VersionedCache<string, CachedToken> tokens = new(time, Ttl);
    private readonly VersionedCache<Guid, CachedAccount> accounts = new(time, Ttl);
    private long version;

    public long Version => Interlocked.Read(ref version);

    /// <summary>Forgets everything; call it after committing a change to a token, an account or a membership.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref version);
        tokens.Clear();
        accounts.Clear();
    }

    internal CachedToken? Token(string hash) => tokens.TryGet(hash, Version, out var token) ? token : null;

    internal void Token(string hash, CachedToken token, long seenVersion) => tokens.Put(hash, token, seenVersion, Version);

    internal CachedAccount? Account(Guid userId) => accounts.TryGet(userId, Version, out var account) ? account : null;

    internal void Account(Guid userId, CachedAccount account, long seenVersion) => accounts.Put(userId, account, seenVersion, Version);
}

internal sealed record CachedToken(Guid TokenId, Guid UserId, string Email, TokenScope Scope, DateTime? Expires, bool UserDisabled)
{
    public DateTime? LastUsed { get; set; }
}

internal sealed record CachedAccount(string Email, bool IsPlatformAdmin, bool IsBureau, bool Disabled, IReadOnlyDictionary<Guid, OrganizationRole> Roles);

/// <summary>An organization removed takes its memberships with it: the roles cached for its members are dropped.</summary>
internal sealed class CallerCacheObserver(CallerCache cache) : ICatalogObserver
{
    public Task DatasetChangedAsync(Guid datasetId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DatasetDeletedAsync(Guid datasetId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OrganizationChangedAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        cache.Invalidate();
        return Task.CompletedTask;
    }
}
