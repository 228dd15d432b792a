namespace Agora.Search;

/// <summary>
/// What the index knows of one catalog dataset. The catalog maps its datasets onto this record; the search engine
/// depends on nothing else.
/// </summary>
public sealed record SearchDocument
{
    public required Guid Id { get; init; }

    /// <summary>The dataset's catalog identifier (资源代码), searchable as an exact word.</summary>
    public string Identifier { get; init; } = "";

    public string TitleZh { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public string DescriptionZh { get; init; } = "";

    public string DescriptionEn { get; init; } = "";

    /// <summary>Keywords in either language.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Theme codes, used for filters and facets.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Optional display names of the themes (any language), so that 卫生 finds the health theme.</summary>
    public IReadOnlyList<string> ThemeLabels { get; init; } = [];

    public Guid OrganizationId { get; init; }

    public string OrganizationNameZh { get; init; } = "";

    public string OrganizationNameEn { get; init; } = "";

    /// <summary>national, provincial, municipal or county.</summary>
    public string OrganizationLevel { get; init; } = "";

    /// <summary>GB/T 2260 six-digit division code of the publisher.</summary>
    public string RegionCode { get; init; } = "";

    /// <summary>Formats of the distributions (CSV, JSON, XLSX, API…); stored upper-cased.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    public string License { get; init; } = "";

    public SearchOpening Opening { get; init; }

    public SearchSharing Sharing { get; init; }

    public SearchSecurityGrade SecurityGrade { get; init; }

    /// <summary>daily, weekly, monthly, quarterly, yearly, irregular, realtime… (as the catalog names them).</summary>
    public string UpdateFrequency { get; init; } = "";

    public DateTimeOffset Modified { get; init; }

    /// <summary>Downloads and API calls, for the "most used" sort.</summary>
    public long Usage { get; init; }

    /// <summary>Column names of the dataset's tables (hospital_name, bedCount…).</summary>
    public IReadOnlyList<string> FieldNames { get; init; } = [];

    /// <summary>Chinese labels of those columns (医院名称, 床位数…).</summary>
    public IReadOnlyList<string> FieldLabels { get; init; } = [];
}

/// <summary>开放属性.</summary>
public enum SearchOpening
{
    Open,
    Conditional,
    Closed,
}

/// <summary>共享属性.</summary>
public enum SearchSharing
{
    Unconditional,
    Conditional,
    NotShared,
}

/// <summary>数据分级 (GB/T 43697-2024).</summary>
public enum SearchSecurityGrade
{
    General,
    Important,
    Core,
}
