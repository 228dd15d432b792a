using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Access;
using Agora.Sharing.Audit;
using Agora.Sharing.Gateway;
using Agora.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Sharing.Tests;

/// <summary>
/// A real host on a loopback port with the catalog and sharing over a fresh store and the demo catalog, a clock the
/// test moves, and an audit sink that remembers what it was told.
/// </summary>
public sealed class SharingTestServer : IAsyncDisposable
{
    public const string Provider = "steward@beijing-wjw.agora.demo";
    public const string Consumer = "analyst@shanghai-rsj.agora.demo";
    public const string OtherAgency = "editor@zhejiang-dsj.agora.demo";
    public const string Bureau = "bureau@agora.demo";

    public static readonly Guid BeijingWjw = DemoCatalog.DeterministicGuid("org:beijing-wjw");
    public static readonly Guid ShanghaiRsj = DemoCatalog.DeterministicGuid("org:shanghai-rsj");
    public static readonly Guid ZhejiangDsj = DemoCatalog.DeterministicGuid("org:zhejiang-dsj");

    public static readonly string[] Fields = ["region_code", "institution_name", "beds", "phone"];

    private static readonly Lazy<Task<string>> SqliteTemplate = new(CreateSqliteTemplateAsync);

    private readonly WebApplication app;

    private readonly bool ownsStore;

    private SharingTestServer(WebApplication app, TestStore store, Uri address, TestClock clock, RecordingAuditSink audit, SharingOptions options, bool ownsStore = true)
    {
        this.app = app;
        this.ownsStore = ownsStore;
        Store = store;
        Address = address;
        Clock = clock;
        Audit = audit;
        Options = options;
        Client = new HttpClient { BaseAddress = address };
    }

    public static JsonSerializerOptions Json => CatalogJson.Options;

