namespace Agora.Search.Tests;

/// <summary>
/// Searches score disjunctions in bulk, out of document order, break ties on cached id ordinals and sort by modified
/// and usage from cached values; these hold, over segments with deleted documents and filters both dense and sparse,
/// that following the cursors gives every hit once, in the order asked for, as one long page does, and that the
/// facets count exactly the hits.
/// </summary>
public sealed class PagingConsistencyTests
{
    [Fact]
    public async Task Every_sort_pages_through_every_hit_once_in_order_with_facets_counting_the_hits()
    {
        using var test = new TestIndex(configure: o => o.ResultCacheEntries = 0);
        // The transport bureau's datasets all come late in the index: a filter on it is sparse. Usage and modified
        // repeat, so that many hits tie on them and the id decides.
        var catalog = Docs.Varied(400, i => i >= 300 && i % 2 == 0 ? Docs.TransportBureau : i % 4 < 2 ? Docs.HealthCommission : Docs.Police)
            .Select((d, i) => d with { Usage = i * 7 % 13, Modified = new DateTimeOffset(2024, 1, 1 + i % 9, 0, 0, 0, TimeSpan.Zero) })
            .ToArray();
        test.Index.Rebuild(catalog);
        await test.Index.RefreshAsync();
        // A second segment, and deletions in the first: the accepted documents are the filter's and the live ones.
        foreach (var document in catalog.Where((_, i) => i % 9 == 0))
        {
            test.Index.Delete(document.Id);
        }
        foreach (var i in Enumerable.Range(0, 40))
        {
            test.Index.Upsert(Docs.Make(i % 2 == 0 ? "医院 床位 统计" : "公交 线路 名录", titleEn: "hospital beds", themes: ["transport"], usage: i % 5));
        }
        await test.Index.RefreshAsync();

        string?[] texts = ["医院", "医疗机构", "机构", "hospital", "hospital beds", "\"医疗 机构\"", "北京市有哪些医院", null];
        SearchVisibility[] callers = [SearchVisibility.Public, SearchVisibility.Government(Docs.Police), SearchVisibility.Bureau];
        Dictionary<string, IReadOnlyList<string>>[] filterSets =
        [
            [],
            new() { [SearchFacets.Theme] = ["health"] },
            // Sparse (the transport bureau's datasets come last): leap-frogged by Lucene.
            new() { [SearchFacets.Organization] = [Docs.TransportBureau.ToString()] },
            new() { [SearchFacets.Format] = ["CSV"], [SearchFacets.Opening] = ["open"] },
        ];
        var compared = 0;
        foreach (var text in texts)
        {
            foreach (var caller in callers)
            {
                foreach (var filters in filterSets)
                {
                    foreach (var sort in new[] { SearchSort.Relevance, SearchSort.Usage, SearchSort.Modified })
                    {
                        var pages = Pages(test, text, caller, filters, sort);
                        var hits = pages.SelectMany(p => p.Items).ToList();

                        Assert.All(pages, p => Assert.Equal(pages[0].Total, p.Total));
                        Assert.Equal(pages[0].Total, hits.Count);
                        Assert.Equal(hits.Count, hits.Select(h => h.Id).Distinct().Count());
                        Assert.True(Ordered(hits, sort), $"{text} sorted by {sort} is out of order");
                        if (hits.Count <= SearchQuery.MaxLimit)
                        {
                            var one = test.Search(text, caller, q => q with { Filters = filters, Sort = sort, Limit = SearchQuery.MaxLimit });
                            if (sort == SearchSort.Relevance)
                            {
                                // One long page re-ranks more of its hits by title proximity than pages of 9 do (see
                                // SearchIndexOptions.ProximityWindow): the same hits, not always in the same order.
                                Assert.Equal(one.Items.Select(i => i.Id).Order(), hits.Select(i => i.Id).Order());
                            }
                            else
                            {
                                Assert.Equal(one.Items.Select(i => (i.Id, i.Score)), hits.Select(i => (i.Id, i.Score)));
                            }
                        }
                        // Facets not filtered on themselves count the hits themselves.
                        var facets = pages[0].Facets;
                        if (!filters.ContainsKey(SearchFacets.Organization))
                        {
                            Assert.Equal(Tally(hits.Select(h => h.OrganizationId.ToString())), Tally(facets[SearchFacets.Organization]));
                        }
                        if (!filters.ContainsKey(SearchFacets.Theme))
                        {
                            Assert.Equal(Tally(hits.SelectMany(h => h.Themes)), Tally(facets[SearchFacets.Theme]));
                        }
                        if (!filters.ContainsKey(SearchFacets.Format))
                        {
                            Assert.Equal(Tally(hits.SelectMany(h => h.Formats)), Tally(facets[SearchFacets.Format]));
                        }
                        compared += hits.Count;
                    }
                }
            }
        }
        // The searches found something to compare.
        Assert.True(compared > 1500, $"only {compared} hits compared");
    }

    [Fact]
    public async Task Few_hits_in_a_large_segment_count_each_value_of_a_multi_valued_facet()
    {
        // Few hits among many documents with many formats: the formats are read per hit, not by value bit sets.
        string[] formats = [.. Enumerable.Range(0, 40).Select(i => $"F{i:D2}")];
        var catalog = Enumerable.Range(0, 3000).Select(i => Docs.Make(
            i % 150 == 0 ? "医院床位统计" : "公交线路名录",
            themes: i % 2 == 0 ? ["health", "society"] : ["transport"],
            formats: [formats[i % 40], formats[(i + 7) % 40], formats[(i + 13) % 40]])).ToArray();
        using var test = await TestIndex.WithAsync(catalog);

        var result = test.Search("医院", SearchVisibility.Public, q => q with { FacetLimit = 100, Limit = 100 });

        var hits = catalog.Where((_, i) => i % 150 == 0).ToList();
        Assert.Equal(20, result.Total);
        Assert.Equal(Tally(hits.SelectMany(h => h.Formats)), Tally(result.Facets[SearchFacets.Format]));
        Assert.Equal(["health:20", "society:20"], Tally(result.Facets[SearchFacets.Theme]));
    }

    /// <summary>Every page of a search, 9 at a time, following the cursors.</summary>
    private static List<SearchResult> Pages(
        TestIndex test, string? text, SearchVisibility caller, Dictionary<string, IReadOnlyList<string>> filters, SearchSort sort)
    {
        var pages = new List<SearchResult>();
        string? cursor = null;
        do
        {
            var page = test.Search(text, caller, q => q with { Filters = filters, Sort = sort, Limit = 9, Cursor = cursor, FacetLimit = 100 });
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 100);
        return pages;
    }

    private static bool Ordered(List<SearchHit> hits, SearchSort sort) => hits.Zip(hits.Skip(1)).All(pair => sort switch
    {
        SearchSort.Usage => pair.First.Usage >= pair.Second.Usage,
        SearchSort.Modified => pair.First.Modified >= pair.Second.Modified,
        _ => pair.First.Score >= pair.Second.Score,
    });

    private static List<string> Tally(IEnumerable<string> values) =>
        [.. values.GroupBy(v => v).Select(g => $"{g.Key}:{g.Count()}").Order(StringComparer.Ordinal)];

    private static List<string> Tally(IReadOnlyList<FacetValue> values) =>
        [.. values.Select(v => $"{v.Value}:{v.Count}").Order(StringComparer.Ordinal)];
}
