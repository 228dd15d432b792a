using System.Collections.Concurrent;

namespace Agora.Catalog.Caching;

/// <summary>
/// A map whose entries hold for a short time and only while the owner's invalidation version is the one they were
/// read under. The owner bumps its version (and clears) after every change it commits, so this node never serves an
/// entry older than its last change; the time limit bounds how long another node's change goes unseen.
/// </summary>
public sealed class VersionedCache<TKey, TValue>(TimeProvider time, TimeSpan ttl, int maxEntries = 50_000)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> map = new();

    public bool TryGet(TKey key, long version, out TValue value)
    {
        if (map.TryGetValue(key, out var entry) && entry.Version == version && entry.Until > time.GetUtcNow().UtcDateTime)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <param name="seenVersion">The version read before the store was queried: if a change was committed meanwhile,
    /// the answer is not kept (and even if it slips in, it never matches the newer version).</param>
    public void Put(TKey key, TValue value, long seenVersion, long currentVersion)
    {
        if (map.Count > maxEntries)
        {
            map.Clear();
        }

        if (seenVersion == currentVersion)
        {
            map[key] = new Entry(value, seenVersion, time.GetUtcNow().UtcDateTime + ttl);
        }
    }

    public void Clear() => map.Clear();

    private sealed record Entry(TValue Value, long Version, DateTime Until);
}
