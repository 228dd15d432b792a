namespace Agora.Tables.Access;

/// <summary>Identifies a distribution and whom it belongs to, for audit records.</summary>
public sealed record DistributionRef(Guid DistributionId, Guid DatasetId, Guid OwnerOrganizationId)
{
    /// <summary>The grant the read is served under, if any: the audit sink records it and counts the read against its quota.</summary>
    public Guid? GrantId { get; init; }

    /// <summary>The grant's purpose, for the audit record.</summary>
    public string? Purpose { get; init; }
}
