using System.Net.Http.Json;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agora.Sharing.Bench;

/// <summary>
/// Agora with the catalog and sharing, on a fresh store with the demo catalog: a conditionally shared dataset of
/// Beijing Health Commission with an API service in front of the upstream, granted to Shanghai's HR bureau.
/// </summary>
internal sealed class BenchAgora : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;
    private readonly Func<Task>? dropDatabase;

    private BenchAgora(WebApplication app, Uri address, string consumerToken, string directory, Func<Task>? dropDatabase)
    {
        this.app = app;
        Address = address;
        ConsumerToken = consumerToken;
        this.directory = directory;
        this.dropDatabase = dropDatabase;
    }

    public Uri Address { get; }
    public string ConsumerToken { get; }

    /// <summary>The audit log's commits and records so far: their ratio is the group commit's batch size.</summary>
    public (long Commits, long Records) AuditCounts()
    {
        var log = app.Services.GetRequiredService<Agora.Audit.AuditLog>();
        return (log.Batches, log.Committed);
    }

    public static async Task<BenchAgora> StartAsync(string provider, Uri upstream)
    {
        var directory = Directory.CreateTempSubdirectory("agora-bench-sharing-").FullName;
        string? database = null;
        Func<Task>? drop = null;
        if (provider == "postgres")
        {
            var server = Environment.GetEnvironmentVariable("AGORA_BENCH_POSTGRES")!;
            var name = "agora_bench_sharing_" + Guid.NewGuid().ToString("N")[..8];
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
            }

            database = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 }.ConnectionString;
            drop = async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(server);
                await connection.OpenAsync();
                await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
            };
        }

        // The real host, as `agora serve` builds it: authentication, the grant resolver, the audit log (every gateway
        // call is appended and committed before its response completes), the caches and their invalidation.
        var app = AgoraHost.Build(new AgoraSettings { DataDirectory = directory, Database = database, Urls = "http://127.0.0.1:0" },
        [
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=None",
            // The upstream is on loopback, which only an operator's explicit choice lets the gateway reach.
            "--Agora:Sharing:AllowPrivateNetworks=true",
            "--Agora:Sharing:GatewayDefaultRatePerSecond=1000000",
        ]);
        await AgoraHost.PrepareAsync(app.Services, demo: false);
        Guid plain;
        Guid withQuota;
        string steward;
        string consumer;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await DemoCatalog.LoadAsync(db);
            await db.AnalyzeAsync();
            plain = await AddDatasetAsync(db);
            withQuota = await AddDatasetAsync(db);
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            steward = (await accounts.CreateTokenAsync(db.Users.Single(u => u.Email == "steward@beijing-wjw.agora.demo").Id, "bench", TokenScope.Write, null, default)).Secret;
            consumer = (await accounts.CreateTokenAsync(db.Users.Single(u => u.Email == "analyst@shanghai-rsj.agora.demo").Id, "bench", TokenScope.Write, null, default)).Secret;
        }

        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var stewardClient = Client(address, steward);
        using var consumerClient = Client(address, consumer);
        await GrantAsync(stewardClient, consumerClient, plain, "institutions", upstream, new { });
        await GrantAsync(stewardClient, consumerClient, withQuota, "institutions-quota", upstream, new { maxRequestsPerDay = 1_000_000_000 });
        return new BenchAgora(app, address, consumer, directory, drop);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (dropDatabase is not null)
        {
            await dropDatabase();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static HttpClient Client(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<Guid> AddDatasetAsync(CatalogDbContext db)
    {
        var now = DateTime.UtcNow;
        var id = Guid.NewGuid();
        db.Datasets.Add(new Dataset
        {
            Id = id,
            Identifier = "bench-" + id.ToString("N")[..12],
            TitleZh = "医疗机构查询接口",
            OrganizationId = DemoCatalog.DeterministicGuid("org:beijing-wjw"),
            License = "gov-sharing-1.0",
            Sharing = SharingAttribute.Conditional,
            SharingConditions = "仅限履行职责使用",
            Opening = OpeningAttribute.Closed,
            SecurityGrade = SecurityGrade.General,
            Created = now,
            Modified = now,
        });
        db.Distributions.Add(new Distribution { Id = id, DatasetId = id, TitleZh = "接口", Kind = DistributionKind.Api, Format = "API", Created = now, Modified = now });
        await db.SaveChangesAsync();
        return id;
    }

    private static async Task GrantAsync(HttpClient steward, HttpClient consumer, Guid dataset, string slug, Uri upstream, object conditions)
    {
        var json = CatalogJson.Options;
        (await steward.PutAsJsonAsync($"/api/v1/distributions/{dataset}/service",
            new { slug, upstreamUrl = new Uri(upstream, "/api").ToString(), endpoints = new[] { new { method = "GET", path = "/items/{id}" } } }, json)).EnsureSuccessStatusCode();
        var created = await consumer.PostAsJsonAsync("/api/v1/requests", new { datasetId = dataset, purpose = "基准测试", legalBasis = "基准测试" }, json);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        (await steward.PostAsJsonAsync($"/api/v1/requests/{id}/approve", conditions, json)).EnsureSuccessStatusCode();
    }
}
