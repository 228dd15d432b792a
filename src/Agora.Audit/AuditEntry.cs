using System.Text.Json;

namespace Agora.Audit;

/// <summary>
/// What a caller asks the log to record. The log adds the sequence number, the time (when not given) and the hashes.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>A lower-case dotted name such as <c>rows.read</c>; see <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }

    public AuditOutcome Outcome { get; init; } = AuditOutcome.Ok;

    /// <summary>The HTTP status (or other code) of the response the record describes.</summary>
    public int? StatusCode { get; init; }

    /// <summary>When the action happened; the log's clock when left out.</summary>
    public DateTimeOffset? Time { get; init; }

    public Guid? UserId { get; init; }
    public Guid? OrganizationId { get; init; }
    public Guid? TokenId { get; init; }
    public Guid? DatasetId { get; init; }

    /// <summary>The dataset's owner organization; set it whenever <see cref="DatasetId"/> is set, so the owner can search.</summary>
    public Guid? OwnerOrganizationId { get; init; }

    public Guid? DistributionId { get; init; }
    public Guid? GrantId { get; init; }
    public string? Purpose { get; init; }
    public IReadOnlyList<string>? Columns { get; init; }
    public long? RowCount { get; init; }
    public long? Bytes { get; init; }
    public string? ClientAddress { get; init; }
    public string? RequestId { get; init; }

    /// <summary>Anything else worth keeping, as a JSON value (<c>JsonSerializer.SerializeToElement(...)</c>).</summary>
    public JsonElement? Details { get; init; }

    /// <summary>The details already written as JSON (<see cref="AuditDetails.Object"/>); when set, <see cref="Details"/> is not read.</summary>
    public AuditDetails? WrittenDetails { get; init; }
}

/// <summary>The action names Agora writes; other lower-case dotted names are accepted too.</summary>
public static class AuditActions
{
    public const string RowsRead = "rows.read";
    public const string SqlQuery = "sql.query";
    public const string Download = "download";
    public const string Export = "export";
    public const string GatewayCall = "gateway.call";
    public const string RequestCreate = "request.create";
    public const string GrantApprove = "grant.approve";
    public const string GrantRefuse = "grant.refuse";
    public const string GrantRevoke = "grant.revoke";
    public const string Login = "login";
    public const string Logout = "logout";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string RoleChange = "role.change";
}

/// <summary>Proof that a record is committed: its sequence number, time and hash (lower-case hex).</summary>
public readonly record struct AuditReceipt(long Sequence, DateTime Time, string Hash);

/// <summary>The tamper-evident audit log.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends a record; the returned task completes only once the record is committed to the store, so a caller
    /// awaits it before completing the response the record describes. Throws <see cref="ArgumentException"/> for an
    /// entry that cannot be recorded and <see cref="AuditLogException"/> when the store could not commit it.
    /// </summary>
    ValueTask<AuditReceipt> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}

/// <summary>The store could not commit a record (or the log is stopped): the action it describes must not complete.</summary>
public sealed class AuditLogException(string message, Exception? inner = null) : Exception(message, inner);
