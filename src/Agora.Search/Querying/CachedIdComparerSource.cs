using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Agora.Search.Querying;

/// <summary>
/// Compares dataset ids, the tie-breaker of every sort, by ordinals read from <see cref="SegmentBits.Ordinals"/>'s
/// cached array. Lucene's comparer reads each compared document's ordinal from the id's sorted doc values, a packed
/// array read a few bytes at a time from the memory-mapped file; many hits tie on score (titles share their
/// wording), so a query with tens of thousands of hits compares ids for most of them. Same order, same values.
/// </summary>
internal sealed class CachedIdComparerSource(SegmentBits cache) : FieldComparerSource
{
    public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) =>
        new Comparer(cache, numHits, fieldname);

    private sealed class Comparer(SegmentBits cache, int numHits, string field) : FieldComparer.TermOrdValComparer(numHits, field)
    {
        protected override SortedDocValues GetSortedDocValues(AtomicReaderContext context, string field) =>
            context.AtomicReader.GetSortedDocValues(field) is { } values && cache.Ordinals(context.AtomicReader, field) is { } ords
                ? new CachedOrdinals(values, ords)
                : base.GetSortedDocValues(context, field);
    }

    private sealed class CachedOrdinals(SortedDocValues values, int[] ords) : SortedDocValues
    {
        public override int ValueCount => values.ValueCount;

        public override int GetOrd(int docID) => ords[docID];

        public override void LookupOrd(int ord, BytesRef result) => values.LookupOrd(ord, result);
    }
}
