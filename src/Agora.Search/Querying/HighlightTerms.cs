namespace Agora.Search.Querying;

/// <summary>What to mark in results: Chinese (and other) text as typed, lower-cased; English words by their stem.</summary>
internal sealed class HighlightTerms
{
    public HashSet<string> Chinese { get; } = new(StringComparer.Ordinal);

    public HashSet<string> EnglishStems { get; } = new(StringComparer.Ordinal);
}
