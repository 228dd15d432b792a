namespace Agora.Search;

public sealed class SearchIndexOptions
{
    /// <summary>Folder holding the index; created when missing. Nothing else may be stored in it.</summary>
    public required string IndexDirectory { get; set; }

    /// <summary>How soon writes become visible to searches.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often pending writes are made durable.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Verify the checksum of every index file when opening (reads the whole index once).</summary>
    public bool VerifyOnOpen { get; set; } = true;

    /// <summary>
    /// Results kept per point-in-time reader (until the next refresh after a change) for searches asked again; 0
    /// turns the cache off.
    /// </summary>
    public int ResultCacheEntries { get; set; } = 2048;

    /// <summary>
    /// Hits re-ranked by the title-proximity clause (words typed together rank higher when a title has them close
    /// together): the best this many by the other clauses, or the page asked for when it is longer. Scoring the
    /// clause on every hit costs a third of a query for a common pair of words at 1,000,000 datasets; a larger
    /// window costs more to collect (hundreds of tied scores are compared by id). 0 scores it on every hit. Read at
    /// each search.
    /// </summary>
    public int ProximityWindow { get; set; } = 32;

    /// <summary>
    /// Facets filtered on themselves take their hits from the request's own search (true), or each from a search of its
    /// own (false: the way before, kept to compare both in tests and in the benchmark's <c>profile-search</c>).
    /// </summary>
    internal bool OneSearchForFacets { get; set; } = true;

    /// <summary>
    /// Quoted phrases are searched through the index's pairs of adjacent words (true), or by the words' positions
    /// (false: the same documents, more slowly; kept to compare both in tests and in <c>profile-search</c>).
    /// </summary>
    internal bool PhrasesByPairs { get; set; } = true;

    /// <summary>
    /// Searches without the title-proximity clause give the filter's bits to the scorers and let them score out of
    /// document order (true), so that a disjunction (a word in the text or in the title) is scored in bulk windows of
    /// documents instead of merging the terms' postings one document at a time; false searches through Lucene's
    /// filtered query in order, as before (kept to compare both in tests and in <c>profile-search</c>). Same hits,
    /// same total, same order: the page is sorted by score, then id.
    /// </summary>
    internal bool ScoreOutOfOrder { get; set; } = true;

    /// <summary>
    /// Sorts break ties on the dataset id by ordinals from a cached array (true), or by reading them from the id's doc
    /// values for every comparison (false: Lucene's own comparer, kept to compare both in tests and in
    /// <c>profile-search</c>).
    /// </summary>
    internal bool CachedIdOrdinals { get; set; } = true;

    /// <summary>
    /// Threads that analyze and add documents during <see cref="ISearchIndex.Rebuild"/>, the one reading the documents
    /// included (it indexes a batch itself whenever the others are busy); 0 means one per core.
    /// </summary>
    public int RebuildThreads { get; set; }

    /// <summary>Indexing buffer during a rebuild; larger means fewer, larger segments to merge at its end.</summary>
    public double RebuildRamBufferMb { get; set; } = 256;

    /// <summary>
    /// Segments a rebuild merges the index into at its end. One costs a single rewrite of every document (merging
    /// as segments flush rewrote them several times) and makes searches fastest.
    /// </summary>
    public int RebuildSegments { get; set; } = 1;

    /// <summary>Where a self-rebuild reads the catalog from; without it the host has to call Rebuild.</summary>
    public ISearchDocumentSource? Source { get; set; }

    /// <summary>Told when the index finds it needs a rebuild (at open, or when a search meets damaged files).</summary>
    public Action<RebuildReason>? RebuildNeeded { get; set; }

    /// <summary>Told when a self-rebuild from <see cref="Source"/> fails; the index then still needs one.</summary>
    public Action<Exception>? RebuildFailed { get; set; }
}
