namespace Agora.Search;

/// <summary>A search request; maps one to one onto <c>GET /api/v1/search</c>.</summary>
public sealed record SearchQuery
{
    public const int MaxLimit = 100;

    /// <summary>
    /// What the user typed: words, "quoted phrases", Chinese text without spaces (segmented into words). Every word
    /// must match somewhere. Never throws: operators and wildcards are ordinary characters here. Empty browses all.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>
    /// Facet name (see <see cref="SearchFacets"/>) → accepted values. Values of one facet are OR-ed, facets AND-ed.
    /// A region code matches its subdivisions (110000 matches 110105).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Facets to count; null counts every facet the caller may use, empty counts none.</summary>
    public IReadOnlyList<string>? Facets { get; init; }

    /// <summary>Values returned per facet, highest count first.</summary>
    public int FacetLimit { get; init; } = 20;

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    /// <summary>Items per page, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>The <see cref="SearchResult.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }

    /// <summary>zh or en: which title the title sort uses.</summary>
    public string Language { get; init; } = "zh";
}

public enum SearchSort
{
    /// <summary>Best match first; without search text, newest first.</summary>
    Relevance,

    /// <summary>Last modified, newest first.</summary>
    Modified,

    /// <summary>Title A→Z (pinyin order for Chinese).</summary>
    Title,

    /// <summary>Most used first.</summary>
    Usage,
}
