using Agora.Search.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;

namespace Agora.Search.Analysis;

/// <summary>The analyzers of every field, shared by indexing, querying and highlighting.</summary>
internal sealed class AnalyzerSet : IDisposable
{
    private readonly Analyzer chineseWithPairs;

    public AnalyzerSet(SegmentCache cache)
    {
        Chinese = new ChineseAnalyzer(cache);
        chineseWithPairs = new ChineseAnalyzer(cache, adjacentPairs: true);
        English = new EnglishTextAnalyzer();
        Keyword = new TagAnalyzer();
        var perField = new Dictionary<string, Analyzer>(StringComparer.Ordinal);
        foreach (var field in IndexFields.EnglishFields)
        {
            perField[field] = English;
        }
        foreach (var field in IndexFields.ChineseFields)
        {
            // Quoted phrases are searched as phrases of adjacent pairs in these fields (see TextQueryBuilder).
            perField[field] = chineseWithPairs;
        }
        perField[IndexFields.Tags] = Keyword;
        Indexing = new PerFieldAnalyzerWrapper(Chinese, perField);
    }

    /// <summary>The Chinese analysis of queries and snippets; indexing adds the pairs of adjacent words.</summary>
    public Analyzer Chinese { get; }

    public Analyzer English { get; }

    public Analyzer Keyword { get; }

    /// <summary>Chinese by default; English and keyword fields by name.</summary>
    public Analyzer Indexing { get; }

    public Analyzer For(string field) =>
        IndexFields.EnglishFields.Contains(field) ? English
        : field == IndexFields.Tags ? Keyword
        : Chinese;

    public void Dispose()
    {
        Indexing.Dispose();
        Chinese.Dispose();
        chineseWithPairs.Dispose();
        English.Dispose();
        Keyword.Dispose();
    }
}
