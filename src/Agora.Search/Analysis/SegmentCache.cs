using System.Collections.Concurrent;

namespace Agora.Search.Analysis;

/// <summary>
/// Remembers how SmartCn's HHMM segmenter split a sentence. Segmenting costs about two microseconds per character,
/// and catalog text repeats a lot (organization names, field labels, boilerplate clauses), so indexing a large
/// catalog is several times faster with this cache. Bounded: when full it starts over.
/// </summary>
internal sealed class SegmentCache(int capacity)
{
    private ConcurrentDictionary<string, CachedToken[]> entries = new(StringComparer.Ordinal);
    private int count;
    private long hits;
    private long misses;

    /// <summary>
    /// Large enough for the distinct clauses of a million-dataset catalog (about 400,000 in the benchmark's, some
    /// 60 MB); emptied after each rebuild.
    /// </summary>
    public static SegmentCache Shared { get; } = new(500_000);

    public long Hits => Interlocked.Read(ref hits);

    public long Misses => Interlocked.Read(ref misses);

    public void Clear()
    {
        Volatile.Write(ref entries, new ConcurrentDictionary<string, CachedToken[]>(StringComparer.Ordinal));
        Volatile.Write(ref count, 0);
    }

    public bool TryGet(string sentence, out CachedToken[] tokens)
    {
        if (entries.TryGetValue(sentence, out tokens!))
        {
            Interlocked.Increment(ref hits);
            return true;
        }
        Interlocked.Increment(ref misses);
        return false;
    }

    public void Add(string sentence, CachedToken[] tokens)
    {
        // ConcurrentDictionary.Count takes every lock of the dictionary: keep our own count.
        if (Interlocked.Increment(ref count) > capacity)
        {
            Volatile.Write(ref entries, new ConcurrentDictionary<string, CachedToken[]>(StringComparer.Ordinal));
            Volatile.Write(ref count, 0);
        }
        entries.TryAdd(sentence, tokens);
    }
}

/// <summary>One word of a segmented sentence, with offsets relative to the sentence start.</summary>
internal readonly record struct CachedToken(string Term, int Start, int End);
