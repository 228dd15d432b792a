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

    private Task? gate;
    private TaskCompletionSource? entered;

    /// <summary>The next gateway calls are recorded only once <paramref name="until"/> completes, as a slow commit would be.</summary>
    public Task HoldCallsAsync(Task until)
    {
        entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate = until;
        return entered.Task;
    }

    public async ValueTask RecordGatewayCallAsync(GatewayCallEvent callEvent, CancellationToken cancellationToken)
    {
        if (gate is { } held)
        {
            entered?.TrySetResult();
            await held;
        }

        Calls.Enqueue(callEvent);
    }
}
