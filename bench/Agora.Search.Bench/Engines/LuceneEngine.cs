namespace Agora.Search.Bench.Engines;

internal sealed class LuceneEngine(string folder) : IBenchEngine
{
    private LuceneSearchIndex? index;

    public string Name => "Lucene.NET (Agora.Search)";

    public LuceneSearchIndex Index => index ?? throw new InvalidOperationException("Load first.");

    public (TimeSpan Elapsed, long Bytes) Load(CatalogGenerator generator)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        // The result cache is off: these figures are what the engine does for a search, not how often a mix repeats itself.
        index = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = folder, VerifyOnOpen = false, ResultCacheEntries = 0 });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        index.Rebuild(generator.All().Select(r => r.Document));
        watch.Stop();
        return (watch.Elapsed, Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length));
    }

    public EngineResult Run(BenchQuery query, int limit, bool bureau = false)
    {
        var result = Index.Search(
            new SearchQuery { Text = query.Text, Filters = query.Filters, Facets = query.WithFacets ? null : [], Limit = limit },
            bureau ? SearchVisibility.Bureau : query.Visibility);
        return new EngineResult(result.Total, [.. result.Items.Select(i => int.Parse(i.Identifier.AsSpan(i.Identifier.LastIndexOf('-') + 1), System.Globalization.CultureInfo.InvariantCulture))]);
    }

    public void Dispose() => index?.Dispose();
}
