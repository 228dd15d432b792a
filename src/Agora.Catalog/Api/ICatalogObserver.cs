namespace Agora.Catalog.Api;

/// <summary>Told after every committed catalog change, so that indexes and caches follow within a second.</summary>
public interface ICatalogObserver
{
    Task DatasetChangedAsync(Guid datasetId, CancellationToken cancellationToken);

    Task DatasetDeletedAsync(Guid datasetId, CancellationToken cancellationToken);

    Task OrganizationChangedAsync(Guid organizationId, CancellationToken cancellationToken);
}

/// <summary>Calls every registered observer; one observer's failure does not stop a write that already committed.</summary>
public sealed class CatalogEvents(IEnumerable<ICatalogObserver> observers, Microsoft.Extensions.Logging.ILogger<CatalogEvents> logger)
{
    public Task DatasetChangedAsync(Guid id, CancellationToken ct) => NotifyAsync(o => o.DatasetChangedAsync(id, ct));

    public Task DatasetDeletedAsync(Guid id, CancellationToken ct) => NotifyAsync(o => o.DatasetDeletedAsync(id, ct));

    public Task OrganizationChangedAsync(Guid id, CancellationToken ct) => NotifyAsync(o => o.OrganizationChangedAsync(id, ct));

    private async Task NotifyAsync(Func<ICatalogObserver, Task> call)
    {
        foreach (var observer in observers)
        {
            try
            {
                await call(observer);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, e, "Catalog observer {Observer} failed", observer.GetType().Name);
            }
        }
    }
}
