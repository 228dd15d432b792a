using System.Collections.Concurrent;
using Agora.Sharing.Audit;

namespace Agora.Sharing.Tests;

public sealed class RecordingAuditSink : ISharingAuditSink
{
    public ConcurrentQueue<SharingAuditEvent> Decisions { get; } = new();
    public ConcurrentQueue<GatewayCallEvent> Calls { get; } = new();

    public ValueTask RecordDecisionAsync(SharingAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Decisions.Enqueue(auditEvent);
        return ValueTask.CompletedTask;
    }

    public ValueTask RecordGatewayCallAsync(GatewayCallEvent callEvent, CancellationToken cancellationToken)
    {
        Calls.Enqueue(callEvent);
        return ValueTask.CompletedTask;
    }
}
