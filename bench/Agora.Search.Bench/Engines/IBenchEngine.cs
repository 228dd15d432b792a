namespace Agora.Search.Bench.Engines;

/// <summary>Datasets matching (visible to the caller) and the generator indexes of the first ones, best first.</summary>
internal sealed record EngineResult(int Total, int[] Top);

internal interface IBenchEngine : IDisposable
{
    string Name { get; }

    /// <summary>Loads the generated catalog; returns how long indexing took, and the size on disk.</summary>
    (TimeSpan Elapsed, long Bytes) Load(CatalogGenerator generator);

    /// <summary>
    /// Runs a query as the search API would: the total, the first page and, when asked, every facet's counts.
    /// <paramref name="bureau"/> skips visibility (for relevance judging).
    /// </summary>
    EngineResult Run(BenchQuery query, int limit, bool bureau = false);
}
