namespace Agora.Search.Indexing;

/// <summary>Lucene field names. Change <see cref="LayoutVersion"/> whenever the way documents are indexed changes.</summary>
internal static class IndexFields
{
    public const string LayoutVersion = "agora-search-10";
    public const string LayoutKey = "agora.layout";

    public const string Id = "id";
    public const string IdSort = "id_sort";

    /// <summary>Binary doc value with what a hit shows (<see cref="HitRecord"/>); the index stores no fields.</summary>
    public const string Hit = "hit";

    /// <summary>Every Chinese-analyzed text of a dataset but its title (analyzed once, in <see cref="TitleZh"/>).</summary>
    public const string ChineseAll = "zh_all";

    /// <summary>Every English text of a dataset but its title (analyzed once, in <see cref="TitleEn"/>).</summary>
    public const string EnglishAll = "en_all";

    public const string TitleZh = "title_zh";
    public const string TitleEn = "title_en";
    public const string Tags = "tags";

    public const string SuggestWhole = "sg_whole";

    /// <summary>A filter name only: organization filters read <see cref="OrganizationFacet"/> by its id prefix.</summary>
    public const string Organization = "f_org";
    public const string OrganizationFacet = "f_org_named";
    public const string Level = "f_level";
    public const string Region = "f_region";
    public const string RegionProvince = "f_region_p";
    public const string RegionCity = "f_region_c";
    public const string Theme = "f_theme";
    public const string Format = "f_format";
    public const string License = "f_license";
    public const string Opening = "f_opening";
    public const string Sharing = "f_sharing";
    public const string Grade = "f_grade";
    public const string Frequency = "f_freq";

    public const string Modified = "modified";
    public const string Usage = "usage";
    public const string TitleSortZh = "title_sort_zh";
    public const string TitleSortEn = "title_sort_en";

    /// <summary>Fields analyzed as Chinese (SmartCn); they also take Latin words, lower-cased and stemmed.</summary>
    public static readonly string[] ChineseFields = [TitleZh, ChineseAll];

    /// <summary>Fields analyzed as English.</summary>
    public static readonly string[] EnglishFields = [TitleEn, EnglishAll];

    /// <summary>Multi-valued facet fields (SortedSetDocValues); the others have one value per dataset.</summary>
    public static bool IsMultiValued(string field) => field is Theme or Format;
}
