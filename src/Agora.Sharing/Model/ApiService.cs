namespace Agora.Sharing.Model;

/// <summary>An upstream API registered on a distribution of kind api, reachable through /gw/{organization}/{slug}.</summary>
public sealed class ApiService
{
    public Guid Id { get; set; }
    public Guid DistributionId { get; set; }
    public Guid DatasetId { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Slug { get; set; }
    public required string UpstreamUrl { get; set; }
    public string? OpenApi { get; set; }

    /// <summary>"METHOD /path/{param}" lines; empty lets every path through.</summary>
    public List<string> Endpoints { get; set; } = [];

    public int? RatePerSecond { get; set; }
    public DateTime Created { get; set; }
    public DateTime Modified { get; set; }
}
