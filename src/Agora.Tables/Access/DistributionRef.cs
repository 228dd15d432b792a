namespace Agora.Tables.Access;

/// <summary>Identifies a distribution and whom it belongs to, for audit records.</summary>
public sealed record DistributionRef(Guid DistributionId, Guid DatasetId, Guid OwnerOrganizationId);
