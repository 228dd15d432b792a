using Agora.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Agora.Search.Querying;

/// <summary>
/// The suggestions of one segment, built once from its <see cref="IndexFields.SuggestWhole"/> terms (every title and
/// keyword, trimmed and lower-cased): the distinct texts in order, a sorted array of the places inside them where a
/// typed prefix may also match (the start of each word, each Chinese character), and for each text the most used
/// document of each kind of caller. A prefix is two binary searches per array; the most used matches are then found
/// block by block, from each block's highest usage down, so that neither a common prefix (医, thousands of titles)
/// nor the number of documents costs more than a few blocks.
/// </summary>
internal sealed class SuggestionDictionary
{
    /// <summary>Who may see a document: these three are the same for every caller of a kind.</summary>
    public enum Audience
    {
        /// <summary>Open or conditional, not core.</summary>
        Public,

        /// <summary>Not core: what every government member sees (core data of their own organizations aside).</summary>
        NotCore,

        /// <summary>Everything: the bureau.</summary>
        All,
    }

    private const int OffsetBits = 8;
    private const int MaxOffset = (1 << OffsetBits) - 1;
    private const int BlockShift = 6;
    private const int BlockSize = 1 << BlockShift;

    // Comparing suffixes further than a prefix can be long is of no use for finding them.
    private const int CompareChars = 50;

    private static readonly SuggestionDictionary Empty = new([], [0], [], [[], [], []], []);

    private readonly char[] chars;
    private readonly int[] starts;
    private readonly long[] inner;
    private readonly int[][] best;
    private readonly long[][] textBlocks;
    private readonly long[][] innerBlocks;

    private SuggestionDictionary(char[] chars, int[] starts, long[] inner, int[][] best, long[] usage)
    {
        this.chars = chars;
        this.starts = starts;
        this.inner = inner;
        this.best = best;
        textBlocks = [.. best.Select(b => BlockMaxima(b.Length, i => b[i] < 0 ? -1 : usage[b[i]]))];
        innerBlocks = [.. best.Select(b => BlockMaxima(inner.Length, i => b[TextOf(inner[i])] is var d && d >= 0 ? usage[d] : -1))];
    }

    public int Count => starts.Length - 1;

    /// <summary>A title or keyword as the index holds it in <see cref="IndexFields.SuggestWhole"/>.</summary>
    public static string Normalize(string value)
    {
        var whole = value.Trim().ToLowerInvariant();
        return whole.Length > DocumentMapper.SuggestChars ? whole[..DocumentMapper.SuggestChars] : whole;
    }

    /// <summary>
    /// Where a typed prefix may match in a normalized text after its start: the start of a word (a letter or digit
    /// after anything else) and every Chinese character, as Chinese has no spaces between its words.
    /// </summary>
    public static IEnumerable<int> InnerStarts(string text)
    {
        for (var i = 1; i < text.Length && i <= MaxOffset; i++)
        {
            if (IsInnerStart(text.AsSpan(), i))
            {
                yield return i;
            }
        }
    }

    /// <summary>Whether <paramref name="text"/> (normalized) matches <paramref name="prefix"/> after its start.</summary>
    public static bool MatchesInside(string text, string prefix) =>
        InnerStarts(text).Any(i => text.AsSpan(i).StartsWith(prefix, StringComparison.Ordinal));

