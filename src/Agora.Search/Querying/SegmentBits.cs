using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Agora.Search.Indexing;
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
    private const int AllAtOnceValues = 64;

    private readonly ConditionalWeakTable<object, Segment> segments = new();

    // Keyed by the reader itself, not its core: a reader of the same segment with newer deletions is a new object.
    private readonly ConditionalWeakTable<AtomicReader, BoundedBits> live = new();

    /// <summary>
    /// Documents of the segment whose <paramref name="field"/> holds <paramref name="value"/>, deleted ones included,
    /// read from the field's doc values (the index has no terms for attributes). A field with few values has the bit
    /// sets of all its values built in one pass, as facet counting asks for every one of them.
    /// </summary>
    public FixedBitSet Term(AtomicReader reader, string field, string value)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        var key = (field, value);
        if (segment.Bits.TryGetValue(key, out var bits))
        {
            return bits;
        }
        if (field == IndexFields.Organization)
        {
            bits = OrganizationBits(reader, value);
        }
        else
        {
            var multiValued = IndexFields.IsMultiValued(field);
            var names = Values(reader, field, multiValued);
            if (names.Length <= AllAtOnceValues && segment.Bits.Count + names.Length <= MaxBitSetsPerSegment)
            {
                var all = AllValueBits(reader, field, multiValued, names.Length);
                for (var ord = 0; ord < all.Length; ord++)
                {
                    segment.Bits.TryAdd((field, names[ord]), all[ord]);
                }
                return segment.Bits.TryGetValue(key, out bits) ? bits : Empty(segment, reader.MaxDoc);
            }
            bits = ValueBits(reader, field, multiValued, Array.IndexOf(names, value));
        }
        if (segment.Bits.Count < MaxBitSetsPerSegment)
        {
            segment.Bits.TryAdd(key, bits);
        }
        return bits;
    }

    private static FixedBitSet Empty(Segment segment, int maxDoc) => segment.Empty ??= new FixedBitSet(maxDoc);

    private FixedBitSet[] AllValueBits(AtomicReader reader, string field, bool multiValued, int valueCount)
    {
        var all = new FixedBitSet[valueCount];
        for (var ord = 0; ord < valueCount; ord++)
        {
            all[ord] = new FixedBitSet(reader.MaxDoc);
        }
        if (multiValued)
        {
            var values = reader.GetSortedSetDocValues(field);
            for (var doc = 0; doc < reader.MaxDoc && values is not null; doc++)
            {
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    all[ord].Set(doc);
                }
            }
        }
        else if (Ordinals(reader, field) is { } ords)
        {
            for (var doc = 0; doc < ords.Length; doc++)
            {
                if (ords[doc] >= 0)
                {
                    all[ords[doc]].Set(doc);
                }
            }
        }
        return all;
    }

    /// <summary>The documents whose value has ordinal <paramref name="wanted"/> (none when it is negative).</summary>
    private FixedBitSet ValueBits(AtomicReader reader, string field, bool multiValued, int wanted)
    {
        var bits = new FixedBitSet(reader.MaxDoc);
        if (wanted < 0)
        {
            return bits;
        }
        if (multiValued)
        {
            var values = reader.GetSortedSetDocValues(field);
            for (var doc = 0; doc < reader.MaxDoc && values is not null; doc++)
            {
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS && ord <= wanted)
                {
                    if (ord == wanted)
                    {
                        bits.Set(doc);
                    }
                }
            }
        }
        else if (Ordinals(reader, field) is { } ords)
        {
            for (var doc = 0; doc < ords.Length; doc++)
            {
                if (ords[doc] == wanted)
                {
                    bits.Set(doc);
                }
            }
        }
        return bits;
    }

    /// <summary>The organization facet's values start with the organization's id, so a filter on it is a prefix.</summary>
    private FixedBitSet OrganizationBits(AtomicReader reader, string idTerm)
    {
        var bits = new FixedBitSet(reader.MaxDoc);
        var prefix = DocumentMapper.OrganizationPrefix(idTerm);
        var names = Values(reader, IndexFields.OrganizationFacet, multiValued: false);
        var matching = new bool[names.Length];
        var any = false;
        for (var ord = 0; ord < names.Length; ord++)
        {
            matching[ord] = names[ord].StartsWith(prefix, StringComparison.Ordinal);
            any |= matching[ord];
        }
        if (any && Ordinals(reader, IndexFields.OrganizationFacet) is { } ords)
        {
            for (var doc = 0; doc < ords.Length; doc++)
            {
                if (ords[doc] >= 0 && matching[ords[doc]])
                {
                    bits.Set(doc);
                }
            }
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
    /// What a hit shows of a document (see <see cref="HitRecord"/>), decoded once: the datasets that rank high come
    /// back search after search. Shared between searches: never modify the result.
    /// </summary>
    public SearchDocument Hit(AtomicReader reader, int doc)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        var documents = segment.Documents;
        if (documents.TryGetValue(doc, out var hit))
        {
            return hit;
        }
        var values = reader.GetBinaryDocValues(IndexFields.Hit)
            ?? throw new InvalidDataException("The search index has no hit records: it needs a rebuild.");
        var bytes = new BytesRef();
        values.Get(doc, bytes);
        hit = HitRecord.Decode(bytes);
        if (documents.Count >= MaxDocumentsPerSegment)
        {
            documents.Clear();
        }
        documents[doc] = hit;
        return hit;
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

    /// <summary>
    /// Ordinals of a multi-valued (sorted-set) doc-values field for every document: document d's are
    /// <c>Ords[Starts[d]..Starts[d + 1]]</c>. Reading them from the doc values costs a few hundred nanoseconds per
    /// document (an offset and a packed block per call); a facet over tens of thousands of hits read that way cost
    /// milliseconds at 1,000,000 datasets.
    /// </summary>
    public MultiOrdinals? MultiOrdinals(AtomicReader reader, string field)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        return segment.MultiOrdinals.GetOrAdd(field, _ =>
        {
            var values = reader.GetSortedSetDocValues(field);
            if (values is null)
            {
                return null;
            }
            var starts = new int[reader.MaxDoc + 1];
            var ords = new List<int>(reader.MaxDoc);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                starts[doc] = ords.Count;
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    ords.Add((int)ord);
                }
            }
            starts[reader.MaxDoc] = ords.Count;
            return new MultiOrdinals(starts, [.. ords]);
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

        public ConcurrentDictionary<string, MultiOrdinals?> MultiOrdinals { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, string[]> Values { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<byte, int[]> Orders { get; } = new();

        public BoundedBits Filters { get; } = new();

        // Doc values are the same for every reader of a segment: deletions do not change them.
        public ConcurrentDictionary<int, SearchDocument> Documents { get; } = new();

        public FixedBitSet? Empty { get; set; }
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

/// <summary>A multi-valued field's ordinals per document (see <see cref="SegmentBits.MultiOrdinals"/>).</summary>
internal sealed record MultiOrdinals(int[] Starts, int[] Ords);

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
