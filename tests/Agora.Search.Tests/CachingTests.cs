namespace Agora.Search.Tests;

/// <summary>
/// Results and filter bit sets are cached per point-in-time reader; what a caller sees must still follow every change
/// and every difference of visibility.
/// </summary>
public sealed class CachingTests
{
    [Fact]
    public async Task A_search_asked_again_after_a_change_sees_the_change()
    {
        var first = Docs.Make("医院名录");
        using var test = await TestIndex.WithAsync(first);
        Assert.Equal(1, test.Search("医院", SearchVisibility.Public).Total);
        Assert.Equal(1, test.Search(null, SearchVisibility.Public).Total);

        var second = Docs.Make("医院床位");
        test.Index.Upsert(second);
        await test.Index.RefreshAsync();

        Assert.Equal(2, test.Search("医院", SearchVisibility.Public).Total);
        Assert.Equal(2, test.Search(null, SearchVisibility.Public).Total);

        test.Index.Delete(first.Id);
        await test.Index.RefreshAsync();

        var text = test.Search("医院", SearchVisibility.Public);
        var browse = test.Search(null, SearchVisibility.Public, q => q with { Facets = null });
        Assert.Equal([second.Id], text.Items.Select(i => i.Id));
        Assert.Equal([second.Id], browse.Items.Select(i => i.Id));
        Assert.Equal([new FacetValue("health", 1)], browse.Facets[SearchFacets.Theme]);
    }

    [Fact]
    public async Task The_same_search_by_callers_who_see_different_datasets_gets_different_answers()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("医院名录"),
            Docs.Make("医院安保核心数据", opening: SearchOpening.Closed, grade: SearchSecurityGrade.Core, organization: Docs.Police));

        // The bureau asks first, so a cache keyed on the request alone would hand its answer to the public.
        foreach (var text in new[] { "医院", null })
        {
            Assert.Equal(2, test.Search(text, SearchVisibility.Bureau).Total);
            Assert.Equal(1, test.Search(text, SearchVisibility.Public).Total);
            Assert.Equal(1, test.Search(text, SearchVisibility.Government(Docs.HealthCommission)).Total);
            Assert.Equal(2, test.Search(text, SearchVisibility.Government(Docs.Police)).Total);
        }
    }

    [Fact]
    public async Task Filters_given_in_another_order_select_the_same_datasets_and_other_filters_do_not()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("医院名录", themes: ["health"], formats: ["CSV"]),
            Docs.Make("公交线路", themes: ["transport"], formats: ["JSON"], organization: Docs.TransportBureau),
            Docs.Make("公交站点", themes: ["transport"], formats: ["CSV"], organization: Docs.TransportBureau));

        SearchResult Browse(params (string Name, string[] Values)[] filters) => test.Search(null, SearchVisibility.Public,
            q => q with { Filters = filters.ToDictionary(f => f.Name, f => (IReadOnlyList<string>)f.Values) });

        Assert.Equal(3, Browse((SearchFacets.Format, ["CSV", "JSON"])).Total);
        Assert.Equal(3, Browse((SearchFacets.Format, ["JSON", "CSV"])).Total);
        Assert.Equal(2, Browse((SearchFacets.Format, ["CSV"])).Total);
        Assert.Equal(1, Browse((SearchFacets.Format, ["CSV"]), (SearchFacets.Theme, ["transport"])).Total);
        Assert.Equal(1, Browse((SearchFacets.Theme, ["transport"]), (SearchFacets.Format, ["CSV"])).Total);
        Assert.Equal(2, Browse((SearchFacets.Theme, ["transport"])).Total);
    }

    [Fact]
    public async Task The_result_cache_can_be_turned_off()
    {
        using var test = new TestIndex(configure: o => o.ResultCacheEntries = 0);
        test.Index.Rebuild([Docs.Make("医院名录")]);
        await test.Index.RefreshAsync();

        var first = test.Search("医院");
        var second = test.Search("医院");
        Assert.NotSame(first, second);
        Assert.Equal(first.Items.Select(i => i.Id), second.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_search_asked_again_is_answered_from_the_cache_until_the_index_changes()
    {
        using var test = await TestIndex.WithAsync(Docs.Make("医院名录"));

        var first = test.Search("医院");
        Assert.Same(first, test.Search("医院"));
        Assert.NotSame(first, test.Search("医院", change: q => q with { Limit = 5 }));

        test.Index.Upsert(Docs.Make("医院床位"));
        await test.Index.RefreshAsync();
        Assert.NotSame(first, test.Search("医院"));
    }
}
