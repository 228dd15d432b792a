namespace Agora.Search;

/// <summary>Names of the facets, which are also the names of the filters.</summary>
public static class SearchFacets
{
    public const string Organization = "organization";
    public const string Level = "level";
    public const string Region = "region";
    public const string Theme = "theme";
    public const string Format = "format";
    public const string License = "license";
    public const string Opening = "opening";
    public const string UpdateFrequency = "updateFrequency";
    public const string Sharing = "sharing";
    public const string SecurityGrade = "securityGrade";

    /// <summary>Facets everyone may use.</summary>
    public static IReadOnlyList<string> Public { get; } =
        [Organization, Level, Region, Theme, Format, License, Opening, UpdateFrequency];

    /// <summary>Facets for government users and the bureau.</summary>
    public static IReadOnlyList<string> Government { get; } = [.. Public, Sharing, SecurityGrade];

    public static IReadOnlyList<string> AllowedFor(SearchVisibility visibility) =>
        visibility.IsGovernment ? Government : Public;
}
