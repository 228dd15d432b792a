using Agora.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using LuceneInt64 = J2N.Numerics.Int64;

namespace Agora.Search.Querying;

/// <summary>
/// Browsing without search text (newest, most used, by title) over any filter. Each segment keeps its documents
/// pre-sorted for each order; a page is the first documents in that order that pass the filter, merged across
/// segments. A query that matches most of a million datasets then costs what a page costs, not a pass over all of
/// them. Same order and same cursor values as the equivalent Lucene sort (<see cref="SortPlan"/>).
/// </summary>
internal sealed class BrowseSorter(SegmentBits cache)
{
    public static bool Handles(byte kind) => kind is SortPlan.ModifiedKind or SortPlan.UsageKind or SortPlan.TitleZhKind or SortPlan.TitleEnKind;

    /// <summary>
    /// The next <paramref name="count"/> documents after <paramref name="after"/> among those set in
    /// <paramref name="hits"/> (one bit set per leaf, deleted documents already cleared).
    /// </summary>
    public List<FieldDoc> Top(IndexReader reader, IReadOnlyList<long[]> hits, byte kind, object?[]? after, int count)
    {
        var candidates = new List<(Key Key, FieldDoc Doc)>();
        var leaves = reader.Leaves;
        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            var segment = new SegmentView(cache, leaf.AtomicReader, kind);
            var order = segment.Order();
            var words = hits[i];
            var start = after is null ? 0 : segment.FirstAfter(order, Key.FromCursor(kind, after));
            var taken = 0;
            for (var at = start; at < order.Length && taken < count; at++)
            {
                var doc = order[at];
                if ((words[doc >> 6] & (1L << (doc & 63))) != 0)
                {
                    var key = segment.KeyOf(doc);
                    candidates.Add((key, new FieldDoc(leaf.DocBase + doc, float.NaN, key.ToCursor(kind))));
                    taken++;
                }
            }
        }
        candidates.Sort((a, b) => a.Key.CompareTo(b.Key));
        return [.. candidates.Take(count).Select(c => c.Doc)];
    }

    /// <summary>A sort position: numeric value (reversed already) or title key, then the dataset id.</summary>
    private readonly record struct Key(long Number, BytesRef? Title, BytesRef Id) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var primary = Title is null ? Number.CompareTo(other.Number) : Title.CompareTo(other.Title!);
            return primary != 0 ? primary : Id.CompareTo(other.Id);
        }

        public static Key FromCursor(byte kind, object?[] values)
        {
            var id = values[1] as BytesRef ?? new BytesRef();
            return IsNumeric(kind)
                ? new Key(-((values[0] as LuceneInt64)?.ToInt64() ?? 0), null, id)
                : new Key(0, values[0] as BytesRef ?? new BytesRef(), id);
        }

        public object?[] ToCursor(byte kind) =>
            IsNumeric(kind) ? [LuceneInt64.GetInstance(-Number), Id] : [Title, Id];
    }

    private static bool IsNumeric(byte kind) => kind is SortPlan.ModifiedKind or SortPlan.UsageKind;

    private sealed class SegmentView
    {
        private readonly SegmentBits cache;
        private readonly AtomicReader reader;
        private readonly byte kind;
        private readonly int[] idOrds;
        private readonly SortedDocValues? ids;
        private readonly long[]? numbers;
        private readonly int[]? titleOrds;
        private readonly SortedDocValues? titles;

        public SegmentView(SegmentBits cache, AtomicReader reader, byte kind)
        {
            this.cache = cache;
            this.reader = reader;
            this.kind = kind;
            ids = reader.GetSortedDocValues(IndexFields.IdSort);
            idOrds = cache.Ordinals(reader, IndexFields.IdSort) ?? new int[reader.MaxDoc];
            if (IsNumeric(kind))
            {
                numbers = cache.Numbers(reader, kind == SortPlan.ModifiedKind ? IndexFields.Modified : IndexFields.Usage);
            }
            else
            {
                var field = kind == SortPlan.TitleEnKind ? IndexFields.TitleSortEn : IndexFields.TitleSortZh;
                titles = reader.GetSortedDocValues(field);
                titleOrds = cache.Ordinals(reader, field) ?? new int[reader.MaxDoc];
            }
        }

        public int[] Order() => cache.Order(reader, kind, () =>
        {
            var docs = Enumerable.Range(0, reader.MaxDoc).ToArray();
            // Within a segment ordinals order like their bytes, so ints compare as the keys would.
            Comparison<int> compare = numbers is not null
                ? (a, b) => numbers[a] != numbers[b] ? numbers[b].CompareTo(numbers[a]) : idOrds[a].CompareTo(idOrds[b])
                : (a, b) => titleOrds![a] != titleOrds[b] ? titleOrds[a].CompareTo(titleOrds[b]) : idOrds[a].CompareTo(idOrds[b]);
            Array.Sort(docs, compare);
            return docs;
        });

        public Key KeyOf(int doc) => new(
            numbers is not null ? -numbers[doc] : 0,
            titles is null ? null : Lookup(titles, titleOrds![doc]),
            Lookup(ids, idOrds[doc]));

        /// <summary>Index in <paramref name="order"/> of the first document after <paramref name="after"/>.</summary>
        public int FirstAfter(int[] order, Key after)
        {
            int low = 0, high = order.Length;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (KeyOf(order[middle]).CompareTo(after) <= 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }
            return low;
        }

        private static BytesRef Lookup(SortedDocValues? values, int ord)
        {
            var bytes = new BytesRef();
            if (values is not null && ord >= 0)
            {
                values.LookupOrd(ord, bytes);
            }
            return BytesRef.DeepCopyOf(bytes);
        }
    }
}
