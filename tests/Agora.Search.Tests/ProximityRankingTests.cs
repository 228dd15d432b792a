namespace Agora.Search.Tests;

/// <summary>
/// The title-proximity clause (words typed together rank higher when a title has them close together) is scored on
/// the best hits only (<see cref="SearchIndexOptions.ProximityWindow"/>); these hold its ranking and paging to what
/// scoring it on every hit gives.
/// </summary>
public sealed class ProximityRankingTests
{
    // 医疗机构 is two words to the analyzer (医疗 + 机构): the query gets the proximity clause.
    private const string Query = "医疗机构";

    [Fact]
    public async Task Re_ranking_the_best_hits_gives_the_order_and_scores_of_scoring_every_hit()
    {
        SearchIndexOptions? options = null;
        // No result cache: the second search must be computed with the other window.
        using var test = new TestIndex(configure: o => (options = o).ResultCacheEntries = 0);
        test.Index.Rebuild(Documents());
        await test.Index.RefreshAsync();

        options!.ProximityWindow = 0;
        var everyHit = test.Search(Query, change: q => q with { Limit = 50, Facets = [] });
        options.ProximityWindow = 1000;
        var window = test.Search(Query, change: q => q with { Limit = 50, Facets = [] });

        // The clause decides this order: titles with the two words together first.
        Assert.Equal(30, everyHit.Total);
        Assert.All(everyHit.Items.Take(15), h => Assert.StartsWith("医疗 机构", h.TitleZhHtml.Replace("<mark>", "").Replace("</mark>", ""), StringComparison.Ordinal));
        Assert.Equal(everyHit.Total, window.Total);
        Assert.Equal(everyHit.Items.Select(h => h.Id), window.Items.Select(h => h.Id));
        Assert.All(everyHit.Items.Zip(window.Items), p => Assert.Equal(p.First.Score, p.Second.Score, 0.0001f * p.First.Score));
    }

    [Theory]
    [InlineData(5, 4)]
    [InlineData(3, 10)]
    [InlineData(12, 5)]
    public async Task Cursor_paging_across_the_end_of_the_window_has_no_duplicates_or_gaps(int proximityWindow, int limit)
    {
        using var test = new TestIndex(configure: o => o.ProximityWindow = proximityWindow);
        var documents = Documents();
        test.Index.Rebuild(documents);
        await test.Index.RefreshAsync();

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = test.Search(Query, change: q => q with { Limit = limit, Cursor = cursor, Facets = [SearchFacets.Theme] });
            Assert.Equal(30, page.Total);
            Assert.Equal(30, page.Facets[SearchFacets.Theme].Sum(f => f.Count));
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 40);

        Assert.Equal((30 + limit - 1) / limit, pages);
        Assert.Equal(30, seen.Distinct().Count());
        Assert.Equal(documents.Where(d => d.TitleZh.Contains("机构", StringComparison.Ordinal)).Select(d => d.Id).Order(), seen.Order());
    }

    /// <summary>
    /// 15 titles with the two words together and 15 with them six words apart, otherwise alike (same number of words,
    /// so that the required words alone score them all the same); 5 that match one word only.
    /// </summary>
    private static SearchDocument[] Documents() =>
    [
        .. Enumerable.Range(0, 15).Select(i => Docs.Make(
            "医疗 机构 名录 统计 汇总 地址", themes: [i % 2 == 0 ? "health" : "society"])),
        .. Enumerable.Range(0, 15).Select(i => Docs.Make("医疗 名录 统计 汇总 地址 机构", themes: ["environment"])),
        .. Enumerable.Range(0, 5).Select(i => Docs.Make("医疗 名录 统计 汇总 地址 人数")),
    ];
}
