using Agora.Catalog.Vocabulary;
using Agora.Search;
using Agora.Web.Localization;

namespace Agora.Web.Portal;

/// <summary>Readable names, in the reader's language, for the catalog's codes.</summary>
public static class Labels
{
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    public static string Opening<T>(T value) where T : struct, Enum => Texts.Get("opening." + Camel(value.ToString()));

    public static string Sharing<T>(T value) where T : struct, Enum => Texts.Get("sharing." + Camel(value.ToString()));

    public static string Grade<T>(T value) where T : struct, Enum => Texts.Get("securityGrade." + Camel(value.ToString()));

    public static string Level<T>(T value) where T : struct, Enum => Texts.Get("level." + Camel(value.ToString()));

    public static string Frequency<T>(T value) where T : struct, Enum => Texts.Get("frequency." + Camel(value.ToString()));

    public static string Theme(string code) => Themes.Find(code) is { } t ? Texts.Pick(t.Zh, t.En) : code;

    public static string License(string id) => Licenses.Find(id) is { } l ? Texts.Pick(l.Zh, l.En) : id;

    public static string Region(string code) => Catalog.Validation.RegionCodes.FullName(code) ?? code;

    /// <summary>The label of a facet value as the search page shows it.</summary>
    public static string FacetValue(string facet, FacetValue value) => facet switch
    {
        SearchFacets.Organization => Texts.Pick(value.Label, value.LabelEn) is { Length: > 0 } name ? name : value.Value,
        SearchFacets.Theme => Theme(value.Value),
        SearchFacets.License => License(value.Value),
        SearchFacets.Region => Catalog.Validation.RegionCodes.Find(value.Value)?.Name ?? value.Value,
        SearchFacets.Level => Texts.Get("level." + value.Value),
        SearchFacets.Opening => Texts.Get("opening." + value.Value),
        SearchFacets.Sharing => Texts.Get("sharing." + value.Value),
        SearchFacets.SecurityGrade => Texts.Get("securityGrade." + value.Value),
        SearchFacets.UpdateFrequency => Texts.Get("frequency." + value.Value),
        _ => value.Value,
    };

    /// <summary>A CSS class for an attribute badge: green for open, amber for conditions, red for closed or core.</summary>
    public static string Tone(string value) => value switch
    {
        "open" or "unconditional" or "general" => "ok",
        "conditional" or "important" => "warn",
        _ => "stop",
    };

    /// <summary>Only http and https links are ever rendered as links; anything else stays text.</summary>
    public static bool IsSafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
