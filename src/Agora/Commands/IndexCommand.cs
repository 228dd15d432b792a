using System.CommandLine;
using System.Diagnostics;
using Agora.Catalog;
using Agora.Catalog.Storage;
using Agora.Hosting;
using Agora.Search;
using Agora.Search.Catalog;
using Microsoft.Extensions.Logging;

namespace Agora.Commands;

internal static class IndexCommand
{
    public static Command Create()
    {
        var rebuild = new Command("rebuild", "Rebuild the catalog search index from the metadata store (stop 'agora serve' first)");
        rebuild.SetAction(async (result, cancellationToken) =>
        {
            var storage = AgoraHost.Storage(CommonOptions.Settings(result));
            var services = new ServiceCollection();
            services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None));
            services.AddAgoraCatalog(storage);
            await using var provider = services.BuildServiceProvider();
            await AgoraHost.PrepareAsync(provider, demo: false, cancellationToken);

            var clock = Stopwatch.StartNew();
            LuceneSearchIndex index;
            try
            {
                // Without a source: this command rebuilds, the index must not start a rebuild of its own as well.
                index = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = AgoraHost.SearchIndexDirectory(storage) });
            }
            catch (Lucene.Net.Store.LockObtainFailedException)
            {
                return CommonOptions.Fail("the search index is in use by a running 'agora serve'; stop it first");
            }

            using (index)
            {
                var source = CatalogSearchServiceCollectionExtensions.DocumentSource(provider.GetRequiredService<Func<CatalogDbContext>>());
                await Task.Run(() => index.Rebuild(source.ReadAll(cancellationToken), cancellationToken), cancellationToken);
                index.Commit();
                await index.RefreshAsync(cancellationToken);
                Console.WriteLine($"indexed {index.Count:N0} datasets in {clock.Elapsed.TotalSeconds:F1} s");
            }

            return ExitCodes.Ok;
        });
        return new Command("index", "The catalog search index") { rebuild };
    }
}
