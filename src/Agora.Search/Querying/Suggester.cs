using System.Runtime.CompilerServices;
using Agora.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Audience = Agora.Search.Querying.SuggestionDictionary.Audience;

namespace Agora.Search.Querying;

/// <summary>
/// Completions while typing: titles and keywords that start with the prefix or have a word that does, from datasets
/// the caller may see, most used first. Each segment's <see cref="SuggestionDictionary"/> is built on its first use
/// and kept while the segment lives, so a keystroke costs binary searches and a walk over the matching texts, not a
/// search of the index.
/// </summary>
internal sealed class Suggester(SegmentBits cache)
{
    private const int MaxPrefixChars = 50;
    private const int MaxLimit = 50;

    // A segment this small builds its dictionary in well under a keystroke's time: a keystroke waits for it.
    private const int WaitForSegmentsUnder = 50_000;

    private readonly ConditionalWeakTable<object, Lazy<SuggestionDictionary>> dictionaries = new();
    private readonly TermBitsFilter publicFilter = new(cache, FilterBuilder.Visibility(SearchVisibility.Public));
    private readonly TermBitsFilter notCoreFilter = new(cache, FilterBuilder.Visibility(SearchVisibility.Government()));

    public IReadOnlyList<SearchSuggestion> Suggest(IndexSearcher searcher, string prefix, SearchVisibility visibility, int limit)
    {
        var text = (prefix ?? "").Trim();
        if (text.Length == 0 || limit < 1)
        {
            return [];
        }
        limit = Math.Min(limit, MaxLimit);
        var lower = (text.Length > MaxPrefixChars ? text[..MaxPrefixChars] : text).ToLowerInvariant();
        if (lower.Length < 2 && !TextQueryBuilder.ContainsChinese(lower))
        {
            // One Latin letter starts half the words of the catalog: nothing useful to suggest yet.
            return [];
        }

        var audience = visibility.Audience switch
        {
            SearchAudience.Bureau => Audience.All,
            SearchAudience.Government => Audience.NotCore,
            _ => Audience.Public,
        };
        // A government member also sees the core data of their own organizations: few datasets, read one by one.
        var ownCore = visibility.Audience == SearchAudience.Government && visibility.OwnOrganizationIds.Count > 0
            ? new TermBitsFilter(cache, [[.. visibility.OwnOrganizationIds.Distinct().Select(id => (IndexFields.Organization, DocumentMapper.IdTerm(id)))]])
            : null;

        var found = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            if (Ready(reader) is not { } dictionary)
            {
                // A large segment's dictionary is still being built in the background (seconds, after a start or a
                // large merge): its texts are left out until it is ready rather than holding the keystroke, and a
                // pool thread with it, for that long.
                continue;
            }
            var usage = cache.Numbers(reader, IndexFields.Usage);
            var ids = cache.Ordinals(reader, IndexFields.IdSort);
            var live = reader.LiveDocs;
            var leading = new TopTexts(limit);
            var inner = new TopTexts(limit);
            void Offer(TopTexts top, int t)
            {
                var doc = dictionary.Best(audience, t);
                if (doc < 0 || (top.IsFull && usage[doc] < top.Lowest))
                {
                    return;
                }
                if (live is not null && !live.Get(doc))
                {
                    doc = dictionary.BestLive(reader, t, Visible(reader, audience), live, usage, ids);
                }
                if (doc >= 0)
                {
                    top.Offer(t, usage[doc], doc);
                }
            }

            var (from, to) = dictionary.Leading(lower);
            Walk(from, to, block => dictionary.LeadingBlockMax(audience, block), leading, i => Offer(leading, i));
            (from, to) = dictionary.Inner(lower);
            Walk(from, to, block => dictionary.InnerBlockMax(audience, block), inner, i =>
            {
                // A text that starts with the prefix is a leading match, whatever else matches inside it.
                var t = dictionary.InnerText(i);
                if (!dictionary.StartsWith(t, lower))
                {
                    Offer(inner, t);
                }
            });
            foreach (var (t, used, doc) in leading.Items.Concat(inner.Items))
            {
                Add(found, new Candidate(dictionary.Text(t), dictionary.StartsWith(t, lower), used, reader, doc));
            }
            if (ownCore is not null)
            {
                AddOwnCore(found, reader, ownCore.Bits(reader), notCoreFilter.Bits(reader), live, usage, lower);
            }
        }

