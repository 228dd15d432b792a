namespace Agora.Search.Tests;

public sealed class RegionSortPagingTests
{
    private static Dictionary<string, IReadOnlyList<string>> Region(params string[] codes) =>
        new() { [SearchFacets.Region] = codes };

    [Fact]
    public async Task A_region_code_matches_its_subdivisions()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("北京市级", region: "110000"),
            Docs.Make("北京市辖区", region: "110100"),
            Docs.Make("朝阳区", region: "110105"),
            Docs.Make("天津和平区", region: "120101"),
            Docs.Make("石家庄长安区", region: "130102"));

        Assert.Equal(["北京市级", "北京市辖区", "朝阳区"], Titles(test, Region("110000")));
        Assert.Equal(["北京市辖区", "朝阳区"], Titles(test, Region("110100")));
        Assert.Equal(["朝阳区"], Titles(test, Region("110105")));
        Assert.Equal(["天津和平区", "朝阳区"], Titles(test, Region("110105", "120000")));
    }

    [Fact]
    public async Task Region_facet_counts_one_level_below_the_filter()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("甲", region: "110105"),
            Docs.Make("乙", region: "110108"),
            Docs.Make("丙", region: "120101"));

        var all = test.Search(null).Facets[SearchFacets.Region];
        var beijing = test.Search(null, change: q => q with { Filters = Region("110000") }).Facets[SearchFacets.Region];
        var city = test.Search(null, change: q => q with { Filters = Region("110100") }).Facets[SearchFacets.Region];

        Assert.Equal([new FacetValue("110000", 2), new FacetValue("120000", 1)], all);
        Assert.Equal([new FacetValue("110100", 2)], beijing);
        Assert.Equal([new FacetValue("110105", 1), new FacetValue("110108", 1)], city);
    }

    [Fact]
    public async Task Sorts_by_modified_title_and_usage()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("城市道路", "Roads", modified: new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero), usage: 5),
            Docs.Make("北京医院", "Hospitals", modified: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), usage: 50),
            Docs.Make("安全生产", "Accidents", modified: new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), usage: 500));

        Assert.Equal(["北京医院", "城市道路", "安全生产"], Sorted(test, SearchSort.Modified));
        Assert.Equal(["安全生产", "北京医院", "城市道路"], Sorted(test, SearchSort.Title));
        Assert.Equal(["安全生产", "北京医院", "城市道路"], Sorted(test, SearchSort.Usage));
        Assert.Equal(["安全生产", "北京医院", "城市道路"], Sorted(test, SearchSort.Title, "en"));
        Assert.Equal(["北京医院", "城市道路", "安全生产"], Sorted(test, SearchSort.Relevance));
    }

    [Fact]
    public async Task Title_sort_orders_Chinese_by_pinyin()
    {
        using var test = await TestIndex.WithAsync(Docs.Make("重庆"), Docs.Make("安徽"), Docs.Make("浙江"), Docs.Make("北京"));

        // Code point order would put 北 (U+5317) before 安 (U+5B89).
        Assert.Equal(["安徽", "北京", "重庆", "浙江"], Sorted(test, SearchSort.Title));
    }

    [Theory]
    [InlineData(SearchSort.Relevance)]
    [InlineData(SearchSort.Modified)]
    [InlineData(SearchSort.Title)]
    [InlineData(SearchSort.Usage)]
    public async Task Cursor_paging_has_no_duplicates_or_gaps(SearchSort sort)
    {
        // Ties on purpose: a handful of dates, usages and titles shared by many datasets.
        var documents = Enumerable.Range(0, 53).Select(i => Docs.Make(
            i % 3 == 0 ? "医院名录" : "医院床位 " + (i % 7),
            descriptionZh: string.Concat(Enumerable.Repeat("医院", 1 + (i % 4))),
            modified: new DateTimeOffset(2024, 1, 1 + (i % 5), 0, 0, 0, TimeSpan.Zero),
            usage: i % 6)).ToArray();
        using var test = await TestIndex.WithAsync(documents);

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = test.Search("医院", change: q => q with { Sort = sort, Limit = 10, Cursor = cursor, Facets = [] });
            Assert.Equal(53, page.Total);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(6, pages);
        Assert.Equal(53, seen.Distinct().Count());
        Assert.Equal(documents.Select(d => d.Id).Order(), seen.Order());
    }

    [Theory]
    [InlineData(SearchSort.Relevance)]
    [InlineData(SearchSort.Modified)]
    [InlineData(SearchSort.Title)]
    [InlineData(SearchSort.Usage)]
    public async Task Browsing_pages_through_exactly_the_visible_datasets(SearchSort sort)
    {
        var documents = Enumerable.Range(0, 60).Select(i => Docs.Make(
            "数据" + (i % 9),
            opening: i % 5 == 0 ? SearchOpening.Closed : SearchOpening.Open,
            modified: new DateTimeOffset(2024, 1, 1 + (i % 4), 0, 0, 0, TimeSpan.Zero),
            usage: i % 3)).ToArray();
        using var test = await TestIndex.WithAsync(documents);
        // Deleted and replaced datasets leave deletions in the segment that the pages must skip.
        test.Index.Delete(documents[1].Id);
        test.Index.Upsert(documents[2] with { TitleZh = "改过的标题", Usage = 100 });
        await test.Index.RefreshAsync();
        var expected = documents.Where((d, i) => i != 1 && i % 5 != 0).Select(d => d.Id).Order().ToArray();

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = test.Search(null, SearchVisibility.Public, q => q with { Sort = sort, Limit = 7, Cursor = cursor, Facets = [SearchFacets.Opening] });
            Assert.Equal(expected.Length, page.Total);
            Assert.Equal([new FacetValue("open", expected.Length)], page.Facets[SearchFacets.Opening]);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null && seen.Count < 200);

        Assert.Equal(expected, seen.Order());
        var all = test.Search(null, SearchVisibility.Public, q => q with { Sort = sort, Limit = 100 }).Items;
        Assert.Equal(all.Select(i => i.Id), seen);
    }

    [Fact]
    public async Task The_last_page_has_no_cursor()
    {
        using var test = await TestIndex.WithAsync(Docs.Make("甲"), Docs.Make("乙"));

        Assert.Null(test.Search(null, change: q => q with { Limit = 2 }).NextCursor);
        Assert.NotNull(test.Search(null, change: q => q with { Limit = 1 }).NextCursor);
    }

    [Fact]
    public async Task A_cursor_from_another_query_or_made_up_is_refused()
    {
        using var test = await TestIndex.WithAsync(Docs.Make("医院甲"), Docs.Make("医院乙"));
        var cursor = test.Search("医院", change: q => q with { Limit = 1 }).NextCursor;

        foreach (var change in new Func<SearchQuery, SearchQuery>[]
        {
            q => q with { Cursor = cursor, Text = "交通" },
            q => q with { Cursor = cursor, Sort = SearchSort.Usage },
            q => q with { Cursor = "not a cursor" },
            q => q with { Cursor = "AAAA" },
            q => q with { Cursor = new string('A', 5000) },
        })
        {
            var error = Assert.Throws<SearchQueryException>(() => test.Search("医院", change: change));
            Assert.Equal(("invalid-cursor", "cursor"), (error.Code, error.Field));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Limit_out_of_range_is_refused(int limit)
    {
        using var test = await TestIndex.WithAsync(Docs.Make("甲"));

        var error = Assert.Throws<SearchQueryException>(() => test.Search(null, change: q => q with { Limit = limit }));

        Assert.Equal("limit", error.Field);
    }

    private static string[] Titles(TestIndex test, Dictionary<string, IReadOnlyList<string>> filters) =>
        [.. TextSearchTests.Titles(test.Search(null, change: q => q with { Filters = filters })).Order(StringComparer.Ordinal)];

    private static string[] Sorted(TestIndex test, SearchSort sort, string language = "zh") =>
        TextSearchTests.Titles(test.Search(sort == SearchSort.Relevance ? null : "", change: q => q with { Sort = sort, Language = language }));
}
