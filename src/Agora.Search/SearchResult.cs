namespace Agora.Search;

/// <summary>One page of results.</summary>
public sealed record SearchResult
{
    /// <summary>Datasets that match and that the caller may see.</summary>
    public int Total { get; init; }

    public IReadOnlyList<SearchHit> Items { get; init; } = [];

    /// <summary>
    /// Facet name → values with counts, highest first. A facet's counts ignore that facet's own filter (and only
    /// that one), so the other values of a facet show how many datasets choosing them as well would add. Region
    /// counts one level below the region filter: provinces without one, cities under a province, counties under a
    /// city.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets { get; init; } =
        new Dictionary<string, IReadOnlyList<FacetValue>>();

    /// <summary>Pass as <see cref="SearchQuery.Cursor"/> for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

/// <summary>
/// One dataset in a result. The *Html properties are HTML-escaped text in which only the &lt;mark&gt; tags around
/// matched words are markup.
/// </summary>
public sealed record SearchHit
{
    public Guid Id { get; init; }

    public string Identifier { get; init; } = "";

    public float Score { get; init; }

    public string TitleZhHtml { get; init; } = "";

    public string TitleEnHtml { get; init; } = "";

    public string DescriptionZhHtml { get; init; } = "";

    public string DescriptionEnHtml { get; init; } = "";

    public Guid OrganizationId { get; init; }

    public string OrganizationNameZh { get; init; } = "";

    public string OrganizationNameEn { get; init; } = "";

    public IReadOnlyList<string> Themes { get; init; } = [];

    public IReadOnlyList<string> Formats { get; init; } = [];

    public SearchOpening Opening { get; init; }

    /// <summary>Only for government users and the bureau.</summary>
    public SearchSharing? Sharing { get; init; }

    /// <summary>Only for government users and the bureau.</summary>
    public SearchSecurityGrade? SecurityGrade { get; init; }

    public DateTimeOffset Modified { get; init; }

    public long Usage { get; init; }
}

/// <summary>A facet value; <see cref="Label"/> and <see cref="LabelEn"/> name organizations.</summary>
public sealed record FacetValue(string Value, int Count, string? Label = null, string? LabelEn = null);

/// <summary>A completion of what the user is typing.</summary>
public sealed record SearchSuggestion(string Text, SuggestionKind Kind, Guid? DatasetId);

public enum SuggestionKind
{
    Title,
    Keyword,
}
