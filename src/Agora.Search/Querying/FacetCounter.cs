using System.Buffers;
using System.Numerics;
using Agora.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Agora.Search.Querying;

/// <summary>
/// Collects the matching documents of each segment as a bit set (from a pool; <see cref="Dispose"/> returns them).
/// </summary>
internal sealed class HitCollector : ICollector, IDisposable
{
    private readonly List<SegmentHits> segments = [];
    private long[]? words;
    private int count;

    public IReadOnlyList<SegmentHits> Segments
    {
        get
        {
            Close();
            return segments;
        }
    }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Close();
        var length = FixedBitSet.Bits2words(context.AtomicReader.MaxDoc);
        words = ArrayPool<long>.Shared.Rent(length);
        Array.Clear(words, 0, length);
        segments.Add(new SegmentHits(context.AtomicReader, words, 0));
        count = 0;
    }

    public void Collect(int doc)
    {
        words![doc >> 6] |= 1L << (doc & 63);
        count++;
    }

    /// <summary>Hits given as bits already (a filter alone), without running a search.</summary>
    public void Add(AtomicReader reader, FixedBitSet bits, IBits? liveDocs)
    {
        Close();
        var length = FixedBitSet.Bits2words(reader.MaxDoc);
        var copy = ArrayPool<long>.Shared.Rent(length);
        Array.Copy(bits.GetBits(), copy, length);
        if (liveDocs is not null)
        {
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (!liveDocs.Get(doc))
                {
                    copy[doc >> 6] &= ~(1L << (doc & 63));
                }
            }
        }
        var total = 0;
        for (var i = 0; i < length; i++)
        {
            total += BitOperations.PopCount((ulong)copy[i]);
        }
        segments.Add(new SegmentHits(reader, copy, total));
    }

    public void Dispose()
    {
        Close();
        foreach (var segment in segments)
        {
            ArrayPool<long>.Shared.Return(segment.Words);
        }
        segments.Clear();
    }

    private void Close()
    {
        if (words is not null)
        {
            segments[^1] = segments[^1] with { Count = count };
            words = null;
        }
    }
}

internal sealed record SegmentHits(AtomicReader Reader, long[] Words, int Count);

/// <summary>
/// Counts facet values over collected hits. A value with few distinct values per segment is counted by intersecting
/// the hits with the cached bit set of each value (a few microseconds per value, whatever the number of hits); a
/// field with many values by reading each hit's ordinal from a cached array. The cheaper way is chosen per segment.
/// </summary>
internal sealed class FacetCounter(SegmentBits cache)
{
    public Dictionary<string, int> Count(IReadOnlyList<SegmentHits> segments, string field)
    {
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        var multiValued = IndexFields.IsMultiValued(field);
        foreach (var segment in segments)
        {
            if (segment.Count == 0)
            {
                continue;
            }
            var reader = segment.Reader;
            var names = cache.Values(reader, field, multiValued);
            var valueCount = names.Length;
            if (valueCount == 0)
            {
                continue;
            }
            var words = FixedBitSet.Bits2words(reader.MaxDoc);
            var bitSetCost = (long)valueCount * words;
            // A hit's ordinal is a random read from an array of megabytes (two for a multi-valued field), a bit set's word
            // a sequential one: weighed 1 to 16 (32), the ordinals were chosen for a facet of 3 values over 15,000 hits
            // at 1,000,000 datasets and cost ~1 ms where the bit sets cost ~0.1 ms.
            var ordinalCost = (long)segment.Count * (multiValued ? 32 : 16);
            if (field != IndexFields.OrganizationFacet && bitSetCost < ordinalCost)
            {
                var hits = new FixedBitSet(segment.Words, reader.MaxDoc);
                for (var ord = 0; ord < valueCount; ord++)
                {
                    var value = names[ord];
                    var count = (int)FixedBitSet.IntersectionCount(hits, cache.Term(reader, field, value));
                    if (count > 0)
                    {
                        totals[value] = totals.GetValueOrDefault(value) + count;
                    }
                }
                continue;
            }
            var counts = ArrayPool<int>.Shared.Rent(valueCount);
            Array.Clear(counts, 0, valueCount);
            var ordinals = multiValued ? null : cache.Ordinals(reader, field);
            var multi = multiValued ? cache.MultiOrdinals(reader, field) : null;
            if (ordinals is null && multi is null)
            {
                ArrayPool<int>.Shared.Return(counts);
                continue;
            }
            for (var w = 0; w < words; w++)
            {
                var word = (ulong)segment.Words[w];
                while (word != 0)
                {
                    var doc = (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    if (ordinals is not null)
                    {
                        var ord = ordinals[doc];
                        if (ord >= 0)
                        {
                            counts[ord]++;
                        }
                    }
                    else
                    {
                        for (var i = multi!.Starts[doc]; i < multi.Starts[doc + 1]; i++)
                        {
                            counts[multi.Ords[i]]++;
                        }
                    }
                }
            }
            for (var ord = 0; ord < valueCount; ord++)
            {
                if (counts[ord] > 0)
                {
                    var value = names[ord];
                    totals[value] = totals.GetValueOrDefault(value) + counts[ord];
                }
            }
            ArrayPool<int>.Shared.Return(counts);
        }
        return totals;
    }
}
