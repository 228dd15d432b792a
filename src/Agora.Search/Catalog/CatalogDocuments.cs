using Agora.Catalog.Model;
using Agora.Catalog.Vocabulary;

namespace Agora.Search.Catalog;

/// <summary>Maps a catalog dataset, its publisher and its distributions' formats onto what the index knows.</summary>
public static class CatalogDocuments
{
    public static SearchDocument Map(Dataset dataset, Organization? organization, IEnumerable<string> formats) => new()
    {
        Id = dataset.Id,
        Identifier = dataset.Identifier,
        TitleZh = dataset.TitleZh,
        TitleEn = dataset.TitleEn ?? "",
        DescriptionZh = dataset.DescriptionZh ?? "",
        DescriptionEn = dataset.DescriptionEn ?? "",
        Keywords = dataset.Keywords,
        Themes = dataset.Themes,
        ThemeLabels = [.. dataset.Themes.Select(Themes.Find).OfType<VocabularyTerm>().SelectMany(t => new[] { t.Zh, t.En })],
        OrganizationId = dataset.OrganizationId,
        OrganizationNameZh = organization?.NameZh ?? "",
        OrganizationNameEn = organization?.NameEn ?? "",
        OrganizationLevel = organization is null ? "" : Camel(organization.Level.ToString()),
        RegionCode = organization?.RegionCode ?? dataset.SpatialRegionCode ?? "",
        Formats = [.. formats.Select(f => f.ToUpperInvariant()).Distinct(StringComparer.Ordinal)],
        License = dataset.License,
        Opening = dataset.Opening switch
        {
            OpeningAttribute.Open => SearchOpening.Open,
            OpeningAttribute.Conditional => SearchOpening.Conditional,
            _ => SearchOpening.Closed,
        },
        Sharing = dataset.Sharing switch
        {
            SharingAttribute.Unconditional => SearchSharing.Unconditional,
            SharingAttribute.Conditional => SearchSharing.Conditional,
            _ => SearchSharing.NotShared,
        },
        SecurityGrade = dataset.SecurityGrade switch
        {
            SecurityGrade.General => SearchSecurityGrade.General,
            SecurityGrade.Important => SearchSecurityGrade.Important,
            _ => SearchSecurityGrade.Core,
        },
        UpdateFrequency = Camel(dataset.UpdateFrequency.ToString()),
        Modified = new DateTimeOffset(DateTime.SpecifyKind(dataset.Modified, DateTimeKind.Utc)),
        Usage = dataset.Usage,
        FieldNames = [.. dataset.Fields.Select(f => f.Name)],
        FieldLabels = [.. dataset.Fields.Select(f => f.Label).OfType<string>()],
    };

    /// <summary>The camelCase name the JSON API uses for an enum value (realTime, notShared).</summary>
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
