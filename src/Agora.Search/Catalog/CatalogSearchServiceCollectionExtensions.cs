using Agora.Catalog.Api;
using Agora.Catalog.Hosting;
using Agora.Catalog.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agora.Search.Catalog;

public static class CatalogSearchServiceCollectionExtensions
{
    /// <summary>
    /// The catalog index in <paramref name="indexDirectory"/>, kept in step with the catalog by an observer, read
    /// from the store for rebuilds, and checked at start: rebuilt in the background when missing, damaged or out of
    /// step with the store (a bulk import or the demo load writes without telling observers).
    /// </summary>
    /// <param name="rebuildWhenOutOfStep">False keeps an index whose count differs from the store's (it is still
    /// rebuilt when missing or damaged): for an index filled from elsewhere on purpose, as the web benchmark's
    /// synthetic datasets are.</param>
    public static IServiceCollection AddAgoraCatalogSearch(
        this IServiceCollection services, string indexDirectory, Action<SearchIndexOptions>? configure = null, bool rebuildWhenOutOfStep = true)
    {
        services.AddSingleton(new SearchIndexStartup.Settings(rebuildWhenOutOfStep));
        services.AddSingleton<ISearchDocumentSource, CatalogDocumentSource>();
        services.AddAgoraSearch(indexDirectory, configure);
        services.AddScoped<ICatalogObserver, SearchIndexObserver>();
        services.TryAddSingleton<HostStart>();
        services.AddHostedService<SearchIndexStartup>();
        return services;
    }

    /// <summary>Reads every dataset of the store as index documents (for <c>agora index rebuild</c>).</summary>
    public static ISearchDocumentSource DocumentSource(Func<CatalogDbContext> contexts) => new CatalogDocumentSource(contexts);
}
