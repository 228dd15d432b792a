using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Agora.Search.Querying;

/// <summary>
/// Per-segment caches that make filters and facets cheap: the documents holding a facet value, as a bit set, and
/// the ordinals of high-cardinality facets, as an array. Segments are immutable, so entries live as long as their
/// segment (deleted documents are masked at query time) and disappear with it when merges retire it.
/// </summary>
internal sealed class SegmentBits
{
    private const int MaxBitSetsPerSegment = 1024;
    private const int MaxFiltersPerSegment = 256;
    private const int MaxDocumentsPerSegment = 4096;

    private readonly ConditionalWeakTable<object, Segment> segments = new();

    // Keyed by the reader itself, not its core: a reader of the same segment with newer deletions is a new object.
    private readonly ConditionalWeakTable<AtomicReader, BoundedBits> live = new();

    /// <summary>Documents of the segment whose <paramref name="field"/> holds <paramref name="value"/>, deleted ones included.</summary>
    public FixedBitSet Term(AtomicReader reader, string field, string value)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        var key = (field, value);
        if (segment.Bits.TryGetValue(key, out var bits))
        {
            return bits;
        }
        bits = new FixedBitSet(reader.MaxDoc);
        var docs = reader.GetTermDocsEnum(new Term(field, value));
        if (docs is not null)
        {
            int doc;
            while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
            {
                bits.Set(doc);
            }
        }
        if (segment.Bits.Count < MaxBitSetsPerSegment)
        {
            segment.Bits.TryAdd(key, bits);
        }
        return bits;
    }

    /// <summary>
    /// The documents of the segment that pass a filter (deleted ones included), computed once per segment for each
    /// filter <paramref name="key"/>: the visibility of each kind of caller and the filters people use most are the
    /// same from one search to the next. Shared between searches: never modify the result.
    /// </summary>
    public FixedBitSet Filter(AtomicReader reader, string key, Func<FixedBitSet> build) =>
        segments.GetValue(reader.CoreCacheKey, _ => new Segment()).Filters.GetOrAdd(key, build);

    /// <summary>
    /// The live (not deleted) documents of this reader that pass a filter, cached like <see cref="Filter"/> for as long
    /// as the reader lives. Shared between searches: never modify the result.
    /// </summary>
    public FixedBitSet Live(AtomicReader reader, string key, Func<FixedBitSet> build) =>
        live.GetValue(reader, _ => new BoundedBits()).GetOrAdd(key, build);

    /// <summary>
    /// The stored fields of a document, decoded once (as Solr's document cache): a stored-fields read decompresses
    /// the block around the document, a good part of the time of a search showing ten hits, and the datasets that
    /// rank high come back search after search. Shared between searches: never modify the result.
    /// </summary>
    public Document Stored(AtomicReader reader, int doc, Func<Document> load)
    {
        var documents = segments.GetValue(reader.CoreCacheKey, _ => new Segment()).Documents;
        if (documents.TryGetValue(doc, out var document))
        {
            return document;
        }
        document = load();
        if (documents.Count >= MaxDocumentsPerSegment)
        {
            documents.Clear();
        }
        documents[doc] = document;
        return document;
    }

    /// <summary>Ordinal of <paramref name="field"/>'s value for every document (-1 for none), from its sorted doc values.</summary>
    public int[]? Ordinals(AtomicReader reader, string field)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        return segment.Ordinals.GetOrAdd(field, _ =>
        {
            var values = reader.GetSortedDocValues(field);
            if (values is null)
            {
                return null;
            }
            var ords = new int[reader.MaxDoc];
            for (var doc = 0; doc < ords.Length; doc++)
            {
                ords[doc] = values.GetOrd(doc);
            }
            return ords;
        });
    }

    /// <summary>The values of a sorted (or sorted-set) doc-values field by ordinal, decoded once per segment.</summary>
    public string[] Values(AtomicReader reader, string field, bool multiValued)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        return segment.Values.GetOrAdd(field, _ =>
        {
            var bytes = new BytesRef();
            if (multiValued)
            {
                var values = reader.GetSortedSetDocValues(field);
                var result = new string[values?.ValueCount ?? 0];
                for (var ord = 0; ord < result.Length; ord++)
                {
                    values!.LookupOrd(ord, bytes);
                    result[ord] = bytes.Utf8ToString();
                }
                return result;
            }
            else
            {
                var values = reader.GetSortedDocValues(field);
                var result = new string[values?.ValueCount ?? 0];
                for (var ord = 0; ord < result.Length; ord++)
                {
                    values!.LookupOrd(ord, bytes);
                    result[ord] = bytes.Utf8ToString();
                }
                return result;
            }
        });
    }

    /// <summary>Every document's value of a numeric doc-values field (0 for none).</summary>
    public long[] Numbers(AtomicReader reader, string field)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        return segment.Numbers.GetOrAdd(field, _ =>
        {
            var values = reader.GetNumericDocValues(field);
            var result = new long[reader.MaxDoc];
            if (values is not null)
            {
                for (var doc = 0; doc < result.Length; doc++)
                {
                    result[doc] = values.Get(doc);
                }
            }
            return result;
        });
    }

    /// <summary>The segment's documents in the order of a browse sort (see <see cref="BrowseSorter"/>).</summary>
    public int[] Order(AtomicReader reader, byte kind, Func<int[]> build)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        return segment.Orders.GetOrAdd(kind, _ => build());
    }

    private sealed class Segment
    {
        public ConcurrentDictionary<(string Field, string Value), FixedBitSet> Bits { get; } = new();

        public ConcurrentDictionary<string, int[]?> Ordinals { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, long[]> Numbers { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, string[]> Values { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<byte, int[]> Orders { get; } = new();

        public BoundedBits Filters { get; } = new();

        // Stored fields are the same for every reader of a segment: deletions do not change them.
        public ConcurrentDictionary<int, Document> Documents { get; } = new();
    }

    /// <summary>Bit sets by key, at most <see cref="MaxFiltersPerSegment"/>; past that they are computed every time.</summary>
    private sealed class BoundedBits
    {
        private readonly ConcurrentDictionary<string, FixedBitSet> entries = new(StringComparer.Ordinal);
        private int count;

        public FixedBitSet GetOrAdd(string key, Func<FixedBitSet> build)
        {
            if (entries.TryGetValue(key, out var bits))
            {
                return bits;
            }
            bits = build();
            if (Interlocked.Increment(ref count) <= MaxFiltersPerSegment)
            {
                bits = entries.GetOrAdd(key, bits);
            }
            return bits;
        }
    }
}

/// <summary>
/// A conjunction of disjunctions of (field, value) terms, evaluated on cached bit sets. Returned as random-access
/// bits, so that Lucene checks the filter per candidate instead of leap-frogging two iterators.
/// </summary>
internal sealed class TermBitsFilter(SegmentBits cache, IReadOnlyList<IReadOnlyList<(string Field, string Value)>> clauses) : Filter
{
    public IReadOnlyList<IReadOnlyList<(string Field, string Value)>> Clauses => clauses;

    /// <summary>Names the filter: equal for filters that select the same documents, whatever the order of their terms.</summary>
    public string Key { get; } = KeyOf(clauses);

    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs) =>
        BitsFilteredDocIdSet.Wrap(Bits(context.AtomicReader), acceptDocs);

    /// <summary>The matching documents of the segment, deleted ones included; cached, so never modify them.</summary>
    public FixedBitSet Bits(AtomicReader reader) => cache.Filter(reader, Key, () => Compute(reader));

    private static string KeyOf(IReadOnlyList<IReadOnlyList<(string Field, string Value)>> clauses)
    {
        // Lengths before each part: no value, however odd, can make two different filters look alike.
        var parts = clauses
            .Select(clause => string.Concat(clause.Select(t => $"{t.Field.Length}:{t.Field}{t.Value.Length}:{t.Value}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(clause => $"({clause.Length}:{clause})");
        return string.Concat(parts);
    }

    private FixedBitSet Compute(AtomicReader reader)
    {
        var result = new FixedBitSet(reader.MaxDoc);
        var first = true;
        FixedBitSet? either = null;
        foreach (var clause in clauses)
        {
            var target = first ? result : either ??= new FixedBitSet(reader.MaxDoc);
            if (!first)
            {
                target.Clear(0, target.Length);
            }
            foreach (var (field, value) in clause)
            {
                target.Or(cache.Term(reader, field, value));
            }
            if (!first)
            {
                result.And(target);
            }
            first = false;
        }
        return result;
    }
}
