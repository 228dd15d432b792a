namespace Agora.Search.Indexing;

/// <summary>The camelCase words the API uses for the dataset attributes, in facets and filters alike.</summary>
internal static class AttributeNames
{
    public static string Of(SearchOpening value) => value switch
    {
        SearchOpening.Open => "open",
        SearchOpening.Conditional => "conditional",
        _ => "closed",
    };

    public static string Of(SearchSharing value) => value switch
    {
        SearchSharing.Unconditional => "unconditional",
        SearchSharing.Conditional => "conditional",
        _ => "notShared",
    };

    public static string Of(SearchSecurityGrade value) => value switch
    {
        SearchSecurityGrade.General => "general",
        SearchSecurityGrade.Important => "important",
        _ => "core",
    };

    public static SearchOpening ParseOpening(string value) => value switch
    {
        "open" => SearchOpening.Open,
        "conditional" => SearchOpening.Conditional,
        _ => SearchOpening.Closed,
    };

    public static SearchSharing ParseSharing(string value) => value switch
    {
        "unconditional" => SearchSharing.Unconditional,
        "conditional" => SearchSharing.Conditional,
        _ => SearchSharing.NotShared,
    };

    public static SearchSecurityGrade ParseGrade(string value) => value switch
    {
        "general" => SearchSecurityGrade.General,
        "important" => SearchSecurityGrade.Important,
        _ => SearchSecurityGrade.Core,
    };
}
