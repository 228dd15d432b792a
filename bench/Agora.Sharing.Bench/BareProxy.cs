using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Sharing.Bench;

/// <summary>
/// The floor of any gateway written on ASP.NET Core: Kestrel in, HttpClient out, the body streamed back, and nothing
/// else (no authentication, no grant, no audit). The gateway's figures are read against it as well as against nginx.
/// </summary>
internal sealed class BareProxy(WebApplication app, HttpClient client, Uri address) : IAsyncDisposable
{
    public Uri Address { get; } = address;

    public static async Task<BareProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false, AllowAutoRedirect = false });
        app.MapGet("/api/items/{id}", async (HttpContext http, string id) =>
        {
            using var response = await client.GetAsync(new Uri(upstream, "/api/items/" + id), HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
            http.Response.StatusCode = (int)response.StatusCode;
            http.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            http.Response.ContentLength = response.Content.Headers.ContentLength;
            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareProxy(app, client, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        client.Dispose();
    }
}
