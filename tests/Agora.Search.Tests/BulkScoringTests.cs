namespace Agora.Search.Tests;

/// <summary>
/// Searches score disjunctions in bulk, out of document order, with the filter's bits given to the scorers, and
/// break ties on cached id ordinals; these hold every page, total, facet and cursor to what Lucene's filtered,
/// in-order search with its own id comparer gives, over segments with deleted documents and filters both dense and
/// sparse (the sparse ones are left to Lucene).
/// </summary>
public sealed class BulkScoringTests
{
    [Fact]
    public async Task Bulk_scoring_and_cached_id_ordinals_give_the_same_pages_totals_facets_and_cursors()
    {
        SearchIndexOptions? options = null;
        using var test = new TestIndex(configure: o => (options = o).ResultCacheEntries = 0);
        // The transport bureau's datasets all come late in the index: a filter on it is sparse.
        var catalog = Docs.Varied(400, i => i >= 300 && i % 2 == 0 ? Docs.TransportBureau : i % 4 < 2 ? Docs.HealthCommission : Docs.Police);
        test.Index.Rebuild(catalog);
        await test.Index.RefreshAsync();
        // A second segment, and deletions in the first: the accepted documents are the filter's and the live ones.
        foreach (var document in catalog.Where((_, i) => i % 9 == 0))
        {
            test.Index.Delete(document.Id);
        }
        foreach (var i in Enumerable.Range(0, 40))
        {
            test.Index.Upsert(Docs.Make(i % 2 == 0 ? "医院 床位 统计" : "公交 线路 名录", titleEn: "hospital beds", themes: ["transport"]));
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
                    var before = Pages(test, options!, bulk: false, text, caller, filters);
                    var now = Pages(test, options!, bulk: true, text, caller, filters);

                    Assert.Equal(before.Count, now.Count);
                    for (var page = 0; page < before.Count; page++)
                    {
                        Assert.Equal(before[page].Total, now[page].Total);
                        Assert.Equal(before[page].Items.Select(i => (i.Id, i.Score)), now[page].Items.Select(i => (i.Id, i.Score)));
                        Assert.Equal(before[page].NextCursor, now[page].NextCursor);
                        Assert.Equal(before[page].Facets.Keys.Order(), now[page].Facets.Keys.Order());
                        foreach (var (name, values) in before[page].Facets)
                        {
                            Assert.Equal(values, now[page].Facets[name]);
                        }
                    }
                    compared += before.Sum(p => p.Items.Count);
                }
            }
        }
        // The searches found something to compare.
        Assert.True(compared > 500, $"only {compared} hits compared");
    }

    /// <summary>Every page of a search, 9 at a time, following the cursors.</summary>
    private static List<SearchResult> Pages(
        TestIndex test, SearchIndexOptions options, bool bulk, string? text, SearchVisibility caller, Dictionary<string, IReadOnlyList<string>> filters)
    {
        options.ScoreOutOfOrder = bulk;
        options.CachedIdOrdinals = bulk;
        var pages = new List<SearchResult>();
        string? cursor = null;
        do
        {
            var page = test.Search(text, caller, q => q with { Filters = filters, Limit = 9, Cursor = cursor });
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 100);
        return pages;
    }
}
