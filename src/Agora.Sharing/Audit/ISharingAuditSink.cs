namespace Agora.Sharing.Audit;

/// <summary>
/// Receives every request, decision, grant and revocation, and every gateway call. The host connects it to the
/// audit log; if it throws, the action it describes does not complete (a decision is rolled back, a gateway call
/// is failed). The default records nothing.
/// </summary>
public interface ISharingAuditSink
{
    ValueTask RecordDecisionAsync(SharingAuditEvent auditEvent, CancellationToken cancellationToken);

    ValueTask RecordGatewayCallAsync(GatewayCallEvent callEvent, CancellationToken cancellationToken);
}

public enum SharingOutcome
{
    Ok,
    Denied,
    Failed,
}

/// <summary>Action names, in the audit log's lower-case dotted style.</summary>
public static class SharingActions
{
    public const string RequestCreate = "request.create";
    public const string RequestAskInfo = "request.ask-info";
    public const string RequestRespondInfo = "request.respond-info";
    public const string RequestWithdraw = "request.withdraw";
    public const string GrantApprove = "grant.approve";
    public const string GrantIssue = "grant.issue";
    public const string GrantRefuse = "grant.refuse";
    public const string GrantRevoke = "grant.revoke";
    public const string AgreementAccept = "agreement.accept";
    public const string AgreementPublish = "agreement.publish";
    public const string GatewayCall = "gateway.call";
}

/// <summary>A step of the request-and-grant workflow: who did what to which request, grant and dataset, and why.</summary>
public sealed record SharingAuditEvent
{
    public required string Action { get; init; }
    public required DateTimeOffset At { get; init; }
    public Guid? UserId { get; init; }

    /// <summary>The organization the actor acted for (the consumer when requesting, the provider when deciding).</summary>
    public Guid? OrganizationId { get; init; }

    public Guid? TokenId { get; init; }
    public Guid? AccessRequestId { get; init; }
    public Guid? GrantId { get; init; }
    public required Guid DatasetId { get; init; }
    public required Guid OwnerOrganizationId { get; init; }
    public Guid? ConsumerOrganizationId { get; init; }
    public string? Purpose { get; init; }
    public IReadOnlyList<string>? Fields { get; init; }
    public string? RowFilter { get; init; }
    public string? Reason { get; init; }
    public SharingOutcome Outcome { get; init; } = SharingOutcome.Ok;

    /// <summary>The HTTP request that carried the action.</summary>
    public string? RequestId { get; init; }

    public string? ClientAddress { get; init; }
}

/// <summary>One call through the gateway with the operational fields X-Road's monitoring records.</summary>
public sealed record GatewayCallEvent
{
    public required string RequestId { get; init; }
    public Guid? UserId { get; init; }
    public Guid? TokenId { get; init; }

    /// <summary>The organization the call was made for (the grant's holder, or the owner calling its own service).</summary>
    public Guid? ClientOrganizationId { get; init; }

    public Guid? GrantId { get; init; }
    public Guid? ServiceId { get; init; }
    public Guid? DistributionId { get; init; }
    public Guid? DatasetId { get; init; }
    public Guid? OwnerOrganizationId { get; init; }
    public required string Method { get; init; }

    /// <summary>The path below the service, without the query string (which may carry personal data).</summary>
    public required string Path { get; init; }

    /// <summary>When the gateway received the consumer's request.</summary>
    public required DateTimeOffset RequestInAt { get; init; }

    /// <summary>When the gateway sent the request upstream; null when it was refused before.</summary>
    public DateTimeOffset? RequestOutAt { get; init; }

    /// <summary>When the upstream's response headers arrived.</summary>
    public DateTimeOffset? ResponseInAt { get; init; }

    /// <summary>When the gateway finished answering the consumer.</summary>
    public required DateTimeOffset ResponseOutAt { get; init; }

    public long RequestBytes { get; init; }
    public long ResponseBytes { get; init; }
    public int Status { get; init; }
    public bool Succeeded { get; init; }
    public string? Error { get; init; }
    public string? ClientAddress { get; init; }
}

/// <summary>Records nothing; the host replaces it with the audit log.</summary>
public sealed class NullSharingAuditSink : ISharingAuditSink
{
    public ValueTask RecordDecisionAsync(SharingAuditEvent auditEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask RecordGatewayCallAsync(GatewayCallEvent callEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
