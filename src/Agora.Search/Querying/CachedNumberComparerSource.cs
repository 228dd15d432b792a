using Lucene.Net.Index;
using Lucene.Net.Search;
using LuceneInt64 = J2N.Numerics.Int64;

namespace Agora.Search.Querying;

/// <summary>
/// Compares a numeric doc-values field (modified, usage) by values read from <see cref="SegmentBits.Numbers"/>'s
/// cached array. Lucene's comparer reads each compared document's value from the packed doc values of the
/// memory-mapped file, about 100 ns per hit: a text search sorted by usage over 210,000 hits at 1,000,000 datasets
/// spent twice the time of the same search by relevance. Same order (missing values are 0, as Lucene's), same
/// cursor values.
/// </summary>
internal sealed class CachedNumberComparerSource(SegmentBits cache) : FieldComparerSource
{
    public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) =>
        new Comparer(cache, fieldname, numHits);

    private sealed class Comparer(SegmentBits cache, string field, int numHits) : FieldComparer<LuceneInt64>
    {
        private readonly long[] slots = new long[numHits];
        private long[] current = [];
        private long bottom;
        private long top;

        public override LuceneInt64 this[int slot] => LuceneInt64.GetInstance(slots[slot]);

        public override int Compare(int slot1, int slot2) => slots[slot1].CompareTo(slots[slot2]);

        public override void SetBottom(int slot) => bottom = slots[slot];

        public override void SetTopValue(LuceneInt64 value) => top = value.ToInt64();

        public override int CompareBottom(int doc) => bottom.CompareTo(current[doc]);

        public override int CompareTop(int doc) => top.CompareTo(current[doc]);

        public override void Copy(int slot, int doc) => slots[slot] = current[doc];

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            current = cache.Numbers(context.AtomicReader, field);
            return this;
        }
    }
}
