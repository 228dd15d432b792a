using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using LuceneSingle = J2N.Numerics.Single;

namespace Agora.Search.Querying;

/// <summary>
/// Relevance order with the title-proximity clause (words typed together rank higher when a title has them close
/// together) scored on the best hits of the required words only. Scoring it on every hit cost ~2 ms per query for
/// a common pair of words at 1,000,000 datasets: a sloppy phrase reads title positions for every hit that has both.
/// </summary>
/// <remarks>
/// The first pass finds every hit (total, facets) and ranks them by the required clauses. The window of its best
/// hits is then given exactly the score the whole query (required clauses + the proximity clause as SHOULD) gives
/// them under the classic TF-IDF similarity: both parts normalized by the whole query's norm, and the coordination
/// factor of a document without the clause (n of n + 1 clauses). Pages past the window follow in first-pass order.
/// A hit outside the window that the clause would have lifted into it is the price.
/// </remarks>
internal sealed class ProximityRanking(BooleanQuery required, PhraseQuery proximity)
{
    /// <summary>The query without the proximity clause: the same hits.</summary>
    public BooleanQuery Required { get; } = required;

    /// <param name="filter">The request's filter.</param>
    /// <param name="collectFilter">What the search that finds every hit runs under (the request's filter, or a wider
    /// one when <paramref name="collect"/> also gathers the hits of facets filtered on themselves).</param>
    /// <param name="collect">Wraps the collector of the best hits into the one that search uses.</param>
    /// <returns>The total, the page, and how many of the page's items come from the re-ranked window.</returns>
    public (int Total, ScoreDoc[] Page, int ReRanked) Top(
        IndexSearcher searcher, Filter? filter, Sort sort, FieldDoc? after, bool afterWindow, int want, int window,
        Filter? collectFilter, Func<ICollector, ICollector> collect)
    {
        if (after is not null && afterWindow)
        {
            var rest = TopFieldCollector.Create(sort, want, after, true, true, false, true);
            searcher.Search(Required, collectFilter, collect(rest));
            var restDocs = rest.GetTopDocs();
            return (restDocs.TotalHits, restDocs.ScoreDocs, 0);
        }
        var size = Math.Max(window, want);
        var first = TopFieldCollector.Create(sort, size, null, true, true, false, true);
        searcher.Search(Required, collectFilter, collect(first));
        var firstDocs = first.GetTopDocs();
        var best = ReScore(searcher, firstDocs.ScoreDocs);
        var page = best.Where(d => after is null || Follows(d, after)).Take(want).ToArray<ScoreDoc>();
        if (page.Length == want || firstDocs.ScoreDocs.Length < size)
        {
            return (firstDocs.TotalHits, page, page.Length);
        }
        // The window is used up: the page goes on with the hits after it, in first-pass order.
        var last = (FieldDoc)firstDocs.ScoreDocs[^1];
        var next = TopFieldCollector.Create(sort, want - page.Length, new FieldDoc(int.MaxValue, float.NaN, last.Fields), true, true, false, true);
        searcher.Search(Required, filter, next);
        return (firstDocs.TotalHits, [.. page, .. next.GetTopDocs().ScoreDocs], page.Length);
    }

    /// <summary>The window's hits with the whole query's score, best first (ties by id, as the sort has them).</summary>
    private List<FieldDoc> ReScore(IndexSearcher searcher, ScoreDoc[] window)
    {
        var similarity = searcher.Similarity;
        var requiredWeight = searcher.Rewrite(Required).CreateWeight(searcher);
        var proximityWeight = searcher.Rewrite(proximity).CreateWeight(searcher);
        var requiredSum = requiredWeight.GetValueForNormalization();
        var wholeNorm = Norm(similarity, requiredSum + proximityWeight.GetValueForNormalization());
        proximityWeight.Normalize(wholeNorm, 1f);
        var scale = wholeNorm / Norm(similarity, requiredSum);
        var clauses = Required.Clauses.Count;
        var without = similarity.Coord(clauses, clauses + 1);
        var with = similarity.Coord(clauses + 1, clauses + 1);

        var rescored = new List<FieldDoc>(window.Length);
        var leaves = searcher.IndexReader.Leaves;
        foreach (var group in window.Cast<FieldDoc>().GroupBy(d => ReaderUtil.SubIndex(d.Doc, leaves)))
        {
            var leaf = leaves[group.Key];
            var scorer = proximityWeight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
            foreach (var hit in group.OrderBy(d => d.Doc))
            {
                var doc = hit.Doc - leaf.DocBase;
                if (scorer is not null && scorer.DocID < doc)
                {
                    scorer.Advance(doc);
                }
                var score = scorer is not null && scorer.DocID == doc
                    ? (hit.Score * scale + scorer.GetScore()) * with
                    : hit.Score * scale * without;
                rescored.Add(new FieldDoc(hit.Doc, score, [LuceneSingle.GetInstance(score), hit.Fields[1]]));
            }
        }
        rescored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : Id(a).CompareTo(Id(b)));
        return rescored;
    }

    /// <summary>Whether a re-ranked hit comes after the cursor's (score descending, then id).</summary>
    private static bool Follows(FieldDoc hit, FieldDoc after)
    {
        var score = after.Fields[0] is LuceneSingle single ? single.ToSingle() : float.NaN;
        return hit.Score < score || (hit.Score == score && Id(hit).CompareTo(after.Fields[1] as BytesRef) > 0);
    }

    private static BytesRef Id(FieldDoc doc) => (BytesRef)doc.Fields[1];

    /// <summary>As <see cref="IndexSearcher.CreateNormalizedWeight"/> normalizes a query.</summary>
    private static float Norm(Similarity similarity, float sum)
    {
        var norm = similarity.QueryNorm(sum);
        return float.IsInfinity(norm) || float.IsNaN(norm) ? 1f : norm;
    }
}