        return
        [
            .. found.Values
                .OrderBy(c => c.Leading ? 0 : 1)
                .ThenByDescending(c => c.Usage)
                .ThenBy(c => c.Text, StringComparer.Ordinal)
                .Take(limit)
                .Select(Show),
        ];
    }

    /// <summary>
    /// Visits the positions <paramref name="from"/>..<paramref name="to"/> of one of a dictionary's arrays block by
    /// block, from the block with the highest usage down, and stops when no block left can beat the least used of the
    /// texts kept (a block's maximum ignores deletions, so it is an upper bound).
    /// </summary>
    private static void Walk(int from, int to, Func<int, long> blockMax, TopTexts top, Action<int> visit)
    {
        if (from >= to)
        {
            return;
        }
        var blocks = new List<(long Max, int Block)>();
        for (var block = SuggestionDictionary.BlockOf(from); block <= SuggestionDictionary.BlockOf(to - 1); block++)
        {
            if (blockMax(block) is var max && max >= 0)
            {
                blocks.Add((max, block));
            }
        }
        blocks.Sort((a, b) => a.Max != b.Max ? b.Max.CompareTo(a.Max) : a.Block.CompareTo(b.Block));
        foreach (var (max, block) in blocks)
        {
            if (top.IsFull && max < top.Lowest)
            {
                break;
            }
            var end = Math.Min(to, SuggestionDictionary.BlockStart(block + 1));
            for (var i = Math.Max(from, SuggestionDictionary.BlockStart(block)); i < end; i++)
            {
                visit(i);
            }
        }
    }

    /// <summary>
    /// Builds the dictionaries of a new reader's segments in the background (those already built are kept), so that
    /// the keystroke after an index opens, or after a merge made a large segment, does not wait for them.
    /// </summary>
    public void WarmInBackground(IndexReader reader)
    {
        if (!reader.TryIncRef())
        {
            return;
        }
        // The entries exist before the first keystroke can look, so a keystroke finds a large segment's build under
        // way instead of starting its own.
        var entries = reader.Leaves.Select(leaf => Entry(leaf.AtomicReader)).ToList();
        _ = Task.Run(() =>
        {
            try
            {
                foreach (var entry in entries)
                {
                    _ = entry.Value;
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The index was damaged or closed meanwhile: a suggestion will report it, or the index is gone.
            }
            finally
            {
                reader.DecRef();
            }
        });
    }

    private SuggestionDictionary? Ready(AtomicReader reader) =>
        Entry(reader) is var entry && (entry.IsValueCreated || reader.MaxDoc < WaitForSegmentsUnder) ? entry.Value : null;

    private Lazy<SuggestionDictionary> Entry(AtomicReader reader) =>
        dictionaries.GetValue(reader.CoreCacheKey, _ => new Lazy<SuggestionDictionary>(() => SuggestionDictionary.Build(
            reader,
            cache.Numbers(reader, IndexFields.Usage),
            cache.Ordinals(reader, IndexFields.IdSort),
            publicFilter.Bits(reader),
            notCoreFilter.Bits(reader))));

    private FixedBitSet? Visible(AtomicReader reader, Audience audience) => audience switch
    {
        Audience.Public => publicFilter.Bits(reader),
        Audience.NotCore => notCoreFilter.Bits(reader),
        _ => null,
    };

    private void AddOwnCore(
        Dictionary<string, Candidate> found, AtomicReader reader, FixedBitSet own, FixedBitSet notCore, IBits? live, long[] usage, string prefix)
    {
        for (var doc = own.NextSetBit(0); doc >= 0; doc = doc + 1 < own.Length ? own.NextSetBit(doc + 1) : -1)
        {
            if (notCore.Get(doc) || (live is not null && !live.Get(doc)))
            {
                continue;
            }
            var record = cache.Hit(reader, doc);
            foreach (var value in record.Keywords.Append(record.TitleZh).Append(record.TitleEn))
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }
                var normalized = SuggestionDictionary.Normalize(value);
                var leading = normalized.StartsWith(prefix, StringComparison.Ordinal);
                if (leading || SuggestionDictionary.MatchesInside(normalized, prefix))
                {
                    Add(found, new Candidate(normalized, leading, usage[doc], reader, doc));
                }
            }
        }
    }

    /// <summary>The same text from several segments (or datasets) is suggested once, for its most used dataset.</summary>
    private static void Add(Dictionary<string, Candidate> found, Candidate candidate)
    {
        if (!found.TryGetValue(candidate.Text, out var known) || candidate.Usage > known.Usage)
        {
            found[candidate.Text] = candidate;
        }
    }

    /// <summary>Shows the text as its dataset spells it: a keyword when it is one of the dataset's keywords.</summary>
    private SearchSuggestion Show(Candidate candidate)
    {
        var record = cache.Hit(candidate.Reader, candidate.Doc);
        foreach (var keyword in record.Keywords)
        {
            if (!string.IsNullOrWhiteSpace(keyword) && SuggestionDictionary.Normalize(keyword) == candidate.Text)
            {
                return new SearchSuggestion(keyword.Trim(), SuggestionKind.Keyword, null);
            }
        }
        var title = new[] { record.TitleZh, record.TitleEn }
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t) && SuggestionDictionary.Normalize(t) == candidate.Text);
        return new SearchSuggestion(title?.Trim() ?? candidate.Text, SuggestionKind.Title, record.Id);
    }

    private sealed record Candidate(string Text, bool Leading, long Usage, AtomicReader Reader, int Doc);

    /// <summary>The most used texts of a segment, at most a limit, each once; equal usage in text order.</summary>
    private sealed class TopTexts(int limit)
    {
        private readonly List<(int Text, long Usage, int Doc)> items = [];

        public IReadOnlyList<(int Text, long Usage, int Doc)> Items => items;

        public bool IsFull => items.Count == limit;

        /// <summary>The usage of the least used text kept, once full.</summary>
        public long Lowest => items[^1].Usage;

        public void Offer(int text, long usage, int doc)
        {
            if (items.Count == limit && !Before(usage, text, items[^1]))
            {
                return;
            }
            var at = items.Count;
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].Text == text)
                {
                    return;
                }
                if (at == items.Count && Before(usage, text, items[i]))
                {
                    at = i;
                }
            }
            items.Insert(at, (text, usage, doc));
            if (items.Count > limit)
            {
                items.RemoveAt(limit);
            }
        }

        private static bool Before(long usage, int text, (int Text, long Usage, int Doc) other) =>
            usage > other.Usage || (usage == other.Usage && text < other.Text);
    }
}
