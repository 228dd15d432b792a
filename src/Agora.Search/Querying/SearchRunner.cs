using Agora.Search.Analysis;
using Agora.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using LuceneInt64 = J2N.Numerics.Int64;
using LuceneSingle = J2N.Numerics.Single;

namespace Agora.Search.Querying;

/// <summary>Runs one search against one point-in-time searcher.</summary>
/// <param name="options">Read at each search for <see cref="SearchIndexOptions.ProximityWindow"/>.</param>
internal sealed class SearchRunner(
    AnalyzerSet analyzers, SegmentBits cache, FilterBuilder filterBuilder, FacetCounter facetCounter, BrowseSorter browseSorter,
    SearchIndexOptions options)
{
    private const int MaxFacetLimit = 1000;
    private const int ZhSnippetChars = 80;
    private const int EnSnippetChars = 160;

    private const int RandomAccessFirstDoc = 100;

    private readonly TextQueryBuilder textQueries = new(analyzers);
    private readonly CachedIdComparerSource ids = new(cache);
    private readonly CachedNumberComparerSource numbers = new(cache);

    public TextQueryBuilder TextQueries => textQueries;

    public SearchResult Run(IndexSearcher searcher, SearchQuery request, SearchVisibility visibility)
    {
        if (request.Limit is < 1 or > SearchQuery.MaxLimit)
        {
            throw new SearchQueryException("invalid-limit", "limit", $"limit must be between 1 and {SearchQuery.MaxLimit}.");
        }
        var facetNames = FacetNames(request, visibility);
        var filters = FilterBuilder.Normalize(request, visibility);
        var parsed = textQueries.Build(request.Text, searcher.IndexReader, options.PhrasesByPairs);
        var visibilityClauses = FilterBuilder.Visibility(visibility);
        var plan = SortPlan.For(request, parsed is not null, ids, numbers);
        var requestHash = CursorCodec.Hash(
            [request.Text ?? "", request.Language, .. filters.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => f.Value.Prepend(f.Key))]);
        var cursorValues = request.Cursor is { Length: > 0 } cursor ? CursorCodec.Decode(cursor, plan.Kind, requestHash) : null;
        // A relevance cursor of a proximity-ranked search says whether its item was re-ranked (its score is then the
        // whole query's) or came after the window (first-pass score).
        var afterWindow = false;
        if (cursorValues is [var score, var id, LuceneInt64 window] && plan.Kind == SortPlan.RelevanceKind)
        {
            afterWindow = window.ToInt64() == 0;
            cursorValues = [score, id];
        }
        if (plan.Kind == SortPlan.RelevanceKind && cursorValues is not (null or [LuceneSingle, BytesRef]))
        {
            // The re-ranked window compares these values itself: anything else is not a cursor this search made.
            throw CursorCodec.Invalid();
        }
        var after = cursorValues is null ? null : new FieldDoc(int.MaxValue, float.NaN, cursorValues);
        var proximityWindow = options.ProximityWindow;
        var proximity = proximityWindow > 0 && plan.Kind == SortPlan.RelevanceKind ? parsed?.Proximity : null;

        var strict = parsed?.Query ?? new MatchAllDocsQuery();
        var result = Execute(strict, proximity);
        if (result.Total == 0 && parsed is not null && TextQueryBuilder.Relaxed(parsed.Query) is { } relaxed)
        {
            result = Execute(relaxed, null);
        }
        return result;

        SearchResult Execute(Query query, ProximityRanking? proximity)
        {
            var filter = filterBuilder.Combine(visibilityClauses, filters, except: null);

            // Facets filtered on themselves are counted without their own filter (see SearchResult.Facets).
            var mainFacets = new List<(string Name, string Field)>();
            var sidewaysFacets = new List<(string Name, string Field)>();
            foreach (var name in facetNames)
            {
                if (name == SearchFacets.Region)
                {
                    mainFacets.Add((name, RegionFacetField(filters)));
                }
                else if (filters.ContainsKey(name))
                {
                    sidewaysFacets.Add((name, CountField(name)));
                }
                else
                {
                    mainFacets.Add((name, CountField(name)));
                }
            }

            var facets = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
            int total;
            ScoreDoc[] page;
            var reRanked = -1;
            var browsing = query is MatchAllDocsQuery && BrowseSorter.Handles(plan.Kind);
            using var mainHits = new HitCollector();
            var sidewaysHits = sidewaysFacets.Select(_ => new HitCollector()).ToList();
            try
            {
                // Facets filtered on themselves take their hits from the request's own search (see SidewaysRouting);
                // browsing has no search to share and reads the filters' bits directly.
                var routing = browsing || sidewaysFacets.Count == 0 || filter is null
                    ? null
                    : new SidewaysRouting(cache, filter, [.. sidewaysFacets.Select((f, i) => (
                        filterBuilder.Combine(visibilityClauses, filters, except: f.Name), (ICollector)sidewaysHits[i]))]);
                var collectFilter = routing is null ? filter : routing.Filter;
                ICollector Collect(ICollector top)
                {
                    var request = mainFacets.Count > 0 ? MultiCollector.Wrap(top, mainHits) : top;
                    return routing is null ? request : routing.Wrap(request);
                }

                if (browsing)
                {
                    var leaves = searcher.IndexReader.Leaves;
                    var bits = leaves.Select(leaf => LiveBits(leaf.AtomicReader, filter)).ToList();
                    total = (int)bits.Sum(b => b.Cardinality);
                    page = [.. browseSorter.Top(searcher.IndexReader, [.. bits.Select(b => b.GetBits())], plan.Kind, after?.Fields, request.Limit + 1)];
                    if (mainFacets.Count > 0)
                    {
                        for (var i = 0; i < leaves.Count; i++)
                        {
                            mainHits.Add(leaves[i].AtomicReader, bits[i], null);
                        }
                    }
                    for (var f = 0; f < sidewaysFacets.Count; f++)
                    {
                        // Browsing: the filter alone decides the hits.
                        var sideways = filterBuilder.Combine(visibilityClauses, filters, except: sidewaysFacets[f].Name);
                        foreach (var leaf in leaves)
                        {
                            sidewaysHits[f].Add(leaf.AtomicReader, LiveBits(leaf.AtomicReader, sideways), null);
                        }
                    }
                }
                else if (proximity is not null)
                {
                    (total, page, reRanked) = proximity.Top(
                        searcher, filter, plan.Sort, after, afterWindow, request.Limit + 1, proximityWindow, collectFilter, Collect);
                }
                else
                {
                    // Out of order: a disjunction is then scored in bulk (see Search); the sort's id breaks ties either way.
                    var top = TopFieldCollector.Create(plan.Sort, request.Limit + 1, after, true, true, false, false);
                    Search(searcher, query, collectFilter, Collect(top));
                    var topDocs = top.GetTopDocs();
                    total = topDocs.TotalHits;
                    page = topDocs.ScoreDocs;
                }
                foreach (var (name, field) in mainFacets)
                {
                    facets[name] = TopValues(name, facetCounter.Count(mainHits.Segments, field), request.FacetLimit);
                }
                for (var f = 0; f < sidewaysFacets.Count; f++)
                {
                    var (name, field) = sidewaysFacets[f];
                    facets[name] = TopValues(name, facetCounter.Count(sidewaysHits[f].Segments, field), request.FacetLimit);
                }
            }
            finally
            {
                foreach (var hits in sidewaysHits)
                {
                    hits.Dispose();
                }
            }

            var shown = Math.Min(page.Length, request.Limit);
            var snippets = new Snippets(analyzers, parsed?.Highlight);
            var items = new List<SearchHit>(shown);
            for (var i = 0; i < shown; i++)
            {
                items.Add(ToHit(Hit(searcher.IndexReader, page[i].Doc), page[i].Score, snippets, visibility));
            }
            var next = page.Length > request.Limit
                ? CursorCodec.Encode(plan.Kind, requestHash, reRanked < 0
                    ? ((FieldDoc)page[shown - 1]).Fields
                    : [.. ((FieldDoc)page[shown - 1]).Fields, LuceneInt64.GetInstance(shown <= reRanked ? 1 : 0)])
                : null;
            return new SearchResult { Total = total, Items = items, Facets = facets, NextCursor = next };
        }
    }

    /// <summary>
    /// Runs <paramref name="query"/> under <paramref name="filter"/> with the filter's bits given to the scorers as the
    /// documents they may accept, as Lucene does itself for a dense filter (one with a document among the first
    /// 100), but leaving the order of scoring to the collector: one that takes hits out of order lets a disjunction
    /// (a word in the text or in the title, or any of the longer words holding it) be scored in bulk windows of
    /// documents (BooleanScorer) instead of merging its terms' postings one document at a time, which Lucene never
    /// does under a filter. The scores are the same (a filter does not change them); a sparse filter is left to
    /// Lucene, which leap-frogs it with the query.
    /// </summary>
    private void Search(IndexSearcher searcher, Query query, Filter? filter, ICollector collector)
    {
        var leaves = searcher.IndexReader.Leaves;
        var accepted = new IBits?[leaves.Count];
        var skipped = new bool[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            var live = leaves[i].AtomicReader.LiveDocs;
            if (filter is null)
            {
                accepted[i] = live;
                continue;
            }
            var set = filter.GetDocIdSet(leaves[i], live);
            var first = set?.GetIterator()?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS;
            if (first == DocIdSetIterator.NO_MORE_DOCS)
            {
                skipped[i] = true;
                continue;
            }
            if (set!.Bits is not { } bits || first >= RandomAccessFirstDoc)
            {
                searcher.Search(query, filter, collector);
                return;
            }
            accepted[i] = bits;
        }
        var weight = searcher.CreateNormalizedWeight(query);
        for (var i = 0; i < leaves.Count; i++)
        {
            if (skipped[i])
            {
                continue;
            }
            collector.SetNextReader(leaves[i]);
            weight.GetBulkScorer(leaves[i], !collector.AcceptsDocsOutOfOrder, accepted[i])?.Score(collector);
        }
    }

    private SearchDocument Hit(IndexReader reader, int doc)
    {
        var leaf = reader.Leaves[ReaderUtil.SubIndex(doc, reader.Leaves)];
        return cache.Hit(leaf.AtomicReader, doc - leaf.DocBase);
    }

    /// <summary>The documents of a segment that pass the filter and are not deleted; cached, so never modify them.</summary>
    private FixedBitSet LiveBits(AtomicReader reader, TermBitsFilter? filter) =>
        cache.Live(reader, filter?.Key ?? "", () => ComputeLiveBits(reader, filter));

    private static FixedBitSet ComputeLiveBits(AtomicReader reader, TermBitsFilter? filter)
    {
        FixedBitSet bits;
        if (filter is null)
        {
            bits = new FixedBitSet(reader.MaxDoc);
            bits.Set(0, reader.MaxDoc);
        }
        else if (reader.LiveDocs is null)
        {
            return filter.Bits(reader);
        }
        else
        {
            bits = filter.Bits(reader).Clone();
        }
        if (reader.LiveDocs is { } live)
        {
            for (var doc = bits.NextSetBit(0); doc >= 0; doc = doc + 1 < bits.Length ? bits.NextSetBit(doc + 1) : -1)
            {
                if (!live.Get(doc))
                {
                    bits.Clear(doc);
                }
            }
        }
        return bits;
    }

    private static string CountField(string facet) =>
        facet == SearchFacets.Organization ? IndexFields.OrganizationFacet : FilterBuilder.LuceneField(facet);

    private static IReadOnlyList<string> FacetNames(SearchQuery request, SearchVisibility visibility)
    {
        var allowed = SearchFacets.AllowedFor(visibility);
        if (request.Facets is null)
        {
            return allowed;
        }
        foreach (var name in request.Facets)
        {
            if (!SearchFacets.Government.Contains(name))
            {
                throw new SearchQueryException("unknown-facet", "facet", $"There is no facet named '{name}'.");
            }
            if (!allowed.Contains(name))
            {
                throw new SearchQueryException("facet-not-allowed", "facet", $"The facet '{name}' is only for government users.");
            }
        }
        return [.. request.Facets.Distinct(StringComparer.Ordinal)];
    }

    private static string RegionFacetField(IReadOnlyDictionary<string, string[]> filters)
    {
        if (!filters.TryGetValue(SearchFacets.Region, out var regions))
        {
            return IndexFields.RegionProvince;
        }
        return regions.All(RegionCodes.IsProvince) ? IndexFields.RegionCity : IndexFields.Region;
    }

    private static List<FacetValue> TopValues(string name, Dictionary<string, int> counts, int limit)
    {
        var top = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, MaxFacetLimit));
        if (name != SearchFacets.Organization)
        {
            return [.. top.Select(c => new FacetValue(c.Key, c.Value))];
        }
        return [.. top.Select(c => DocumentMapper.ParseOrganizationFacet(c.Key) is var (id, zh, en)
            ? new FacetValue(id.ToString(), c.Value, zh, en)
            : new FacetValue(c.Key, c.Value))];
    }

    private static SearchHit ToHit(SearchDocument hit, float score, Snippets snippets, SearchVisibility visibility) => new()
    {
        Id = hit.Id,
        Identifier = hit.Identifier,
        Score = float.IsNaN(score) ? 0 : score,
        TitleZhHtml = snippets.Chinese(hit.TitleZh),
        TitleEnHtml = snippets.English(hit.TitleEn),
        DescriptionZhHtml = snippets.Chinese(hit.DescriptionZh, ZhSnippetChars),
        DescriptionEnHtml = snippets.English(hit.DescriptionEn, EnSnippetChars),
        OrganizationId = hit.OrganizationId,
        OrganizationNameZh = hit.OrganizationNameZh,
        OrganizationNameEn = hit.OrganizationNameEn,
        Themes = hit.Themes,
        Formats = hit.Formats,
        Opening = hit.Opening,
        Sharing = visibility.IsGovernment ? hit.Sharing : null,
        SecurityGrade = visibility.IsGovernment ? hit.SecurityGrade : null,
        Modified = hit.Modified,
        Usage = hit.Usage,
    };
}
