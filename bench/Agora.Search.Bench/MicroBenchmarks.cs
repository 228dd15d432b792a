using Agora.Search.Analysis;
using BenchmarkDotNet.Attributes;
using Lucene.Net.Analysis.TokenAttributes;

namespace Agora.Search.Bench;

/// <summary>
/// BenchmarkDotNet figures for single operations on a 20,000-record index:
/// <c>dotnet run -c Release --project bench/Agora.Search.Bench -- micro --filter '*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class MicroBenchmarks
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "agora-search-micro");
    private LuceneSearchIndex index = null!;
    private readonly Dictionary<string, IReadOnlyList<string>> filters = new()
    {
        [SearchFacets.Theme] = ["health", "transport"],
        [SearchFacets.Region] = ["110000"],
    };

    private readonly ChineseAnalyzer cached = new(new SegmentCache(100_000));
    private readonly ChineseAnalyzer uncached = new(new SegmentCache(0));
    private const string Description = "本数据集包含北京市朝阳区医疗机构名录的机构名称、医院等级、地址等信息，数据来源于北京市朝阳区卫生健康委员会，按季度更新。";

    [GlobalSetup]
    public void Setup()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, true);
        }
        index = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = folder, VerifyOnOpen = false });
        index.Rebuild(new CatalogGenerator(20_000, 7).All().Select(r => r.Document));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        index.Dispose();
        Directory.Delete(folder, true);
    }

    [Benchmark]
    public int SingleChineseWord() => index.Search(new SearchQuery { Text = "医院", Facets = [] }, SearchVisibility.Public).Total;

    [Benchmark]
    public int ChineseMultiWord() => index.Search(new SearchQuery { Text = "北京市医疗机构名录", Facets = [] }, SearchVisibility.Public).Total;

    [Benchmark]
    public int PhraseEnglish() => index.Search(new SearchQuery { Text = "\"air quality\"", Facets = [] }, SearchVisibility.Public).Total;

    [Benchmark]
    public int FiltersWithAllFacets() => index.Search(new SearchQuery { Text = "数据", Filters = filters }, SearchVisibility.Public).Total;

    [Benchmark]
    public int Suggest() => index.Suggest("医", SearchVisibility.Public).Count;

    [Benchmark]
    public int SegmentDescriptionCached() => Tokens(cached);

    [Benchmark]
    public int SegmentDescriptionUncached() => Tokens(uncached);

    private static int Tokens(ChineseAnalyzer analyzer)
    {
        using var stream = analyzer.GetTokenStream("f", Description);
        stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var count = 0;
        while (stream.IncrementToken())
        {
            count++;
        }
        stream.End();
        return count;
    }
}