    public static SuggestionDictionary Build(AtomicReader reader, long[] usage, int[]? idOrdinals, FixedBitSet publicBits, FixedBitSet notCoreBits)
    {
        var terms = reader.GetTerms(IndexFields.SuggestWhole);
        if (terms is null)
        {
            return Empty;
        }
        var texts = new List<string>();
        var bests = new List<(int Public, int NotCore, int All)>();
        var termsEnum = terms.GetEnumerator();
        DocsEnum? docs = null;
        while (termsEnum.MoveNext())
        {
            int pub = -1, notCore = -1, all = -1;
            docs = termsEnum.Docs(null, docs, DocsFlags.NONE);
            int doc;
            while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
            {
                all = Better(doc, all, usage, idOrdinals);
                if (notCoreBits.Get(doc))
                {
                    notCore = Better(doc, notCore, usage, idOrdinals);
                    if (publicBits.Get(doc))
                    {
                        pub = Better(doc, pub, usage, idOrdinals);
                    }
                }
            }
            if (all >= 0)
            {
                texts.Add(termsEnum.Term.Utf8ToString());
                bests.Add((pub, notCore, all));
            }
        }

        // Terms come in UTF-8 order; the arrays are searched in the order of .NET's ordinal comparison.
        var order = texts.ToArray();
        var slots = bests.ToArray();
        Array.Sort(order, slots, StringComparer.Ordinal);
        var starts = new int[order.Length + 1];
        for (var t = 0; t < order.Length; t++)
        {
            starts[t + 1] = starts[t] + order[t].Length;
        }
        var chars = new char[starts[^1]];
        for (var t = 0; t < order.Length; t++)
        {
            order[t].CopyTo(0, chars, starts[t], order[t].Length);
        }
        return new SuggestionDictionary(
            chars,
            starts,
            SortedInnerKeys(chars, starts),
            [[.. slots.Select(s => s.Public)], [.. slots.Select(s => s.NotCore)], [.. slots.Select(s => s.All)]],
            usage);
    }

    /// <summary>The text of entry <paramref name="t"/> (normalized).</summary>
    public string Text(int t) => new(chars, starts[t], starts[t + 1] - starts[t]);

    public bool StartsWith(int t, string prefix) => Span(t).StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>The most used document of a text that callers of <paramref name="audience"/> see, deletions ignored; -1 for none.</summary>
    public int Best(Audience audience, int t) => best[(int)audience][t];

    /// <summary>The texts that start with <paramref name="prefix"/>, as a range of text numbers.</summary>
    public (int From, int To) Leading(string prefix) => (TextBound(prefix, upper: false), TextBound(prefix, upper: true));

    /// <summary>The places inside texts where <paramref name="prefix"/> matches, as a range of <see cref="InnerText"/> numbers.</summary>
    public (int From, int To) Inner(string prefix) => (InnerBound(prefix, upper: false), InnerBound(prefix, upper: true));

    /// <summary>The text of an inner match; a text can have several.</summary>
    public int InnerText(int i) => TextOf(inner[i]);

    /// <summary>The highest usage in a block of texts that the audience sees, deletions ignored (-1: none visible).</summary>
    public long LeadingBlockMax(Audience audience, int block) => textBlocks[(int)audience][block];

    /// <summary>The same for a block of inner matches.</summary>
    public long InnerBlockMax(Audience audience, int block) => innerBlocks[(int)audience][block];

    public static int BlockOf(int i) => i >> BlockShift;

    public static int BlockStart(int block) => block << BlockShift;

    /// <summary>
    /// The most used live document of text <paramref name="t"/> among <paramref name="visible"/> (all when null), read
    /// from the postings: for when the document <see cref="Best"/> names has been deleted since the segment was written.
    /// </summary>
    public int BestLive(AtomicReader reader, int t, FixedBitSet? visible, IBits live, long[] usage, int[]? idOrdinals)
    {
        var termsEnum = reader.GetTerms(IndexFields.SuggestWhole)?.GetEnumerator();
        if (termsEnum is null || !termsEnum.SeekExact(new BytesRef(Text(t))))
        {
            return -1;
        }
        var docs = termsEnum.Docs(live, null, DocsFlags.NONE);
        var result = -1;
        int doc;
        while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
        {
            if (visible is null || visible.Get(doc))
            {
                result = Better(doc, result, usage, idOrdinals);
            }
        }
        return result;
    }

    private static bool IsInnerStart(ReadOnlySpan<char> text, int i) =>
        TextQueryBuilder.IsChinese(text[i]) || (char.IsLetterOrDigit(text[i]) && !char.IsLetterOrDigit(text[i - 1]));

