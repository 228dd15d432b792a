using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agora.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers the catalog index as a singleton <see cref="ISearchIndex"/>, stored in
    /// <paramref name="indexDirectory"/>. When an <see cref="ISearchDocumentSource"/> is registered, an index found
    /// missing or damaged rebuilds itself from it in the background.
    /// </summary>
    public static IServiceCollection AddAgoraSearch(
        this IServiceCollection services, string indexDirectory, Action<SearchIndexOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexDirectory);
        services.TryAddSingleton(provider =>
        {
            var options = new SearchIndexOptions
            {
                IndexDirectory = indexDirectory,
                Source = provider.GetService<ISearchDocumentSource>(),
            };
            configure?.Invoke(options);
            return new LuceneSearchIndex(options);
        });
        services.TryAddSingleton<ISearchIndex>(provider => provider.GetRequiredService<LuceneSearchIndex>());
        return services;
    }
}
