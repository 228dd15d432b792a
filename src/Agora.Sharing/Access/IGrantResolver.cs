using Agora.Catalog.Accounts;

namespace Agora.Sharing.Access;

/// <summary>
/// What a caller may have of a dataset's rows, decided afresh on every call: a revoked or expired grant stops working
/// on the next request. Every path that serves rows (Data API, SQL, downloads, exports, the gateway) asks it.
/// </summary>
public interface IGrantResolver
{
    Task<EffectiveAccess> ResolveAsync(Caller caller, Guid datasetId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts one use of a grant and <paramref name="rows"/> rows against today's quota, atomically across nodes.
    /// Refused (nothing counted) when it would go over the quota, or when the grant has been revoked or has expired.
    /// </summary>
    Task<QuotaUse> RecordUseAsync(Guid grantId, long rows, CancellationToken cancellationToken = default);
}

public enum AccessLevel
{
    /// <summary>The caller may not even see the dataset's metadata (or it does not exist): answer 404.</summary>
    NotVisible,

    /// <summary>The caller sees the metadata but gets no rows; <see cref="EffectiveAccess.Reason"/> says why.</summary>
    Denied,

    /// <summary>Every column and row: the owner, or an open dataset (anonymous callers still pass the privacy gate).</summary>
    Full,

    /// <summary>Only what a grant allows: its fields, its row filter, until its expiry, within its quota.</summary>
    Granted,
}

public enum FullAccessBasis
{
    Owner,
    Open,
}

public enum DenialCode
{
    /// <summary>Core data never leaves its owner (DESIGN.md rule 1).</summary>
    CoreData,

    /// <summary>The dataset is notShared / closed for this caller (rule 3).</summary>
    NotShared,

    NotSignedIn,
    NoGrant,
    GrantNotYetValid,
    GrantExpired,
    GrantRevoked,

    /// <summary>Today's quota is used up; answer 429.</summary>
    QuotaExhausted,
}

/// <summary>The answer of <see cref="IGrantResolver"/>; maps onto Agora.Tables' TableAccess (AllowedColumns, RowFilter, RowCap).</summary>
public sealed record EffectiveAccess
{
    public required AccessLevel Level { get; init; }
    public required Guid DatasetId { get; init; }
    public Guid? OwnerOrganizationId { get; init; }
    public FullAccessBasis? Basis { get; init; }
    public DenialCode? Denial { get; init; }
    public string? Reason { get; init; }
    public Guid? GrantId { get; init; }

    /// <summary>What the grant was given for; recorded with every read under it.</summary>
    public string? Purpose { get; init; }

    /// <summary>Column names the caller may see; null means all columns.</summary>
    public IReadOnlyList<string>? AllowedFields { get; init; }

    /// <summary>Rows the caller may see, in the Data API's expression language (the same as <c>$where</c>); null means all.</summary>
    public string? RowFilter { get; init; }

    /// <summary>Gateway endpoints ("GET /items/{id}") the caller may call; null means all.</summary>
    public IReadOnlyList<string>? AllowedEndpoints { get; init; }

    public DateTime? Expires { get; init; }

    /// <summary>Rows left today; null when the grant has no row quota. Use it as the read's row cap.</summary>
    public long? RemainingRows { get; init; }

    /// <summary>Requests left today; null when the grant has no request quota.</summary>
    public long? RemainingRequests { get; init; }

    /// <summary>The grant's daily request limit, which the gateway's quota blocks are taken under.</summary>
    internal long? MaxRequestsPerDay { get; init; }

    public Guid? ConsumerOrganizationId { get; init; }
    public Guid? ConsumerUserId { get; init; }

    public bool IsAllowed => Level is AccessLevel.Full or AccessLevel.Granted;

    /// <summary>Whether a read must be counted with <see cref="IGrantResolver.RecordUseAsync"/>.</summary>
    public bool HasQuota => RemainingRows is not null || RemainingRequests is not null;

    public static EffectiveAccess NotVisible(Guid datasetId) => new() { Level = AccessLevel.NotVisible, DatasetId = datasetId, Reason = "the dataset does not exist or is not visible" };

    public static EffectiveAccess Denied(Guid datasetId, Guid owner, DenialCode code, string reason, Guid? grantId = null) =>
        new() { Level = AccessLevel.Denied, DatasetId = datasetId, OwnerOrganizationId = owner, Denial = code, Reason = reason, GrantId = grantId };

    public static EffectiveAccess Full(Guid datasetId, Guid owner, FullAccessBasis basis) =>
        new() { Level = AccessLevel.Full, DatasetId = datasetId, OwnerOrganizationId = owner, Basis = basis };
}

/// <summary>The answer of <see cref="IGrantResolver.RecordUseAsync"/>.</summary>
public sealed record QuotaUse(bool Accepted, long? RemainingRows, long? RemainingRequests, string? Reason)
{
    public static QuotaUse Refused(string reason) => new(false, null, null, reason);
}
