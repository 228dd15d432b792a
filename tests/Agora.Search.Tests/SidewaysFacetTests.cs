namespace Agora.Search.Tests;

/// <summary>
/// Facets filtered on themselves (each counted under every filter but its own) take their hits from the request's
/// own search; these hold them to what a search per facet gives.
/// </summary>
public sealed class SidewaysFacetTests
{
    [Fact]
    public async Task Two_filtered_facets_are_each_counted_under_the_other_filter_and_visibility()
    {
        using var test = await TestIndex.WithAsync(
        [
            // Two words (医疗 + 机构): the query is ranked with the proximity window as well.
            .. Enumerable.Range(0, 4).Select(_ => Docs.Make("医疗 机构 名录", themes: ["health"], formats: ["CSV"])),
            .. Enumerable.Range(0, 3).Select(_ => Docs.Make("医疗 机构 床位", themes: ["health"], formats: ["JSON"])),
            .. Enumerable.Range(0, 2).Select(_ => Docs.Make("医疗 机构 分布", themes: ["society"], formats: ["CSV", "XLSX"])),
            Docs.Make("医疗 机构 地址", themes: ["society"], formats: ["JSON"]),
            // Core data of the police: only its own members see it, whatever the filters.
            Docs.Make("医疗 机构 安保", grade: SearchSecurityGrade.Core, organization: Docs.Police, opening: SearchOpening.Closed, themes: ["health"], formats: ["CSV"]),
            // One word only: never a hit.
            Docs.Make("医疗 名录", themes: ["health"], formats: ["CSV"]),
        ]);
        var filters = new Dictionary<string, IReadOnlyList<string>>
        {
            [SearchFacets.Theme] = ["health"],
            [SearchFacets.Format] = ["CSV"],
        };

        var outsider = test.Search("医疗机构", SearchVisibility.Government(Docs.HealthCommission), q => q with { Filters = filters });
        var owner = test.Search("医疗机构", SearchVisibility.Government(Docs.Police), q => q with { Filters = filters });

        Assert.Equal(4, outsider.Total);
        Assert.Equal(4, outsider.Items.Count);
        // Themes under the format filter: 4 health + 2 society with CSV; formats under the theme filter: 4 CSV, 3 JSON.
        Assert.Equal(["health:4", "society:2"], Counts(outsider, SearchFacets.Theme));
        Assert.Equal(["CSV:4", "JSON:3"], Counts(outsider, SearchFacets.Format));
        // Facets not filtered on count the request's hits.
        Assert.Equal(["general:4"], Counts(outsider, SearchFacets.SecurityGrade));

        Assert.Equal(5, owner.Total);
        Assert.Equal(["health:5", "society:2"], Counts(owner, SearchFacets.Theme));
        Assert.Equal(["CSV:5", "JSON:3"], Counts(owner, SearchFacets.Format));
        Assert.Equal(["core:1", "general:4"], Counts(owner, SearchFacets.SecurityGrade));
    }

    [Fact]
    public async Task A_facet_filtered_on_itself_counts_what_the_search_without_that_filter_counts()
    {
        using var test = new TestIndex(configure: o => o.ResultCacheEntries = 0);
        test.Index.Rebuild(Docs.Varied(120));
        await test.Index.RefreshAsync();

        string?[] texts = ["医院", "医疗机构", "\"医疗 机构\"", "hospital beds", "北京市有哪些医院", null];
        SearchVisibility[] callers = [SearchVisibility.Public, SearchVisibility.Government(Docs.Police), SearchVisibility.Bureau];
        Dictionary<string, IReadOnlyList<string>>[] filterSets =
        [
            new() { [SearchFacets.Theme] = ["health"] },
            new() { [SearchFacets.Theme] = ["health", "transport"], [SearchFacets.Format] = ["CSV"] },
            new() { [SearchFacets.Opening] = ["open"], [SearchFacets.Format] = ["JSON", "XLSX"], [SearchFacets.Organization] = [Docs.Police.ToString()] },
            new() { [SearchFacets.Region] = ["110000"], [SearchFacets.Theme] = ["society"] },
        ];
        var compared = 0;
        foreach (var text in texts)
        {
            foreach (var caller in callers)
            {
                foreach (var filters in filterSets)
                {
                    var filtered = test.Search(text, caller, q => q with { Filters = filters, Limit = 7, FacetLimit = 100 });
                    // A region filter counts the region facet one level down (cities), so it is not compared here.
                    foreach (var name in filters.Keys.Where(n => n != SearchFacets.Region && filtered.Facets.ContainsKey(n)))
                    {
                        var others = filters.Where(f => f.Key != name).ToDictionary(f => f.Key, f => f.Value);
                        var without = test.Search(text, caller, q => q with { Filters = others, Limit = 7, FacetLimit = 100 });

                        Assert.Equal(without.Facets[name], filtered.Facets[name]);
                        compared += without.Facets[name].Sum(v => v.Count);
                    }
                }
            }
        }
        // The searches found something to compare.
        Assert.True(compared > 100, $"only {compared} counts compared");
    }

    private static List<string> Counts(SearchResult result, string facet) =>
        [.. result.Facets[facet].Select(f => $"{f.Value}:{f.Count}").Order(StringComparer.Ordinal)];
}
