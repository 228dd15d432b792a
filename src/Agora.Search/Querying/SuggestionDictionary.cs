using Agora.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Agora.Search.Querying;

/// <summary>
/// The suggestions of one segment, built once from its <see cref="IndexFields.SuggestWhole"/> terms (every title and
/// keyword, trimmed and lower-cased): the distinct texts, a sorted array of the places where a typed prefix may
/// match in them (the start of the text, the start of each word, each Chinese character), and for each text the most
/// used document of each kind of caller. A prefix is then two binary searches and a walk over the texts that match,
/// with no term expansion and no sort of documents.
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

    private static readonly SuggestionDictionary Empty = new([], [0], [], [[], [], []]);

    private readonly char[] chars;
    private readonly int[] starts;
    private readonly long[] keys;
    private readonly int[][] best;

    private SuggestionDictionary(char[] chars, int[] starts, long[] keys, int[][] best)
    {
        this.chars = chars;
        this.starts = starts;
        this.keys = keys;
        this.best = best;
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
            if (TextQueryBuilder.IsChinese(text[i]) || (char.IsLetterOrDigit(text[i]) && !char.IsLetterOrDigit(text[i - 1])))
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
        var text = new System.Text.StringBuilder();
        var starts = new List<int> { 0 };
        var bestPublic = new List<int>();
        var bestNotCore = new List<int>();
        var bestAll = new List<int>();
        var termsEnum = terms.GetEnumerator();
        DocsEnum? docs = null;
        while (termsEnum.MoveNext())
        {
            var value = termsEnum.Term.Utf8ToString();
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
            if (all < 0)
            {
                continue;
            }
            text.Append(value);
            starts.Add(text.Length);
            bestPublic.Add(pub);
            bestNotCore.Add(notCore);
            bestAll.Add(all);
        }

        var chars = new char[text.Length];
        text.CopyTo(0, chars, chars.Length);
        var startArray = starts.ToArray();
        var keys = new List<long>(startArray.Length * 4);
        for (var t = 0; t < startArray.Length - 1; t++)
        {
            keys.Add((long)t << OffsetBits);
            var value = new string(chars, startArray[t], startArray[t + 1] - startArray[t]);
            foreach (var offset in InnerStarts(value))
            {
                keys.Add(((long)t << OffsetBits) | (uint)offset);
            }
        }
        var sorted = keys.ToArray();
        var dictionary = new SuggestionDictionary(chars, startArray, sorted, [bestPublic.ToArray(), bestNotCore.ToArray(), bestAll.ToArray()]);
        Array.Sort(sorted, (a, b) => dictionary.Suffix(a).SequenceCompareTo(dictionary.Suffix(b)));
        return dictionary;
    }

    /// <summary>The text of entry <paramref name="t"/> (normalized).</summary>
    public string Text(int t) => new(chars, starts[t], starts[t + 1] - starts[t]);

    public bool StartsWith(int t, string prefix) =>
        chars.AsSpan(starts[t], starts[t + 1] - starts[t]).StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>The most used document of a text that callers of <paramref name="audience"/> see, deletions ignored; -1 for none.</summary>
    public int Best(Audience audience, int t) => best[(int)audience][t];

    /// <summary>
    /// The matches of <paramref name="prefix"/>, as (text, offset) pairs: offset 0 is a match at the text's start.
    /// A text may come more than once (at its start and inside, or at two words).
    /// </summary>
    public IEnumerable<(int Text, int Offset)> Matches(string prefix)
    {
        var low = Bound(prefix, upper: false);
        var high = Bound(prefix, upper: true);
        for (var i = low; i < high; i++)
        {
            yield return ((int)(keys[i] >> OffsetBits), (int)(keys[i] & MaxOffset));
        }
    }

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

    /// <summary>More used first; between equals, the smaller dataset id, as searches sorted by usage break ties.</summary>
    private static int Better(int doc, int current, long[] usage, int[]? idOrdinals)
    {
        if (current < 0 || usage[doc] > usage[current])
        {
            return doc;
        }
        return usage[doc] == usage[current] && idOrdinals is not null && idOrdinals[doc] < idOrdinals[current] ? doc : current;
    }

    private ReadOnlySpan<char> Suffix(long key)
    {
        var t = (int)(key >> OffsetBits);
        var from = starts[t] + (int)(key & MaxOffset);
        return chars.AsSpan(from, starts[t + 1] - from);
    }

    /// <summary>First key whose suffix, cut to the prefix's length, is ≥ the prefix (&gt; it when <paramref name="upper"/>).</summary>
    private int Bound(string prefix, bool upper)
    {
        int low = 0, high = keys.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var suffix = Suffix(keys[middle]);
            var compared = suffix[..Math.Min(suffix.Length, prefix.Length)].SequenceCompareTo(prefix);
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
}
