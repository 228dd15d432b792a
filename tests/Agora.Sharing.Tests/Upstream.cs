using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Sharing.Tests;

/// <summary>A webhook delivery as the receiver saw it.</summary>
public sealed record ReceivedHook(IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A loopback upstream for the gateway and receiver for webhooks: it echoes what it got, answers slowly, hugely,
/// redirects, and remembers whether its "internal" endpoint was ever reached. A second socket accepts and never answers.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TcpListener blackHole;
    private readonly CancellationTokenSource stop = new();

    private Upstream(WebApplication app, Uri address, TcpListener blackHole)
    {
        this.app = app;
        Address = address;
        this.blackHole = blackHole;
        _ = AcceptForeverAsync();
    }

    public static readonly byte[] FixedBody = Enumerable.Range(0, 120 * 1024).Select(i => (byte)(i % 251)).ToArray();

    public Uri Address { get; }

    /// <summary>An address that accepts connections and never answers.</summary>
    public Uri Silent => new($"http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}/");

    public int InternalHits;

    /// <summary>How many times <c>/hooks-flaky</c> was called; it fails the first call.</summary>
    public int FlakyCalls;

    public ConcurrentQueue<ReceivedHook> Hooks { get; } = new();

    public static async Task<Upstream> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        Upstream? self = null;
        app.MapGet("/api/items/{id}", (string id, HttpContext http) =>
        {
            http.Response.Headers["X-Upstream"] = "yes";
            http.Response.Headers["Set-Cookie"] = "upstream-session=1";
            http.Response.Headers["Keep-Alive"] = "timeout=5";
            return Results.Json(new
            {
                id,
                path = http.Request.Path.Value,
                query = http.Request.QueryString.Value,
                headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            });
        });
        app.MapPost("/api/items", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Json(new { received = body, contentType = http.Request.ContentType });
        });
        app.MapGet("/api/gone", () => Results.NotFound());
        // 120 KB with a Content-Length, in three flushed parts: the gateway reads it in several pieces.
        app.MapGet("/api/fixed", async (HttpContext http) =>
        {
            http.Response.ContentLength = FixedBody.Length;
            for (var part = 0; part < 3; part++)
            {
                await http.Response.Body.WriteAsync(FixedBody.AsMemory(part * 40 * 1024, 40 * 1024), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        });
        // Repeated, listed and oddly written answer headers, and the request's trace headers as they arrived.
        app.MapGet("/api/headers", (HttpContext http) =>
        {
            http.Response.Headers.Append("X-Tag", "alpha");
            http.Response.Headers.Append("X-Tag", "beta");
            http.Response.Headers["Link"] = "</items/43>; rel=\"next\", </items/41>; rel=\"prev\"";
            http.Response.Headers["Expires"] = "not a date";
            http.Response.Headers["Set-Cookie"] = "upstream-session=1";
            return Results.Json(new
            {
                traceparent = http.Request.Headers["traceparent"].ToString(),
                tracestate = http.Request.Headers["tracestate"].ToString(),
            });
        });
        app.MapGet("/api/slow", async (HttpContext http) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted);
            return Results.Ok();
        });
        app.MapGet("/api/huge", async (HttpContext http) =>
        {
            http.Response.ContentLength = 50L * 1024 * 1024;
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 800 && !http.RequestAborted.IsCancellationRequested; i++)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
            }
        });
        app.MapGet("/api/huge-chunked", async (HttpContext http) =>
        {
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 800 && !http.RequestAborted.IsCancellationRequested; i++)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
            }
        });
        app.MapGet("/api/redirect", (HttpContext http) =>
            Results.Redirect($"http://127.0.0.1:{http.Connection.LocalPort}/internal/secrets"));
        app.MapGet("/internal/secrets", () =>
        {
            Interlocked.Increment(ref self!.InternalHits);
            return Results.Text("internal data");
        });
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            self!.Hooks.Enqueue(new ReceivedHook(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), buffer.ToArray()));
            return Results.NoContent();
        });
        app.MapPost("/hooks-flaky", async (HttpContext http) =>
        {
            if (Interlocked.Increment(ref self!.FlakyCalls) == 1)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            self.Hooks.Enqueue(new ReceivedHook(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), buffer.ToArray()));
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        self = new Upstream(app, new Uri(address), listener);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        blackHole.Stop();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task AcceptForeverAsync()
    {
        var held = new List<Socket>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await blackHole.AcceptSocketAsync(stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }
}
