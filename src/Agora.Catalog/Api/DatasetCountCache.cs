using Agora.Catalog.Accounts;
using Agora.Catalog.Caching;

namespace Agora.Catalog.Api;

/// <summary>
/// The totals of dataset lists, per visibility and filter. With 100,000 datasets, counting every visible one costs
/// several times the page itself, and a reader walking the pages asks for the same total each time. A catalog change
/// committed by this process makes every total stale at once; another node's change is seen within <see cref="Ttl"/>.
/// </summary>
public sealed class DatasetCountCache(TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    private readonly VersionedCache<string, int> totals = new(time, Ttl, maxEntries: 10_000);
    private long version;

    private long Version => Interlocked.Read(ref version);

    public void Invalidate()
    {
        Interlocked.Increment(ref version);
        totals.Clear();
    }

    internal async Task<int> GetOrCountAsync(Caller caller, DatasetsApi.ListQuery query, Func<Task<int>> count)
    {
        var key = Key(caller, query);
        var seen = Version;
        if (totals.TryGet(key, seen, out var total))
        {
            return total;
        }

        total = await count();
        totals.Put(key, total, seen, Version);
        return total;
    }

    // Everything that decides which datasets are counted: who asks (as DatasetVisibility.VisibleTo reads the caller)
    // and every filter of the list. Paging and sorting do not change the total.
    private static string Key(Caller caller, DatasetsApi.ListQuery q)
    {
        var who = caller.IsBureau ? "bureau"
            : (caller.IsGovernment ? "gov:" : "public:") + string.Join(',', caller.Roles.Keys.Order());
        return string.Join('\u001f', who, q.OrganizationId, q.Theme, q.Sharing, q.Opening, q.SecurityGrade, q.License, q.Q?.Trim());
    }
}

/// <summary>Any dataset or organization change may move a total.</summary>
internal sealed class DatasetCountCacheObserver(DatasetCountCache cache) : ICatalogObserver
{
    public Task DatasetChangedAsync(Guid datasetId, CancellationToken cancellationToken) => Clear();

    public Task DatasetDeletedAsync(Guid datasetId, CancellationToken cancellationToken) => Clear();

    public Task OrganizationChangedAsync(Guid organizationId, CancellationToken cancellationToken) => Clear();

    private Task Clear()
    {
        cache.Invalidate();
        return Task.CompletedTask;
    }
}
