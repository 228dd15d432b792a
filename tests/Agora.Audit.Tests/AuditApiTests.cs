using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Audit.Api;
using Agora.Audit.Verification;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Audit.Tests;

public sealed class AuditApiTests
{
    private static JsonSerializerOptions Json => CatalogJson.Options;

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task The_bureau_reads_and_verifies_everything_an_organization_admin_reads_their_own_and_nobody_else_anything(string provider)
    {
        await using var server = await AuditServer.StartAsync(provider);
        var beijing = await server.OrganizationAsync("beijing-wjw");
        var shanghai = await server.OrganizationAsync("shanghai-rsj");
        var guizhou = await server.OrganizationAsync("guizhou-dsjj");
        var analyst = await server.UserAsync("analyst@shanghai-rsj.agora.demo");
        var beijingSteward = await server.UserAsync("steward@beijing-wjw.agora.demo");
        var guizhouSteward = await server.UserAsync("steward@guizhou-dsjj.agora.demo");
        var beijingDataset = Guid.CreateVersion7();
        var log = server.Services.GetRequiredService<IAuditLog>();

        // 1: Shanghai's analyst reads Beijing's rows; 2: Beijing's steward reads its own; 3: Guizhou's; 4: a login.
        await log.AppendAsync(new AuditEntry { Action = AuditActions.RowsRead, UserId = analyst, OrganizationId = shanghai, DatasetId = beijingDataset, OwnerOrganizationId = beijing, RowCount = 10 });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.Download, UserId = beijingSteward, OrganizationId = beijing, DatasetId = beijingDataset, OwnerOrganizationId = beijing });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.SqlQuery, UserId = guizhouSteward, OrganizationId = guizhou, DatasetId = Guid.CreateVersion7(), OwnerOrganizationId = guizhou });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.Login, UserId = analyst, OrganizationId = shanghai });

        var anonymous = await server.Client.GetAsync("/api/v1/audit");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("urn:agora:problem:not-authenticated", (await ProblemAsync(anonymous)).GetProperty("type").GetString());

        foreach (var outsider in new[] { "analyst@shanghai-rsj.agora.demo", "editor@zhejiang-dsj.agora.demo", "admin@agora.demo" })
        {
            var refused = await (await server.ClientForAsync(outsider)).GetAsync("/api/v1/audit");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("urn:agora:problem:forbidden", (await ProblemAsync(refused)).GetProperty("type").GetString());
        }

        var bureau = await server.ClientForAsync("bureau@agora.demo", TokenScope.Read);
        Assert.Equal([4, 3, 2, 1], await SequencesAsync(bureau, "/api/v1/audit"));
        Assert.Equal([4], await SequencesAsync(bureau, "/api/v1/audit?action=login"));
        Assert.Equal([2, 1], await SequencesAsync(bureau, $"/api/v1/audit?datasetId={beijingDataset}"));
        Assert.Equal([4, 1], await SequencesAsync(bureau, $"/api/v1/audit?userId={analyst}"));
        Assert.Equal([4, 1], await SequencesAsync(bureau, $"/api/v1/audit?organizationId={shanghai}"));

        var steward = await server.ClientForAsync("steward@beijing-wjw.agora.demo", TokenScope.Read);
        Assert.Equal([2, 1], await SequencesAsync(steward, "/api/v1/audit"));
        Assert.Equal([1], await SequencesAsync(steward, $"/api/v1/audit?organizationId={shanghai}"));
        Assert.Empty(await SequencesAsync(steward, $"/api/v1/audit?organizationId={guizhou}"));
        Assert.Equal([3], await SequencesAsync(await server.ClientForAsync("steward@guizhou-dsjj.agora.demo"), "/api/v1/audit"));

        var page = await bureau.GetFromJsonAsync<AuditApi.AuditPage>("/api/v1/audit?limit=3", Json);
        Assert.Equal([4, 3, 2], page!.Items.Select(i => i.Sequence));
        Assert.Equal(beijing, page.Items[2].OwnerOrganizationId);
        Assert.Equal(64, page.Items[2].Hash.Length);
        var rest = await bureau.GetFromJsonAsync<AuditApi.AuditPage>($"/api/v1/audit?limit=3&cursor={page.Next}", Json);
        Assert.Equal([1], rest!.Items.Select(i => i.Sequence));
        Assert.Null(rest.Next);
        Assert.Equal(10, rest.Items[0].RowCount);

        var from = DateTime.UtcNow.AddMinutes(-5).ToString("O");
        Assert.Equal(4, (await SequencesAsync(bureau, $"/api/v1/audit?from={Uri.EscapeDataString(from)}")).Count);
        Assert.Empty(await SequencesAsync(bureau, $"/api/v1/audit?to={Uri.EscapeDataString(from)}"));

        foreach (var (query, field) in new[] { ("organizationId=nope", "organizationId"), ("from=yesterday", "from"), ("limit=500", "limit"), ("cursor=abc", "cursor"), ("action=DROP%20TABLE", "action") })
        {
            var response = await bureau.GetAsync("/api/v1/audit?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, (await ProblemAsync(response)).GetProperty("field").GetString());
        }

        // Verification through the API is the bureau's alone.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/api/v1/audit/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steward.GetAsync("/api/v1/audit/verify")).StatusCode);
        var result = await bureau.GetFromJsonAsync<AuditVerification>("/api/v1/audit/verify", Json);
        Assert.True(result!.Ok, result.Failure?.Message);
        Assert.Equal(4, result.Records);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task An_organization_admin_pages_newest_first_through_records_of_its_datasets_and_of_its_users(string provider)
    {
        await using var server = await AuditServer.StartAsync(provider);
        var beijing = await server.OrganizationAsync("beijing-wjw");
        var shanghai = await server.OrganizationAsync("shanghai-rsj");
        var guizhou = await server.OrganizationAsync("guizhou-dsjj");
        var analyst = await server.UserAsync("analyst@shanghai-rsj.agora.demo");
        var steward = await server.UserAsync("steward@beijing-wjw.agora.demo");
        var beijingDataset = Guid.CreateVersion7();
        var guizhouDataset = Guid.CreateVersion7();
        var log = server.Services.GetRequiredService<IAuditLog>();

        // Beijing sees 1 (its dataset, read by Shanghai), 2 (its user, Guizhou's dataset), 4 (both) and 6 (its user).
        await log.AppendAsync(new AuditEntry { Action = AuditActions.RowsRead, UserId = analyst, OrganizationId = shanghai, DatasetId = beijingDataset, OwnerOrganizationId = beijing });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.Download, UserId = steward, OrganizationId = beijing, DatasetId = guizhouDataset, OwnerOrganizationId = guizhou });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.RowsRead, UserId = analyst, OrganizationId = shanghai, DatasetId = guizhouDataset, OwnerOrganizationId = guizhou });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.RowsRead, UserId = steward, OrganizationId = beijing, DatasetId = beijingDataset, OwnerOrganizationId = beijing });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.Login, UserId = analyst, OrganizationId = shanghai });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.Login, UserId = steward, OrganizationId = beijing });

        var admin = await server.ClientForAsync("steward@beijing-wjw.agora.demo", TokenScope.Read);
        Assert.Equal([6, 4, 2, 1], await SequencesAsync(admin, "/api/v1/audit"));
        Assert.Equal([4, 1], await SequencesAsync(admin, "/api/v1/audit?action=rows.read"));
        Assert.Equal([2], await SequencesAsync(admin, $"/api/v1/audit?datasetId={guizhouDataset}"));

        var seen = new List<long>();
        var path = "/api/v1/audit?limit=1";
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await admin.GetFromJsonAsync<AuditApi.AuditPage>(path, Json);
            seen.AddRange(page!.Items.Select(i => i.Sequence));
            if (page.Next is null)
            {
                break;
            }

            path = $"/api/v1/audit?limit=1&cursor={page.Next}";
        }

        Assert.Equal([6, 4, 2, 1], seen);
    }

    [Fact]
    public async Task The_log_is_searched_by_outcome()
    {
        await using var server = await AuditServer.StartAsync(TestStore.Sqlite);
        var log = server.Services.GetRequiredService<IAuditLog>();
        var analyst = await server.UserAsync("analyst@shanghai-rsj.agora.demo");
        await log.AppendAsync(new AuditEntry { Action = AuditActions.Login, UserId = analyst, Outcome = AuditOutcome.Denied });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.Login, UserId = analyst });
        await log.AppendAsync(new AuditEntry { Action = AuditActions.RowsRead, UserId = analyst, Outcome = AuditOutcome.Error, StatusCode = 500 });

        var bureau = await server.ClientForAsync("bureau@agora.demo", TokenScope.Read);
        Assert.Equal([1], await SequencesAsync(bureau, "/api/v1/audit?outcome=denied"));
        Assert.Equal([2], await SequencesAsync(bureau, "/api/v1/audit?outcome=ok"));
        Assert.Equal([3], await SequencesAsync(bureau, "/api/v1/audit?outcome=error"));
        Assert.Empty(await SequencesAsync(bureau, "/api/v1/audit?outcome=denied&action=rows.read"));
        foreach (var bad in new[] { "1", "Denied", "ok,denied" })
        {
            var response = await bureau.GetAsync("/api/v1/audit?outcome=" + Uri.EscapeDataString(bad));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("outcome", (await ProblemAsync(response)).GetProperty("field").GetString());
        }
    }

    private static async Task<List<long>> SequencesAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var page = await response.Content.ReadFromJsonAsync<AuditApi.AuditPage>(Json);
        return page!.Items.Select(i => i.Sequence).ToList();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A small web host with the catalog's accounts and the audit API, on a loopback port, over the demo catalog.</summary>
    private sealed class AuditServer : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly TestStore store;

        private AuditServer(WebApplication app, TestStore store, Uri address)
        {
            this.app = app;
            this.store = store;
            Client = new HttpClient { BaseAddress = address };
        }

        public HttpClient Client { get; }
        public IServiceProvider Services => app.Services;

        public static async Task<AuditServer> StartAsync(string provider)
        {
            var store = await TestStore.CreateAsync(provider);
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
            builder.Services.Configure<JsonOptions>(o => CatalogJson.Configure(o.SerializerOptions));
            builder.Services.AddProblemDetails();
            builder.Services.AddAgoraCatalog(store.Options);
            builder.Services.AddAgoraAudit(store.Options, new AuditOptions { CheckpointInterval = TimeSpan.Zero });
            var app = builder.Build();
            app.UseAgoraAuthentication();
            app.MapAuditApi();
            await app.Services.MigrateCatalogAsync();
            await app.Services.MigrateAuditAsync();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await DemoCatalog.LoadAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
            }

            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new AuditServer(app, store, new Uri(address));
        }

        public async Task<Guid> OrganizationAsync(string slug)
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            return (await db.Organizations.SingleAsync(o => o.Slug == slug)).Id;
        }

        public async Task<Guid> UserAsync(string email)
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            return (await db.Users.SingleAsync(u => u.Email == email)).Id;
        }

        public async Task<HttpClient> ClientForAsync(string email, TokenScope scope = TokenScope.Write)
        {
            await using var services = Services.CreateAsyncScope();
            var accounts = services.ServiceProvider.GetRequiredService<AccountService>();
            var (_, secret) = await accounts.CreateTokenAsync(await UserAsync(email), "test", scope, TimeSpan.FromHours(1), CancellationToken.None);
            var client = new HttpClient { BaseAddress = Client.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
            await store.DisposeAsync();
        }
    }
}
