namespace Agora.Catalog.Model;

/// <summary>One form of a dataset: a file, a queryable table or an API service (资源).</summary>
public sealed class Distribution
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }
    public required string TitleZh { get; set; }
    public string? TitleEn { get; set; }
    public DistributionKind Kind { get; set; }
    public required string Format { get; set; }
    public string? MediaType { get; set; }
    public long? ByteSize { get; set; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public string? Sha256 { get; set; }

    public string? AccessUrl { get; set; }
    public string? DownloadUrl { get; set; }
    public DateTime Created { get; set; }
    public DateTime Modified { get; set; }
}
