namespace Agora.Catalog.Model;

/// <summary>A government body or other publisher.</summary>
public sealed class Organization
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public string? DescriptionZh { get; set; }
    public string? DescriptionEn { get; set; }

    /// <summary>Unified social credit code (GB 32100), 18 characters, check character verified.</summary>
    public required string CreditCode { get; set; }

    public OrganizationLevel Level { get; set; }

    /// <summary>GB/T 2260 six-digit division code.</summary>
    public required string RegionCode { get; set; }

    public Guid? ParentId { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? Homepage { get; set; }
    public DateTime Created { get; set; }
    public DateTime Modified { get; set; }
}
