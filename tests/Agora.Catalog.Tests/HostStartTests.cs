using Agora.Catalog.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agora.Catalog.Tests;

public sealed class HostStartTests
{
    [Fact]
    public async Task Background_work_begins_when_the_first_request_has_been_answered()
    {
        var (lifetime, start, pipeline) = Host();
        var ready = start.WhenStartedAsync(TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(ready.IsCompleted);

        lifetime.Started.Cancel();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(ready.IsCompleted);

        var context = new DefaultHttpContext();
        await pipeline(context);
        Assert.Equal(StatusCodes.Status204NoContent, context.Response.StatusCode);
        await ready.WaitAsync(HostStart.Grace / 2, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Background_work_begins_after_the_grace_when_no_request_comes()
    {
        var (lifetime, start, _) = Host();
        lifetime.Started.Cancel();
        var ready = start.WhenStartedAsync(TestContext.Current.CancellationToken);
        await Task.Delay(HostStart.Grace / 3, TestContext.Current.CancellationToken);
        Assert.False(ready.IsCompleted);
        await ready.WaitAsync(HostStart.Grace * 3, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Stopping_before_the_start_cancels_the_wait()
    {
        var (_, start, _) = Host();
        using var stopping = new CancellationTokenSource();
        var ready = start.WhenStartedAsync(stopping.Token);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ready);
    }

    private static (Lifetime Lifetime, HostStart Start, RequestDelegate Pipeline) Host()
    {
        var lifetime = new Lifetime();
        var services = new ServiceCollection().AddSingleton<IHostApplicationLifetime>(lifetime).AddSingleton<HostStart>().BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        HostStart.TrackFirstAnswer(app);
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        return (lifetime, services.GetRequiredService<HostStart>(), app.Build());
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationTokenSource Started { get; } = new();

        public CancellationToken ApplicationStarted => Started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
