using Agora.Search.Analysis;
using Agora.Search.Querying;

namespace Agora.Search.Bench.Engines;

/// <summary>One thing the user asked for, as the SQL engines receive it.</summary>
internal sealed record QueryTerm(string Text, bool Chinese, bool Phrase);

/// <summary>
/// Splits query text for the SQL engines exactly as Agora.Search does (quoted phrases, words, Chinese segmented by
/// SmartCn with the same stop words), so that every engine answers the same question and differences come from
/// matching and ranking.
/// </summary>
internal static class QueryTerms
{
    private static readonly TextQueryBuilder Builder = new(new AnalyzerSet(SegmentCache.Shared));

    private static readonly HashSet<string> EnglishStopWords =
        [.. Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet];

    public static IReadOnlyList<QueryTerm> Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var terms = new List<QueryTerm>();
        foreach (var item in Builder.Parse(text))
        {
            var value = item.Text.ToLowerInvariant();
            var chinese = TextQueryBuilder.ContainsChinese(value);
            if (item.Kind == TextQueryBuilder.ItemKind.Word && !chinese && (EnglishStopWords.Contains(value) || !value.Any(char.IsLetterOrDigit)))
            {
                continue;
            }
            terms.Add(new QueryTerm(value, chinese, item.Kind == TextQueryBuilder.ItemKind.Phrase));
        }
        return terms;
    }

    /// <summary>Overlapping character pairs of the Han runs, as the PostgreSQL baseline indexes Chinese.</summary>
    public static string Bigrams(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length * 3);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (TextQueryBuilder.IsChinese(c))
            {
                if (i > 0 && !TextQueryBuilder.IsChinese(text[i - 1]))
                {
                    builder.Append(' ');
                }
                if (i + 1 < text.Length && TextQueryBuilder.IsChinese(text[i + 1]))
                {
                    builder.Append(c).Append(text[i + 1]).Append(' ');
                }
                else if (i == 0 || !TextQueryBuilder.IsChinese(text[i - 1]))
                {
                    builder.Append(c).Append(' ');
                }
            }
            else
            {
                builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
            }
        }
        return builder.ToString();
    }
}
