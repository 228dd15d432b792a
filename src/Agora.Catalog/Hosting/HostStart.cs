using Microsoft.Extensions.Hosting;

namespace Agora.Catalog.Hosting;

public static class HostStart
{
    /// <summary>
    /// Completes once the host has started serving. Background work that can wait (sweeps, deliveries, index checks)
    /// awaits this first, so that on a small machine it does not take the CPU from the start itself.
    /// </summary>
    public static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = cancellationToken.Register(() => started.TrySetCanceled(cancellationToken));
        await started.Task;
    }
}
