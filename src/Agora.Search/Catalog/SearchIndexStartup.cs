using Agora.Catalog.Hosting;
using Agora.Catalog.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Search.Catalog;

/// <summary>Opens the index when the host starts and rebuilds it in the background when it is not in step with the store.</summary>
internal sealed class SearchIndexStartup(
    IServiceProvider services,
    Func<CatalogDbContext> contexts,
    ISearchDocumentSource source,
    HostStart start,
    SearchIndexStartup.Settings settings,
    ILogger<SearchIndexStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await start.WhenStartedAsync(stoppingToken, firstAnswer: false);
            // Opening verifies the files; a missing or damaged index starts rebuilding itself from the source.
            var index = (ISearchIndex)services.GetService(typeof(ISearchIndex))!;
            if (index.NeedsRebuild)
            {
                logger.LogWarning("The search index is {Reason}; rebuilding it from the catalog in the background", index.RebuildReason);
                return;
            }

            if (!settings.RebuildWhenOutOfStep)
            {
                return;
            }

            var stored = await StoredAsync(stoppingToken);
            if (stored != index.Count)
            {
                // A dataset written while the host starts is counted in the store before the index has it (the index
                // takes it within a second): look again once that second has passed before rebuilding, since a
                // rebuild leaves search partial until it ends.
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                await index.RefreshAsync(stoppingToken);
                stored = await StoredAsync(stoppingToken);
            }

            if (stored != index.Count)
            {
                logger.LogInformation("The search index holds {Indexed} datasets and the catalog {Stored}; rebuilding it", index.Count, stored);
                await Task.Run(() => index.Rebuild(source.ReadAll(stoppingToken), stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "The search index could not be checked or rebuilt; run 'agora index rebuild'");
        }
    }

    private async Task<int> StoredAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.Datasets.CountAsync(cancellationToken);
    }

    /// <param name="RebuildWhenOutOfStep">Rebuild when the index's count differs from the store's.</param>
    internal sealed record Settings(bool RebuildWhenOutOfStep);
}
