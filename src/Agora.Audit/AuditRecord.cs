namespace Agora.Audit;

/// <summary>What came of an audited action.</summary>
public enum AuditOutcome
{
    Ok,
    Denied,
    Error,
}

/// <summary>
/// One stored record of the audit log (审计日志): an <see cref="AuditEntry"/> with its place in the chain.
/// <see cref="Hash"/> is SHA-256 of the record's canonical form, which includes <see cref="PreviousHash"/>.
/// </summary>
public sealed class AuditRecord
{
    public long Sequence { get; set; }

    /// <summary>When the audited action happened (UTC, microsecond precision).</summary>
    public DateTime Time { get; set; }

    public required string Action { get; set; }
    public AuditOutcome Outcome { get; set; }
    public int? StatusCode { get; set; }
    public Guid? UserId { get; set; }

    /// <summary>The organization the acting user acted for.</summary>
    public Guid? OrganizationId { get; set; }

    public Guid? TokenId { get; set; }
    public Guid? DatasetId { get; set; }

    /// <summary>The organization that owns <see cref="DatasetId"/>: whose administrators may read the record.</summary>
    public Guid? OwnerOrganizationId { get; set; }

    public Guid? DistributionId { get; set; }
    public Guid? GrantId { get; set; }
    public string? Purpose { get; set; }
    public List<string>? Columns { get; set; }
    public long? RowCount { get; set; }
    public long? Bytes { get; set; }
    public string? ClientAddress { get; set; }
    public string? RequestId { get; set; }

    /// <summary>Free details as compact JSON text, stored and hashed exactly as written.</summary>
    public string? Details { get; set; }

    public byte[] PreviousHash { get; set; } = [];
    public byte[] Hash { get; set; } = [];

    /// <summary>Set when a stored value could not be read back (an altered row); verification reports it.</summary>
    internal string? ReadError { get; set; }
}
