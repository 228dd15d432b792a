using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Agora.Search.Querying;

/// <summary>
/// The words of the index that contain a typed Chinese word of three or more characters (石家庄 → 石家庄, 石家庄市),
/// looked up in each segment's terms dictionary. Searching those words as plain terms finds what the phrase of the
/// typed word's stacked pairs finds, without reading positions: that phrase was most of a search's time at
/// 1,000,000 records, as its pairs (家庄, 石家) are frequent. Segments are immutable, so each segment's long words and
/// each answer are kept as long as the segment lives.
/// </summary>
internal sealed class LongerWords
{
    /// <summary>Beyond this many words a disjunction costs more than the phrase; the caller keeps the phrase.</summary>
    public const int MaxWords = 64;

    // Bounds what arbitrary typed words can make a segment keep; past it, answers are computed each time.
    private const int MaxAnswersPerSegment = 4096;

    private readonly ConditionalWeakTable<object, Segment> segments = new();

    /// <summary>
    /// The words of <paramref name="field"/> in any segment that contain <paramref name="word"/> (itself included when
    /// indexed), in ordinal order; null when there are more than <see cref="MaxWords"/>.
    /// </summary>
    public IReadOnlyList<string>? Containing(IndexReader reader, string field, string word)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var leaf in reader.Leaves)
        {
            var words = InSegment(leaf.AtomicReader, field, word);
            if (words is null)
            {
                return null;
            }
            found.UnionWith(words);
            if (found.Count > MaxWords)
            {
                return null;
            }
        }
        return [.. found];
    }

    private string[]? InSegment(AtomicReader reader, string field, string word)
    {
        var segment = segments.GetValue(reader.CoreCacheKey, _ => new Segment());
        var key = (field, word);
        if (segment.Answers.TryGetValue(key, out var answer))
        {
            return answer;
        }
        var candidates = segment.LongWords.GetOrAdd(field, f => LongWords(reader, f));
        var found = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.Contains(word, StringComparison.Ordinal))
            {
                found.Add(candidate);
                if (found.Count > MaxWords)
                {
                    break;
                }
            }
        }
        answer = found.Count > MaxWords ? null : [.. found];
        if (segment.Answers.Count < MaxAnswersPerSegment)
        {
            segment.Answers.TryAdd(key, answer);
        }
        return answer;
    }

    /// <summary>The segment's all-Chinese terms of three or more characters: only they can contain a typed word of three.</summary>
    private static string[] LongWords(AtomicReader reader, string field)
    {
        var terms = reader.GetTerms(field);
        if (terms is null)
        {
            return [];
        }
        var words = new List<string>();
        var iterator = terms.GetEnumerator();
        while (iterator.MoveNext())
        {
            var bytes = iterator.Term;
            // Three Chinese characters take at least seven bytes in UTF-8 (nine, or seven with one outside the BMP).
            if (bytes.Length < 7)
            {
                continue;
            }
            var text = bytes.Utf8ToString();
            if (text.Length >= 3 && text.All(TextQueryBuilder.IsChinese))
            {
                words.Add(text);
            }
        }
        return [.. words];
    }

    private sealed class Segment
    {
        public ConcurrentDictionary<string, string[]> LongWords { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<(string Field, string Word), string[]?> Answers { get; } = new();
    }
}
