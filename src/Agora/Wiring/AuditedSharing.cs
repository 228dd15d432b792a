using System.Text.Json;
using Agora.Audit;
using Agora.Sharing.Audit;

namespace Agora.Wiring;

/// <summary>
/// Writes the exchange's decisions (requests, approvals, refusals, revocations, automatic grants) and every gateway call
/// to the audit log. The sink is awaited before the action completes and throws when the log cannot commit, so the
/// decision is not applied and the gateway response is cut off: nothing happens unrecorded (DESIGN.md rule 6).
/// </summary>
internal sealed class AuditedSharing(IAuditLog log) : ISharingAuditSink
{
    public async ValueTask RecordDecisionAsync(SharingAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        await log.AppendAsync(new AuditEntry
        {
            Action = auditEvent.Action,
            Outcome = Outcome(auditEvent.Outcome),
            Time = auditEvent.At,
            UserId = auditEvent.UserId,
            OrganizationId = auditEvent.OrganizationId,
            TokenId = auditEvent.TokenId,
            DatasetId = auditEvent.DatasetId,
            OwnerOrganizationId = auditEvent.OwnerOrganizationId,
            GrantId = auditEvent.GrantId,
            Purpose = auditEvent.Purpose,
            Columns = auditEvent.Fields,
            ClientAddress = auditEvent.ClientAddress,
            RequestId = auditEvent.RequestId,
            Details = JsonSerializer.SerializeToElement(new
            {
                requestId = auditEvent.AccessRequestId,
                consumerOrganizationId = auditEvent.ConsumerOrganizationId,
                rowFilter = auditEvent.RowFilter,
                reason = auditEvent.Reason,
            }),
        }, cancellationToken);
    }

    public async ValueTask RecordGatewayCallAsync(GatewayCallEvent callEvent, CancellationToken cancellationToken)
    {
        await log.AppendAsync(new AuditEntry
        {
            Action = AuditActions.GatewayCall,
            Outcome = callEvent.Succeeded ? AuditOutcome.Ok
                : callEvent.Status is 401 or 403 or 404 or 429 ? AuditOutcome.Denied
                : AuditOutcome.Error,
            StatusCode = callEvent.Status,
            Time = callEvent.RequestInAt,
            UserId = callEvent.UserId,
            OrganizationId = callEvent.ClientOrganizationId,
            TokenId = callEvent.TokenId,
            DatasetId = callEvent.DatasetId,
            OwnerOrganizationId = callEvent.OwnerOrganizationId,
            DistributionId = callEvent.DistributionId,
            GrantId = callEvent.GrantId,
            Bytes = callEvent.ResponseBytes,
            ClientAddress = callEvent.ClientAddress,
            RequestId = callEvent.RequestId,

            // X-Road's operational monitoring fields, so that a call can be timed and sized end to end from the log.
            Details = JsonSerializer.SerializeToElement(new
            {
                serviceId = callEvent.ServiceId,
                method = callEvent.Method,
                path = callEvent.Path,
                requestInTs = callEvent.RequestInAt,
                requestOutTs = callEvent.RequestOutAt,
                responseInTs = callEvent.ResponseInAt,
                responseOutTs = callEvent.ResponseOutAt,
                requestSize = callEvent.RequestBytes,
                responseSize = callEvent.ResponseBytes,
                status = callEvent.Status,
                succeeded = callEvent.Succeeded,
                error = callEvent.Error,
            }),
        }, cancellationToken);
    }

    private static AuditOutcome Outcome(SharingOutcome outcome) => outcome switch
    {
        SharingOutcome.Ok => AuditOutcome.Ok,
        SharingOutcome.Denied => AuditOutcome.Denied,
        _ => AuditOutcome.Error,
    };
}
