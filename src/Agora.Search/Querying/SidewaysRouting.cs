using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Agora.Search.Querying;

/// <summary>
/// Gathers, in one search, the hits of the request (all filters) and the hits of each facet filtered on itself (all
/// filters but its own). A separate search per such facet walked the query's postings again each time: at 1,000,000
/// datasets a filtered query with facets cost one full search per filter on top of its own. The one search runs
/// under the union of the facets' filters, and each hit goes to every collector whose filter it passes (cached bit
/// sets; a hit of the request passes them all).
/// </summary>
internal sealed class SidewaysRouting
{
    private readonly TermBitsFilter main;
    private readonly IReadOnlyList<(TermBitsFilter? Filter, ICollector Hits)> sideways;

    /// <param name="main">The request's filter (visibility and every filter).</param>
    /// <param name="sideways">Per facet filtered on itself: the filter without its own part (null: none is left, as
    /// for the bureau filtering on one facet), and where its hits go.</param>
    public SidewaysRouting(SegmentBits cache, TermBitsFilter main, IReadOnlyList<(TermBitsFilter? Filter, ICollector Hits)> sideways)
    {
        this.main = main;
        this.sideways = sideways;
        Filter = sideways.Any(s => s.Filter is null) ? null : new AnyOf(cache, [.. sideways.Select(s => s.Filter!)]);
    }

    /// <summary>What the one search runs under: any document that some collector takes (null: every document).</summary>
    public Filter? Filter { get; }

    /// <summary>Gives <paramref name="request"/> the request's hits only, and each facet its own.</summary>
    public ICollector Wrap(ICollector request) => new Router(request, main, sideways);

    /// <summary>The union of the facets' filters, cached per segment like each of them.</summary>
    private sealed class AnyOf(SegmentBits cache, TermBitsFilter[] filters) : Filter
    {
        private readonly string key = "any:" + string.Join("|", filters.Select(f => $"{f.Key.Length}:{f.Key}").Order(StringComparer.Ordinal));

        public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs) =>
            BitsFilteredDocIdSet.Wrap(cache.Filter(context.AtomicReader, key, () => Compute(context.AtomicReader)), acceptDocs);

        private FixedBitSet Compute(AtomicReader reader)
        {
            var union = new FixedBitSet(reader.MaxDoc);
            foreach (var filter in filters)
            {
                union.Or(filter.Bits(reader));
            }
            return union;
        }
    }

    private sealed class Router(ICollector request, TermBitsFilter main, IReadOnlyList<(TermBitsFilter? Filter, ICollector Hits)> sideways)
        : ICollector
    {
        private readonly FixedBitSet?[] bits = new FixedBitSet?[sideways.Count];
        private FixedBitSet? mainBits;

        public bool AcceptsDocsOutOfOrder => request.AcceptsDocsOutOfOrder && sideways.All(s => s.Hits.AcceptsDocsOutOfOrder);

        public void SetScorer(Scorer scorer)
        {
            request.SetScorer(scorer);
            foreach (var (_, hits) in sideways)
            {
                hits.SetScorer(scorer);
            }
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            request.SetNextReader(context);
            mainBits = main.Bits(context.AtomicReader);
            for (var i = 0; i < sideways.Count; i++)
            {
                sideways[i].Hits.SetNextReader(context);
                bits[i] = sideways[i].Filter?.Bits(context.AtomicReader);
            }
        }

        public void Collect(int doc)
        {
            if (mainBits!.Get(doc))
            {
                request.Collect(doc);
                // The request's hits pass every facet's filter.
                for (var i = 0; i < bits.Length; i++)
                {
                    sideways[i].Hits.Collect(doc);
                }
                return;
            }
            for (var i = 0; i < bits.Length; i++)
            {
                if (bits[i] is not { } facet || facet.Get(doc))
                {
                    sideways[i].Hits.Collect(doc);
                }
            }
        }
    }
}
