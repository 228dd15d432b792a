namespace Agora.Catalog.Model;

/// <summary>
/// The privacy state of one dataset: the latest scan (findings, suggestion, risk) and gate verdict as JSON written by
/// the privacy capability, and the steward's classification decision. One row per dataset.
/// </summary>
public sealed class DatasetPrivacy
{
    public Guid DatasetId { get; set; }

    /// <summary>JSON of the latest scan report; null before the first scan.</summary>
    public string? Scan { get; set; }

    public DateTime? ScannedAt { get; set; }

    /// <summary>Distribution id → table version the scan read, so a re-ingest makes the scan stale.</summary>
    public string? ScannedVersions { get; set; }

    /// <summary>JSON of the latest gate verdict.</summary>
    public string? Verdict { get; set; }

    public bool? GatePassed { get; set; }

    public DateTime? VerdictAt { get; set; }

    public SecurityGrade? DecidedGrade { get; set; }

    public SharingAttribute? DecidedSharing { get; set; }

    public OpeningAttribute? DecidedOpening { get; set; }

    public bool DecisionOverrides { get; set; }

    public string? DecisionReasons { get; set; }

    public DateTime? DecidedAt { get; set; }

    public Guid? DecidedByUserId { get; set; }

    public string? DecidedByName { get; set; }
}

/// <summary>
/// One consumer's differential-privacy budget on one dataset, in millionths of ε so that the atomic
/// "spend if enough remains" is exact integer arithmetic on both stores.
/// </summary>
public sealed class PrivacyBudget
{
    public required string Consumer { get; set; }

    public Guid DatasetId { get; set; }

    public long LimitMicros { get; set; }

    public long SpentMicros { get; set; }
}

/// <summary>One accepted differentially private query: what it cost and who asked.</summary>
public sealed class PrivacyBudgetSpend
{
    public Guid Id { get; set; }

    public required string Consumer { get; set; }

    public Guid DatasetId { get; set; }

    public long EpsilonMicros { get; set; }

    public required string Query { get; set; }

    public DateTime At { get; set; }
}
