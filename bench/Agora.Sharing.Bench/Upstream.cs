using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Sharing.Bench;

/// <summary>The upstream every target ends at: a small JSON answer from Kestrel on loopback.</summary>
internal sealed class Upstream(WebApplication app, Uri address) : IAsyncDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"id":"42","institutionName":"北京协和医院","category":"综合医院","grade":"三级甲等","beds":2000,"regionCode":"110101","address":"北京市东城区帅府园一号","phone":"010-69156114"}""".PadRight(214));

    public Uri Address { get; } = address;

    public static async Task<Upstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/api/items/{id}", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = Body.Length;
            await http.Response.Body.WriteAsync(Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Upstream(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