    /// <summary>
    /// (text, offset) of every inner start, sorted by the text that follows. Sorting millions of suffixes that share
    /// their beginnings is the costly part of a build: they are first sorted as numbers by their first four
    /// characters, and only runs that tie are compared as text.
    /// </summary>
    private static long[] SortedInnerKeys(char[] chars, int[] starts)
    {
        var keys = new List<long>(chars.Length);
        for (var t = 0; t < starts.Length - 1; t++)
        {
            var text = chars.AsSpan(starts[t], starts[t + 1] - starts[t]);
            for (var i = 1; i < text.Length && i <= MaxOffset; i++)
            {
                if (IsInnerStart(text, i))
                {
                    keys.Add(((long)t << OffsetBits) | (uint)i);
                }
            }
        }
        var sorted = keys.ToArray();
        var heads = new ulong[sorted.Length];
        for (var k = 0; k < sorted.Length; k++)
        {
            heads[k] = Head(Suffix(chars, starts, sorted[k]));
        }
        Array.Sort(heads, sorted);
        var comparer = Comparer<long>.Create((a, b) => Tail(chars, starts, a).SequenceCompareTo(Tail(chars, starts, b)));
        for (var from = 0; from < sorted.Length;)
        {
            var to = from + 1;
            while (to < sorted.Length && heads[to] == heads[from])
            {
                to++;
            }
            if (to - from > 1)
            {
                Array.Sort(sorted, from, to - from, comparer);
            }
            from = to;
        }
        return sorted;
    }

    /// <summary>The first four characters as a number that sorts as they do (shorter first when one is a prefix).</summary>
    private static ulong Head(ReadOnlySpan<char> suffix)
    {
        ulong head = 0;
        for (var i = 0; i < 4; i++)
        {
            head = (head << 16) | (i < suffix.Length ? suffix[i] : 0u);
        }
        return head;
    }

    private static ReadOnlySpan<char> Tail(char[] chars, int[] starts, long key)
    {
        var suffix = Suffix(chars, starts, key);
        return suffix.Length <= 4 ? [] : suffix[4..Math.Min(suffix.Length, CompareChars)];
    }

    private static ReadOnlySpan<char> Suffix(char[] chars, int[] starts, long key)
    {
        var t = TextOf(key);
        var from = starts[t] + (int)(key & MaxOffset);
        return chars.AsSpan(from, starts[t + 1] - from);
    }

    private static int TextOf(long key) => (int)(key >> OffsetBits);

    private static long[] BlockMaxima(int count, Func<int, long> value)
    {
        var maxima = new long[(count + BlockSize - 1) >> BlockShift];
        Array.Fill(maxima, -1L);
        for (var i = 0; i < count; i++)
        {
            maxima[i >> BlockShift] = Math.Max(maxima[i >> BlockShift], value(i));
        }
        return maxima;
    }

    /// <summary>More used first; between equals, the smaller dataset id, as searches sorted by usage break ties.</summary>
    private static int Better(int doc, int current, long[] usage, int[]? idOrdinals)
    {
        if (current < 0 || usage[doc] > usage[current])
        {
            return doc;
        }
        return usage[doc] == usage[current] && idOrdinals is not null && idOrdinals[doc] < idOrdinals[current] ? doc : current;
    }

    private ReadOnlySpan<char> Span(int t) => chars.AsSpan(starts[t], starts[t + 1] - starts[t]);

    /// <summary>First text that, cut to the prefix's length, is ≥ the prefix (&gt; it when <paramref name="upper"/>).</summary>
    private int TextBound(string prefix, bool upper) => Bound(Count, i => Span(i), prefix, upper);

    private int InnerBound(string prefix, bool upper) => Bound(inner.Length, i => Suffix(chars, starts, inner[i]), prefix, upper);

    private static int Bound(int count, SpanAt at, string prefix, bool upper)
    {
        int low = 0, high = count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var value = at(middle);
            var compared = value[..Math.Min(value.Length, prefix.Length)].SequenceCompareTo(prefix);
            if (compared < 0 || (upper && compared == 0))
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

    private delegate ReadOnlySpan<char> SpanAt(int index);
}
