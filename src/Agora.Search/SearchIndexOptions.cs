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
    /// Quoted phrases are searched through the index's pairs of adjacent words (true), or by the words' positions
    /// (false: the same documents, more slowly; kept to compare both in tests and in <c>profile-search</c>).
    /// </summary>
    internal bool PhrasesByPairs { get; set; } = true;

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