    public TestStore Store { get; }
    public Uri Address { get; }
    public TestClock Clock { get; }
    public RecordingAuditSink Audit { get; }
    public SharingOptions Options { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => app.Services;

    public static async Task<SharingTestServer> StartAsync(string provider = TestStore.Sqlite, Action<SharingOptions>? configure = null)
    {
        var store = await TestStore.CreateAsync(provider);
        if (provider == TestStore.Sqlite)
        {
            // Migrating and loading the demo once and copying the file keeps each test's start cheap.
            File.Copy(await SqliteTemplate.Value, Path.Combine(store.DataDirectory, "agora.db"));
        }

        var options = new SharingOptions
        {
            AllowPrivateNetworks = true,
            SweepInterval = TimeSpan.FromHours(1),
            GatewayTimeout = TimeSpan.FromSeconds(1),
            GatewayMaxResponseBytes = 1024 * 1024,
            WebhookFirstRetry = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        var clock = new TestClock(TestClock.DefaultStart);
        var (app, address, audit) = await BuildAsync(store, options, clock, prepare: true);
        return new SharingTestServer(app, store, address, clock, audit, options);
    }

    /// <summary>A second node over the same store and clock, as another process of a cluster would be.</summary>
    public async Task<SharingTestServer> StartNodeAsync()
    {
        var (node, address, audit) = await BuildAsync(Store, Options, Clock, prepare: false);
        return new SharingTestServer(node, Store, address, Clock, audit, Options, ownsStore: false);
    }

    private static async Task<(WebApplication App, Uri Address, RecordingAuditSink Audit)> BuildAsync(TestStore store, SharingOptions options, TestClock clock, bool prepare)
    {
        var audit = new RecordingAuditSink();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<ISharingAuditSink>(audit);
        builder.Services.Configure<JsonOptions>(o => CatalogJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddAgoraCatalog(store.Options);
        builder.Services.AddAgoraSharing(store.Options, options);
        // Tests run the sweep by hand against their own clock; the timed one would start after the first answer and
        // could take a notification that a test then expects its own run to count.
        builder.Services.Remove(builder.Services.Single(d => d.ImplementationType == typeof(Agora.Sharing.Workflow.SharingSweeper)));
        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseGatewayFastPath();
        app.UseRouting();
        app.UseAgoraAuthentication();
        app.MapCatalogApi();
        app.MapSharingApi();
        if (prepare)
        {
            await app.Services.MigrateCatalogAsync();
            await app.Services.MigrateSharingAsync();
            await using var scope = app.Services.CreateAsyncScope();
            await DemoCatalog.LoadAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address), audit);
    }

    /// <summary>A client that presents a fresh token of the account (no expiry unless given).</summary>
    public async Task<HttpClient> ClientForAsync(string email, TokenScope scope = TokenScope.Write, TimeSpan? lifetime = null) =>
        WithToken(await TokenForAsync(email, scope, lifetime));

    public async Task<string> TokenForAsync(string email, TokenScope scope = TokenScope.Write, TimeSpan? lifetime = null)
    {
        await using var services = Services.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var user = db.Users.Single(u => u.Email == email);
        var (_, secret) = await services.ServiceProvider.GetRequiredService<AccountService>().CreateTokenAsync(user.Id, "test", scope, lifetime, CancellationToken.None);
        return secret;
    }

    public HttpClient WithToken(string token)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<Guid> UserIdAsync(string email)
    {
        await using var services = Services.CreateAsyncScope();
        return services.ServiceProvider.GetRequiredService<CatalogDbContext>().Users.Single(u => u.Email == email).Id;
    }

    /// <summary>Creates an account with no organization: a member of the public.</summary>
    public async Task<Guid> CreateUserAsync(string email, params (Guid Organization, OrganizationRole Role)[] memberships)
    {
        await using var services = Services.CreateAsyncScope();
        var user = await services.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(email, null, null, false, false, CancellationToken.None);
        var db = services.ServiceProvider.GetRequiredService<CatalogDbContext>();
        foreach (var (organization, role) in memberships)
        {
            db.Memberships.Add(new Membership { Id = Guid.NewGuid(), UserId = user.Id, OrganizationId = organization, Role = role, Created = DateTime.UtcNow });
        }

        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>Adds a dataset of Beijing Health Commission (or another body) with four declared fields.</summary>
    public async Task<Guid> AddDatasetAsync(SharingAttribute sharing, OpeningAttribute opening, SecurityGrade grade = SecurityGrade.General,
        bool table = true, Guid? organization = null)
    {
        await using var services = Services.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var id = Guid.NewGuid();
        var now = Clock.GetUtcNow().UtcDateTime;
        db.Datasets.Add(new Dataset
        {
            Id = id,
            Identifier = "test-" + id.ToString("N")[..12],
            TitleZh = "医疗机构测试数据",
            TitleEn = "Test medical institutions",
            OrganizationId = organization ?? BeijingWjw,
            License = "gov-sharing-1.0",
            Sharing = sharing,
            SharingConditions = sharing == SharingAttribute.Conditional ? "仅限履行职责使用" : null,
            LegalBasis = sharing == SharingAttribute.NotShared ? "《中华人民共和国数据安全法》第二十一条" : null,
            Opening = opening,
            OpeningConditions = opening == OpeningAttribute.Conditional ? "仅用于科研" : null,
            SecurityGrade = grade,
            Fields = Fields.Select(f => new FieldSpec(f, null, "text", null, FieldSensitivity.None)).ToList(),
            Created = now,
            Modified = now,
        });
        if (table)
        {
            db.Distributions.Add(new Distribution { Id = Guid.NewGuid(), DatasetId = id, TitleZh = "表", Kind = DistributionKind.Table, Format = "CSV", Created = now, Modified = now });
        }

        await db.SaveChangesAsync();
        return id;
    }

    public async Task<Guid> AddApiDistributionAsync(Guid datasetId)
    {
        await using var services = Services.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var id = Guid.NewGuid();
        db.Distributions.Add(new Distribution { Id = id, DatasetId = datasetId, TitleZh = "接口", Kind = DistributionKind.Api, Format = "API", Created = now, Modified = now });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>What the grant resolver says for an account, as every row path would ask it.</summary>
    public async Task<EffectiveAccess> ResolveAsync(string email, Guid datasetId)
    {
        await using var services = Services.CreateAsyncScope();
        var caller = await CallerAsync(services.ServiceProvider, email);
        return await services.ServiceProvider.GetRequiredService<IGrantResolver>().ResolveAsync(caller, datasetId);
    }

    public async Task<QuotaUse> RecordUseAsync(Guid grantId, long rows)
    {
        await using var services = Services.CreateAsyncScope();
        return await services.ServiceProvider.GetRequiredService<IGrantResolver>().RecordUseAsync(grantId, rows);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var services = Services.CreateAsyncScope();
        return await work(services.ServiceProvider);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body = null) =>
        client.PostAsJsonAsync(path, body ?? new { }, Json);

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

    private static async Task<string> CreateSqliteTemplateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("agora-sharing-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean with the rest of the temp folder.
            }
        };
        var storage = new StorageOptions { DataDirectory = directory };
        var services = new ServiceCollection().AddLogging();
        services.AddAgoraCatalog(storage);
        services.AddAgoraSharing(storage);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.MigrateCatalogAsync();
            await provider.MigrateSharingAsync();
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await DemoCatalog.LoadAsync(db);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = Path.Combine(directory, "agora.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync();
        }

        return file;
    }

    private static async Task<Caller> CallerAsync(IServiceProvider services, string email)
    {
        var db = services.GetRequiredService<CatalogDbContext>();
        var user = db.Users.Single(u => u.Email == email);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AgoraClaims.UserId, user.Id.ToString())], "test"));
        return await services.GetRequiredService<CallerAccessor>().ResolveAsync(principal, CancellationToken.None);
    }
}
