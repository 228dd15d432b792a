namespace Agora.Search;

/// <summary>
/// Who is searching. The index applies the catalog's visibility rules inside the query, so totals, facets and
/// suggestions never reveal a dataset the caller may not see:
/// <list type="bullet">
/// <item><see cref="SearchAudience.Public"/>: opening open or conditional, and never core data;</item>
/// <item><see cref="SearchAudience.Government"/>: everything except core data of other organizations;</item>
/// <item><see cref="SearchAudience.Bureau"/>: everything.</item>
/// </list>
/// </summary>
public sealed record SearchVisibility
{
    public SearchAudience Audience { get; init; }

    /// <summary>The caller's own organizations, whose core datasets a government member does see.</summary>
    public IReadOnlyList<Guid> OwnOrganizationIds { get; init; } = [];

    public static SearchVisibility Public { get; } = new() { Audience = SearchAudience.Public };

    public static SearchVisibility Bureau { get; } = new() { Audience = SearchAudience.Bureau };

    public static SearchVisibility Government(params IEnumerable<Guid> ownOrganizationIds) =>
        new() { Audience = SearchAudience.Government, OwnOrganizationIds = [.. ownOrganizationIds] };

    /// <summary>Government users and the bureau also see and filter on sharing attribute and security grade.</summary>
    public bool IsGovernment => Audience is SearchAudience.Government or SearchAudience.Bureau;
}

public enum SearchAudience
{
    /// <summary>Anonymous users and the public portal.</summary>
    Public,

    /// <summary>A signed-in member of a government organization (the sharing exchange).</summary>
    Government,

    /// <summary>The oversight bureau (大数据管理局) and platform operators.</summary>
    Bureau,
}
