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
            // Written once, straight to JSON: this runs on every gateway call.
            WrittenDetails = AuditDetails.Object(callEvent, static (json, call) =>
            {
                WriteGuid(json, "serviceId", call.ServiceId);
                json.WriteString("method", call.Method);
                json.WriteString("path", call.Path);
                json.WriteString("requestInTs", call.RequestInAt);
                WriteTime(json, "requestOutTs", call.RequestOutAt);
                WriteTime(json, "responseInTs", call.ResponseInAt);
                json.WriteString("responseOutTs", call.ResponseOutAt);
                json.WriteNumber("requestSize", call.RequestBytes);
                json.WriteNumber("responseSize", call.ResponseBytes);
                json.WriteNumber("status", call.Status);
                json.WriteBoolean("succeeded", call.Succeeded);
                json.WriteString("error", call.Error);
            }),
        }, cancellationToken);
    }

    private static void WriteGuid(Utf8JsonWriter json, string name, Guid? value)
    {
        if (value is { } id)
        {
            json.WriteString(name, id);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, time);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static AuditOutcome Outcome(SharingOutcome outcome) => outcome switch
    {
        SharingOutcome.Ok => AuditOutcome.Ok,
        SharingOutcome.Denied => AuditOutcome.Denied,
        _ => AuditOutcome.Error,
    };
}
