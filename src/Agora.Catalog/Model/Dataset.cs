namespace Agora.Catalog.Model;

/// <summary>A catalogued information resource (DCAT dcat:Dataset; 政务信息资源).</summary>
public sealed class Dataset
{
    public Guid Id { get; set; }
    public required string Identifier { get; set; }
    public required string TitleZh { get; set; }
    public string? TitleEn { get; set; }
    public string? DescriptionZh { get; set; }
    public string? DescriptionEn { get; set; }
    public List<string> Keywords { get; set; } = [];
    public List<string> Themes { get; set; } = [];
    public Guid OrganizationId { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public DateOnly? Issued { get; set; }
    public UpdateFrequency UpdateFrequency { get; set; }
    public DateOnly? TemporalStart { get; set; }
    public DateOnly? TemporalEnd { get; set; }

    /// <summary>GB/T 2260 code of the area the data covers.</summary>
    public string? SpatialRegionCode { get; set; }

    public required string License { get; set; }
    public SharingAttribute Sharing { get; set; }
    public string? SharingConditions { get; set; }

    /// <summary>The law or regulation that justifies <see cref="SharingAttribute.NotShared"/>.</summary>
    public string? LegalBasis { get; set; }

    public OpeningAttribute Opening { get; set; }
    public string? OpeningConditions { get; set; }
    public SecurityGrade SecurityGrade { get; set; }
    public List<FieldSpec> Fields { get; set; } = [];
    public long Usage { get; set; }
    public DateTime Created { get; set; }

    /// <summary>When the metadata last changed (DCAT dct:modified).</summary>
    public DateTime Modified { get; set; }
}

/// <summary>One field of a dataset's schema.</summary>
public sealed record FieldSpec(
    string Name,
    string? Label,
    string Type,
    string? Description,
    FieldSensitivity Sensitivity);
