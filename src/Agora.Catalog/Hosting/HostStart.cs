using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agora.Catalog.Hosting;

/// <summary>
/// Tells background work that can wait (sweeps, deliveries) when to begin: once the host has started
/// serving and has answered its first request, or <see cref="Grace"/> after it started serving if no request comes.
/// On a two-core machine that work took the CPU from the first request: the host listened 0.7 s before it answered.
/// </summary>
public sealed class HostStart(IHostApplicationLifetime lifetime)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    private readonly TaskCompletionSource answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool waiting = true;

    /// <param name="firstAnswer">Also wait for the first answered request (or the grace). The search index check
    /// does not: a rebuild that it starts must not begin in the middle of the first requests' own catalog changes.</param>
    public async Task WhenStartedAsync(CancellationToken cancellationToken, bool firstAnswer = true)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (cancellationToken.Register(() => started.TrySetCanceled(cancellationToken)))
        {
            await started.Task;
        }

        if (!firstAnswer)
        {
            return;
        }

        await Task.WhenAny(answered.Task, Task.Delay(Grace, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Marks the first answered request; after it, requests pass this middleware with one flag read.</summary>
    public static IApplicationBuilder TrackFirstAnswer(IApplicationBuilder app)
    {
        var start = app.ApplicationServices.GetRequiredService<HostStart>();
        return app.Use(next => context => start.waiting ? start.TrackAsync(context, next) : next(context));
    }

    private async Task TrackAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        waiting = false;
        answered.TrySetResult();
    }
}
