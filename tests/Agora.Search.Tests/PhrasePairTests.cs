namespace Agora.Search.Tests;

/// <summary>
/// Quoted Chinese phrases are searched through the index's pairs of adjacent words; these hold them to the documents
/// the phrase of the words' positions finds (<see cref="SearchIndexOptions.PhrasesByPairs"/> off).
/// </summary>
public sealed class PhrasePairTests
{
    [Fact]
    public async Task Quoted_phrases_find_the_words_in_that_order_and_nothing_else()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("空气质量监测数据"),
            Docs.Make("监测站点", descriptionZh: "本市空气质量监测数据，按小时更新。"),
            Docs.Make("空气质量排名", descriptionZh: "空气质量与监测数据分开发布。"),
            Docs.Make("数据监测", descriptionZh: "监测数据 空气质量"),
            Docs.Make("水质监测数据"));

        Assert.Equal(Sorted("监测站点", "空气质量监测数据"), Titles(test.Search("\"空气质量监测数据\"")));
        Assert.Equal(Sorted("数据监测", "水质监测数据", "监测站点", "空气质量排名", "空气质量监测数据"), Titles(test.Search("\"监测数据\"")));
        // Both words are there, never in this order: no phrase match.
        Assert.Equal(4, test.Search("质量 空气").Total);
        Assert.Equal(0, test.Search("\"质量空气\"").Total);
    }

    [Fact]
    public async Task Phrases_by_pairs_find_what_the_words_positions_find()
    {
        SearchIndexOptions? options = null;
        using var test = new TestIndex(configure: o => (options = o).ResultCacheEntries = 0);
        test.Index.Rebuild(
        [
            Docs.Make("北京市医院名录"),
            Docs.Make("北京医院床位", descriptionZh: "北京市 医院 床位 统计"),
            Docs.Make("医疗机构名称", descriptionZh: "机构名称、地址和医疗机构类别"),
            Docs.Make("机构名称列表", descriptionZh: "名称机构"),
            Docs.Make("石家庄市公交线路", descriptionZh: "石家庄市公共交通线路和站点"),
            Docs.Make("公共交通站点", descriptionZh: "站点 公共 交通"),
            Docs.Make("空气质量监测数据", keywords: ["空气质量", "监测"]),
            Docs.Make("Air quality 监测 data", descriptionZh: "PM2.5 监测 数据"),
        ]);
        await test.Index.RefreshAsync();

        string[] phrases =
        [
            "\"北京医院\"", "\"北京市医院\"", "\"医院床位\"", "\"机构名称\"", "\"医疗机构名称\"", "\"名称机构\"",
            "\"石家庄公交\"", "\"公共交通\"", "\"交通线路\"", "\"空气质量监测数据\"", "\"监测数据\"", "\"PM2.5 监测\"",
            "\"医院\"", "\"北京\" 床位", "\"没有的词语\"",
            // Inner pairs that are no dictionary word (京市, 家庄, 庄市) are paired with nothing: no query asks for them.
            "\"京市医院\"", "\"庄市公交\"", "\"北京市医院名录\"", "\"石家庄市公交线路\"",
        ];
        var found = 0;
        foreach (var phrase in phrases)
        {
            options!.PhrasesByPairs = false;
            var byWords = test.Search(phrase, change: q => q with { Limit = 50, Facets = [] });
            options.PhrasesByPairs = true;
            var byPairs = test.Search(phrase, change: q => q with { Limit = 50, Facets = [] });

            Assert.True(byWords.Total == byPairs.Total, $"{phrase}: {byWords.Total} by words, {byPairs.Total} by pairs");
            Assert.Equal(byWords.Items.Select(i => i.Id).Order(), byPairs.Items.Select(i => i.Id).Order());
            found += byWords.Total;
        }
        Assert.True(found >= 17, $"only {found} hits compared");
    }

    [Fact]
    public void Indexing_with_pairs_keeps_every_word_token_as_the_plain_analysis_makes_it()
    {
        // The word after a position's pairs is held back while they go out; it must come back whole (term, offsets,
        // position, type, keyword flag), mixed Latin words and long Han words included.
        const string text = "北京市医院床位统计，Hospitals' bed counts 2024；石家庄市公共交通线路和站点 PM2.5 监测数据";
        var cache = new Agora.Search.Analysis.SegmentCache(1000);
        using var plain = new Agora.Search.Analysis.ChineseAnalyzer(cache);
        using var withPairs = new Agora.Search.Analysis.ChineseAnalyzer(cache, adjacentPairs: true);

        var words = Tokens(plain, text);
        var all = Tokens(withPairs, text);
        var pairs = all.Where(t => t.Term.StartsWith('\u0001')).ToList();

        Assert.Equal(words, all.Where(t => !t.Term.StartsWith('\u0001')).ToList());
        Assert.True(pairs.Count >= 5, $"{pairs.Count} pairs for {words.Count} words");
        Assert.All(pairs, p => Assert.Equal(0, p.Increment));
    }

    [Fact]
    public void Pairs_leave_out_inner_pairs_that_no_query_can_ask_for()
    {
        // 北京市 stacks 北京 (a word: someone may type it) and 京市 (no word: SmartCn never makes it a token of a query).
        var cache = new Agora.Search.Analysis.SegmentCache(1000);
        using var withPairs = new Agora.Search.Analysis.ChineseAnalyzer(cache, adjacentPairs: true);
        using var plain = new Agora.Search.Analysis.ChineseAnalyzer(cache);
        Assert.Equal(["北京市", "北京", "京市", "医院"], Tokens(plain, "北京市医院").Select(t => t.Term));

        var pairs = Tokens(withPairs, "北京市医院").Where(t => t.Term.StartsWith('\u0001')).Select(t => t.Term).Order(StringComparer.Ordinal);

        Assert.Equal([Agora.Search.Analysis.ChineseAnalyzer.PairTerm("北京", "医院"), Agora.Search.Analysis.ChineseAnalyzer.PairTerm("北京市", "医院")], pairs);
        // Typed alone, 京市 still comes out of the analysis as single characters, never as the word 京市.
        Assert.DoesNotContain("京市", Tokens(plain, "京市医院").Where(t => t.Increment != 0).Select(t => t.Term));
    }

    private static List<(string Term, int Start, int End, int Increment, string Type, bool Keyword)> Tokens(Lucene.Net.Analysis.Analyzer analyzer, string text)
    {
        var tokens = new List<(string, int, int, int, string, bool)>();
        using var stream = analyzer.GetTokenStream("zh_all", text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        var offset = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IOffsetAttribute>();
        var increment = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IPositionIncrementAttribute>();
        var type = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ITypeAttribute>();
        var keyword = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IKeywordAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset, increment.PositionIncrement, type.Type, keyword.IsKeyword));
        }
        stream.End();
        return tokens;
    }

    private static List<string> Sorted(params string[] titles) => [.. titles.Order(StringComparer.Ordinal)];

    private static List<string> Titles(SearchResult result) =>
        [.. result.Items.Select(i => i.TitleZhHtml.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
