using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Hosting;
using Agora.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

/// <summary>The real host on a loopback port over a fresh store: real HTTP through the whole pipeline.</summary>
public sealed class AgoraTestServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly bool ownsStore;

    private AgoraTestServer(WebApplication app, TestStore store, Uri address, bool ownsStore)
    {
        this.app = app;
        this.ownsStore = ownsStore;
        Store = store;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public TestStore Store { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => app.Services;

    public static JsonSerializerOptions Json => CatalogJson.Options;

    /// <param name="configuration">Extra command-line configuration, such as <c>--Agora:Privacy:MaxProsecutorRisk=0.5</c> or <c>--Agora:Sharing:AllowPrivateNetworks=true</c>.</param>
    public static async Task<AgoraTestServer> StartAsync(string provider = TestStore.Sqlite, bool demo = true, params string[] configuration) =>
        await StartOnAsync(await TestStore.CreateAsync(provider), demo, ownsStore: true, configuration);

    /// <summary>Starts on a store that the caller keeps (and disposes).</summary>
    public static async Task<AgoraTestServer> StartOnAsync(TestStore store, bool demo = false, bool ownsStore = false, params string[] configuration)
    {
        var settings = new AgoraSettings { DataDirectory = store.DataDirectory, Database = store.Database, Urls = "http://127.0.0.1:0" };
        var app = AgoraHost.Build(settings, ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=None", .. configuration]);
        await AgoraHost.PrepareAsync(app.Services, demo);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AgoraTestServer(app, store, new Uri(address), ownsStore);
    }

    /// <summary>A client that presents a fresh token of the given account and scope.</summary>
    public async Task<HttpClient> ClientForAsync(string email, TokenScope scope = TokenScope.Write, TimeSpan? lifetime = null)
    {
        var token = await TokenForAsync(email, scope, lifetime);
        return WithToken(token);
    }

    public async Task<string> TokenForAsync(string email, TokenScope scope = TokenScope.Write, TimeSpan? lifetime = null)
    {
        await using var scopeServices = Services.CreateAsyncScope();
        var db = scopeServices.ServiceProvider.GetRequiredService<Catalog.Storage.CatalogDbContext>();
        var user = db.Users.Single(u => u.Email == email);
        var accounts = scopeServices.ServiceProvider.GetRequiredService<AccountService>();
        var (_, secret) = await accounts.CreateTokenAsync(user.Id, "test", scope, lifetime ?? TimeSpan.FromHours(1), CancellationToken.None);
        return secret;
    }

    public HttpClient WithToken(string token)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<T> GetAsync<T>(string path, HttpClient? client = null)
    {
        var response = await (client ?? Client).GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (ownsStore)
        {
            await Store.DisposeAsync();
        }
    }
}
