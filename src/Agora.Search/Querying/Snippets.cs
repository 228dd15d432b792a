using Agora.Search.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Agora.Search.Querying;

/// <summary>
/// Highlighted, HTML-escaped titles and description snippets. Everything the user or a publisher wrote is escaped;
/// the only markup is the &lt;mark&gt; elements added around matches. Chinese fields are marked where the typed
/// words occur; English fields where a word has the stem of a typed word. (Lucene's Highlighter re-analyzed every
/// field of every hit, building an in-memory index for phrases: most of the time of a search.)
/// </summary>
internal sealed class Snippets(AnalyzerSet analyzers, HighlightTerms? terms)
{
    private const string MarkOpen = "<mark>";
    private const string MarkClose = "</mark>";
    private const int MaxSpans = 64;

    public string Chinese(string text, int fragmentChars = 0)
    {
        var spans = new List<(int Start, int End)>();
        if (terms is not null && text.Length > 0)
        {
            foreach (var term in terms.Chinese.OrderByDescending(t => t.Length))
            {
                for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
                    at >= 0 && spans.Count < MaxSpans;
                    at = text.IndexOf(term, at + term.Length, StringComparison.OrdinalIgnoreCase))
                {
                    var end = at + term.Length;
                    if (!spans.Any(s => s.Start < end && at < s.End))
                    {
                        spans.Add((at, end));
                    }
                }
            }
        }
        return Render(text, spans, fragmentChars, wordBoundaries: false);
    }

    public string English(string text, int fragmentChars = 0)
    {
        var spans = new List<(int Start, int End)>();
        if (terms is { EnglishStems.Count: > 0 } && text.Length > 0)
        {
            using var stream = analyzers.English.GetTokenStream("highlight", text);
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken() && spans.Count < MaxSpans)
            {
                if (terms.EnglishStems.Contains(term.ToString()))
                {
                    spans.Add((offset.StartOffset, offset.EndOffset));
                }
            }
            stream.End();
        }
        return Render(text, spans, fragmentChars, wordBoundaries: true);
    }

    private static string Render(string text, List<(int Start, int End)> spans, int fragmentChars, bool wordBoundaries)
    {
        spans.Sort();
        var (start, end) = Window(text, spans, fragmentChars, wordBoundaries);
        var html = new System.Text.StringBuilder(end - start + spans.Count * 13 + 2);
        if (start > 0)
        {
            html.Append('…');
        }
        var at = start;
        foreach (var (spanStart, spanEnd) in spans)
        {
            if (spanStart < at || spanEnd > end)
            {
                continue;
            }
            html.Append(HtmlEncoder.Encode(text[at..spanStart])).Append(MarkOpen)
                .Append(HtmlEncoder.Encode(text[spanStart..spanEnd])).Append(MarkClose);
            at = spanEnd;
        }
        html.Append(HtmlEncoder.Encode(text[at..end]));
        if (end < text.Length)
        {
            html.Append('…');
        }
        return html.ToString();
    }

    /// <summary>The whole text, or the passage of about <paramref name="size"/> characters with most matches.</summary>
    private static (int Start, int End) Window(string text, List<(int Start, int End)> spans, int size, bool wordBoundaries)
    {
        if (size == 0 || text.Length <= size)
        {
            return (0, text.Length);
        }
        var start = 0;
        var best = spans.Count(s => s.End <= size);
        foreach (var (spanStart, _) in spans)
        {
            var candidate = Math.Max(0, Math.Min(spanStart - size / 5, text.Length - size));
            var covered = spans.Count(s => s.Start >= candidate && s.End <= candidate + size);
            if (covered > best)
            {
                best = covered;
                start = candidate;
            }
        }
        var end = Math.Min(text.Length, start + size);
        if (wordBoundaries)
        {
            var space = text.LastIndexOf(' ', Math.Max(0, start), Math.Min(start + 1, 20));
            start = start > 0 && space >= 0 ? space + 1 : start;
            var next = end < text.Length ? text.IndexOf(' ', end, Math.Min(20, text.Length - end)) : -1;
            end = next >= 0 ? next : end;
        }
        // Never cut a character in half.
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start--;
        }
        if (end < text.Length && char.IsLowSurrogate(text[end]))
        {
            end++;
        }
        return (start, end);
    }
}

/// <summary>Escapes the five HTML-significant characters and leaves every other character as it is.</summary>
internal static class HtmlEncoder
{
    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }
        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal);
    }
}
