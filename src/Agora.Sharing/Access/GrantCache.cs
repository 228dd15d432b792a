using Agora.Catalog.Api;
using Agora.Catalog.Caching;
using Agora.Catalog.Model;
using Agora.Sharing.Gateway;
using Agora.Sharing.Model;

namespace Agora.Sharing.Access;

/// <summary>
/// Keeps a dataset's attributes and a consumer's grants on it, so that deciding a read costs no store round trip.
/// Every grant change of this process (approval, automatic grant, revocation) and every catalog change calls
/// <see cref="Invalidate"/> once committed and before its response completes, so the next request decides afresh;
/// changes made by other nodes are seen within <see cref="Ttl"/>. Validity periods are compared with the clock on
/// every call (a cached grant that has since expired is refused), and quota use is always read from the store.
/// </summary>
internal sealed class GrantCache(TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    private readonly VersionedCache<Guid, Dataset?> datasets = new(time, Ttl);
    private readonly VersionedCache<(Guid Dataset, Guid User, string Organizations), List<Grant>> grants = new(time, Ttl);
    private long version;

    public long Version => Interlocked.Read(ref version);

    public void Invalidate()
    {
        Interlocked.Increment(ref version);
        datasets.Clear();
        grants.Clear();
    }

    public bool TryDataset(Guid id, out Dataset? dataset) => datasets.TryGet(id, Version, out dataset);

    public void Dataset(Guid id, Dataset? dataset, long seenVersion) => datasets.Put(id, dataset, seenVersion, Version);

    public bool TryGrants((Guid, Guid, string) key, out List<Grant>? found) => grants.TryGet(key, Version, out found);

    public void Grants((Guid, Guid, string) key, List<Grant> found, long seenVersion) => grants.Put(key, found, seenVersion, Version);
}

/// <summary>A dataset's attributes or an organization's slug changed: decisions and gateway routes are made afresh.</summary>
internal sealed class SharingCatalogObserver(GrantCache grants, GatewayDirectory directory) : ICatalogObserver
{
    public Task DatasetChangedAsync(Guid datasetId, CancellationToken cancellationToken) => InvalidateAsync();

    public Task DatasetDeletedAsync(Guid datasetId, CancellationToken cancellationToken) => InvalidateAsync();

    public Task OrganizationChangedAsync(Guid organizationId, CancellationToken cancellationToken) => InvalidateAsync();

    private Task InvalidateAsync()
    {
        grants.Invalidate();
        directory.Invalidate();
        return Task.CompletedTask;
    }
}
