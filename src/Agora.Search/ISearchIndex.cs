namespace Agora.Search;

/// <summary>
/// The catalog search index. Thread-safe. Writes become visible to searches within
/// <see cref="SearchIndexOptions.RefreshInterval"/>, or at once after <see cref="RefreshAsync"/>.
/// </summary>
public interface ISearchIndex
{
    /// <summary>True when the index was missing, corrupt or of an older layout and has not been rebuilt yet.</summary>
    bool NeedsRebuild { get; }

    /// <summary>Why <see cref="NeedsRebuild"/> is set; null when it is not.</summary>
    RebuildReason? RebuildReason { get; }

    /// <summary>Datasets in the index (as of the last refresh), whoever may see them.</summary>
    int Count { get; }

    /// <summary>Adds the dataset or replaces the one with the same id.</summary>
    void Upsert(SearchDocument document);

    void Delete(Guid id);

    /// <summary>
    /// Replaces the whole index with these datasets. Searches see the old contents until it completes; upserts and
    /// deletes made meanwhile win over the datasets read here.
    /// </summary>
    void Rebuild(IEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default);

    SearchResult Search(SearchQuery query, SearchVisibility visibility);

    /// <summary>Titles and keywords that start with, or have a word starting with, the prefix.</summary>
    IReadOnlyList<SearchSuggestion> Suggest(string prefix, SearchVisibility visibility, int limit = 10);

    /// <summary>Makes every write made before the call visible to searches.</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Makes every write made before the call durable (it is done every few seconds and on dispose anyway).</summary>
    void Commit();
}

public enum RebuildReason
{
    /// <summary>No index in the directory (first start, or deleted).</summary>
    Missing,

    /// <summary>Index files were damaged or missing; the damaged index was discarded.</summary>
    Corrupt,

    /// <summary>The index was written by a version of Agora with another index layout.</summary>
    LayoutChanged,
}

/// <summary>
/// Where a self-rebuild reads the catalog from. Register one (the catalog does) and the index rebuilds itself in
/// the background when it finds itself missing or corrupt.
/// </summary>
public interface ISearchDocumentSource
{
    IEnumerable<SearchDocument> ReadAll(CancellationToken cancellationToken);
}
