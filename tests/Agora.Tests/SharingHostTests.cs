using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Audit;
using Agora.Audit.Api;
using Agora.Audit.Verification;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Sharing.Api;
using Agora.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Tests;

/// <summary>
/// The sharing exchange inside the real host: a grant's fields, rows, period and quota hold on the rows API, SQL,
/// downloads and the gateway, and every decision and access leaves its audit record.
/// </summary>
public sealed class SharingHostTests
{
    private const string Steward = "steward@beijing-wjw.agora.demo";
    private const string Consumer = "analyst@shanghai-rsj.agora.demo";
    private const string Outsider = "steward@guizhou-dsjj.agora.demo";
    private const string Bureau = "bureau@agora.demo";
    private static readonly Guid BeijingHealth = DemoCatalog.DeterministicGuid("org:beijing-wjw");
    private static readonly JsonSerializerOptions Json = AgoraTestServer.Json;

    // Four rows in 海淀区, six in 朝阳区; the identity card numbers must never reach the consumer.
    private const string Csv = """
        id,name,district,amount,idcard
        1,甲医院,海淀区,10,110101199001011234
        2,乙医院,海淀区,20,110101199001021234
        3,丙医院,海淀区,30,110101199001031234
        4,丁医院,海淀区,40,110101199001041234
        5,戊医院,朝阳区,50,110101199001051234
        6,己医院,朝阳区,60,110101199001061234
        7,庚医院,朝阳区,70,110101199001071234
        8,辛医院,朝阳区,80,110101199001081234
        9,壬医院,朝阳区,90,110101199001091234
        10,癸医院,朝阳区,100,110101199001101234
        """;

    private static readonly string[] Settings =
    [
        "--Agora:Sharing:AllowPrivateNetworks=true",
        "--Agora:Sharing:GatewayTimeout=00:00:02",
    ];

    private sealed record Setup(AgoraTestServer Server, HttpClient Steward, HttpClient Consumer, Guid Dataset, Guid Table) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    private static async Task<Setup> SetUpAsync(string provider)
    {
        var server = await AgoraTestServer.StartAsync(provider, true, Settings);
        var steward = await server.ClientForAsync(Steward);
        var consumer = await server.ClientForAsync(Consumer);
        var input = CatalogWriteTests.NewDataset("sharing-host-" + Guid.NewGuid().ToString("N")[..8], BeijingHealth) with
        {
            Sharing = SharingAttribute.Conditional,
            SharingConditions = "仅限履行职责使用",
            Opening = OpeningAttribute.Closed,
            Fields =
            [
                new("id", "编号", "integer", null, FieldSensitivity.None),
                new("name", "机构名称", "text", null, FieldSensitivity.None),
                new("district", "所在区", "text", null, FieldSensitivity.None),
                new("amount", "金额", "integer", null, FieldSensitivity.None),
                new("idcard", "负责人身份证号", "text", null, FieldSensitivity.DirectIdentifier),
            ],
        };
        var created = await steward.PostAsJsonAsync("/api/v1/datasets", input, Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dataset = (await created.Content.ReadFromJsonAsync<DatasetDto>(Json))!.Id;
        var table = await AddDistributionAsync(steward, dataset, DistributionKind.Table);
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv.Replace("\r\n", "\n") + "\n"));
        var upload = await steward.PostAsync($"/api/v1/distributions/{table}/data?fileName=institutions.csv", body);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        using var job = JsonDocument.Parse(await upload.Content.ReadAsStringAsync());
        var jobId = job.RootElement.GetProperty("id").GetString();
        for (var i = 0; ; i++)
        {
            using var state = JsonDocument.Parse(await steward.GetStringAsync($"/api/v1/jobs/{jobId}"));
            var value = state.RootElement.GetProperty("state").GetString();
            if (value == "succeeded")
            {
                break;
            }

            Assert.True(i < 600 && value is "queued" or "running", $"the ingest job ended {value}: {state.RootElement}");
            await Task.Delay(100);
        }

        return new Setup(server, steward, consumer, dataset, table);
    }

    internal static async Task<Guid> AddDistributionAsync(HttpClient steward, Guid dataset, DistributionKind kind)
    {
        var created = await steward.PostAsJsonAsync($"/api/v1/datasets/{dataset}/distributions",
            new DistributionInput(new(kind == DistributionKind.Table ? "机构表" : "机构接口", null), kind, kind == DistributionKind.Table ? "CSV" : "API",
                kind == DistributionKind.Table ? "text/csv" : "application/json", null, null, null, null), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<DistributionDto>(Json))!.Id;
    }

    private static async Task<GrantDto> GrantAsync(Setup setup, object conditions, HttpClient? consumer = null)
    {
        var requested = await (consumer ?? setup.Consumer).PostAsJsonAsync("/api/v1/requests", new
        {
            datasetId = setup.Dataset,
            purpose = "核对辖区医疗机构，编制区域卫生规划",
            legalBasis = "《医疗机构管理条例》第六条",
            fields = new[] { "id", "name", "district", "amount" },
        }, Json);
        Assert.True(requested.StatusCode == HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        var request = (await requested.Content.ReadFromJsonAsync<AccessRequestDto>(Json))!;
        var approved = await setup.Steward.PostAsJsonAsync($"/api/v1/requests/{request.Id}/approve", conditions, Json);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var grantId = (await approved.Content.ReadFromJsonAsync<AccessRequestDto>(Json))!.GrantId;
        return (await setup.Steward.GetFromJsonAsync<GrantDto>($"/api/v1/grants/{grantId}", Json))!;
    }

    private static async Task<(string[] Columns, JsonElement[] Rows)> RowsAsync(HttpClient client, Guid table, string query = "")
    {
        var response = await client.GetAsync($"/api/v1/distributions/{table}/rows?{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        using var document = JsonDocument.Parse(text);
        var columns = document.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.Clone()).ToArray();
        return (columns, rows);
    }

    private static async Task<(string[] Columns, int Rows, string Text)> SqlAsync(HttpClient client, string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync("/api/v1/sql", new { query });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{query}: {(int)response.StatusCode} {text}");
        if (expected != HttpStatusCode.OK)
        {
            return ([], 0, text);
        }

        using var document = JsonDocument.Parse(text);
        return (document.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray(),
            document.RootElement.GetProperty("rowCount").GetInt32(), text);
    }

    private static async Task<List<AuditApi.AuditRecordDto>> AuditAsync(AgoraTestServer server, string query)
    {
        var bureau = await server.ClientForAsync(Bureau, TokenScope.Read);
        var page = await bureau.GetFromJsonAsync<AuditApi.AuditPage>($"/api/v1/audit?limit=200&{query}", Json);
        return [.. page!.Items];
    }

    private static async Task AssertChainVerifiesAsync(AgoraTestServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var verification = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(null, CancellationToken.None);
        Assert.True(verification.Ok, verification.ToString());
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_narrowed_grant_holds_on_rows_sql_and_every_download_format(string provider)
    {
        await using var setup = await SetUpAsync(provider);
        var (consumer, table) = (setup.Consumer, setup.Table);
        var before = await consumer.GetAsync($"/api/v1/distributions/{table}/rows");
        Assert.Contains("request", (await Problem.ReadAsync(before, HttpStatusCode.Forbidden)).Detail);

        var grant = await GrantAsync(setup, new { fields = new[] { "id", "name", "amount" }, rowFilter = "district = '海淀区'", maxRowsPerDay = 1000 });
        Assert.Equal(["id", "name", "amount"], grant.AllowedFields);

        // The rows API: only the granted columns and rows, however the query is written.
        var (columns, rows) = await RowsAsync(consumer, table);
        Assert.Equal(["id", "name", "amount"], columns);
        Assert.Equal(4, rows.Length);
        Assert.Equal(["id", "name", "amount"], (await RowsAsync(consumer, table, "$select=*")).Columns);
        Assert.Equal(4, (await RowsAsync(consumer, table, "$where=amount > 0 OR 1 = 1")).Rows.Length);
        Assert.Equal(4, (await RowsAsync(consumer, table, "$where=(amount > 45) OR (amount < 45)")).Rows.Length);
        Assert.Empty((await RowsAsync(consumer, table, "$where=amount > 45")).Rows);
        foreach (var smuggled in new[] { "$select=idcard", "$select=id AS x, district", "$order=idcard", "$order=district DESC", "$where=district = '朝阳区'", "$group=district&$select=district,count(*)" })
        {
            var refused = await consumer.GetAsync($"/api/v1/distributions/{table}/rows?{smuggled}");
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{smuggled}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
        }

        // SQL: the table is a view of the grant, so aliases, subqueries, joins and OR stay inside it.
        var sql = await SqlAsync(consumer, $"SELECT * FROM \"{table}\"");
        Assert.Equal(["id", "name", "amount"], sql.Columns);
        Assert.Equal(4, sql.Rows);
        Assert.Equal(4, (await SqlAsync(consumer, $"SELECT a.name FROM \"{table}\" a JOIN \"{table}\" b ON a.id = b.id OR true WHERE a.id = b.id")).Rows);
        Assert.Equal(4, (await SqlAsync(consumer, $"SELECT * FROM (SELECT * FROM \"{table}\" WHERE 1 = 1 OR amount > 0) t")).Rows);
        Assert.Contains("[4]", (await SqlAsync(consumer, $"SELECT count(*) FROM \"{table}\" WHERE amount > 0 OR amount <= 0")).Text);
        var aliased = await SqlAsync(consumer, $"SELECT name AS idcard, amount AS district FROM \"{table}\"");
        Assert.DoesNotContain("11010119", aliased.Text);
        Assert.DoesNotContain("朝阳区", aliased.Text);
        await SqlAsync(consumer, $"SELECT idcard FROM \"{table}\"", HttpStatusCode.BadRequest);
        await SqlAsync(consumer, $"SELECT * FROM \"{table}\" WHERE district = '朝阳区'", HttpStatusCode.BadRequest);
        var escape = await consumer.PostAsJsonAsync("/api/v1/sql", new { query = $"SELECT * FROM read_csv('{setup.Server.Store.DataDirectory}/x.csv')" });
        Assert.False(escape.IsSuccessStatusCode);

        // Downloads, in every format: the hidden column and rows are not in the file.
        foreach (var format in new[] { "csv", "tsv", "json", "ndjson", "xlsx", "parquet" })
        {
            var download = await consumer.GetAsync($"/api/v1/distributions/{table}/download?format={format}&$select=*&$order=id");
            var bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.True(download.StatusCode == HttpStatusCode.OK, $"{format}: {(int)download.StatusCode} {Encoding.UTF8.GetString(bytes)}");
            Assert.Contains("no-store", download.Headers.CacheControl?.ToString());
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain("idcard", text);
            Assert.DoesNotContain("district", text);
            Assert.DoesNotContain("1101011990", text);
            if (format == "csv")
            {
                Assert.Equal(5, text.Trim().Split('\n').Length);
                Assert.DoesNotContain("戊医院", text);
            }
        }

        // Every read under the grant is recorded with the grant, its purpose and the columns that left.
        var records = await AuditAsync(setup.Server, $"datasetId={setup.Dataset}");
        var reads = records.Where(r => r.GrantId == grant.Id).ToList();
        Assert.Contains(reads, r => r.Action == AuditActions.RowsRead && r.Outcome == "ok" && r.RowCount == 4 && r.Columns!.SequenceEqual(["id", "name", "amount"]) && r.Purpose == grant.Purpose);
        Assert.Contains(reads, r => r.Action == AuditActions.SqlQuery && r.Outcome == "ok");
        Assert.Contains(reads, r => r.Action == AuditActions.Download && r.Outcome == "ok");
        Assert.Contains(records, r => r.Action == AuditActions.GrantApprove && r.GrantId == grant.Id && r.UserId is not null);
        Assert.Contains(records, r => r.Action == AuditActions.RequestCreate);
        Assert.Contains(records, r => r.Action == AuditActions.RowsRead && r.Outcome == "denied" && r.GrantId is null);
        var quota = (await setup.Steward.GetFromJsonAsync<GrantDto>($"/api/v1/grants/{grant.Id}", Json))!.Quota;
        Assert.True(quota.RowsToday >= 4 * 3, $"rows counted today: {quota.RowsToday}");
        await AssertChainVerifiesAsync(setup.Server);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_used_up_quota_answers_429_on_every_path(string provider)
    {
        await using var setup = await SetUpAsync(provider);
        var grant = await GrantAsync(setup, new { maxRowsPerDay = 5 });

        Assert.Equal(3, (await RowsAsync(setup.Consumer, setup.Table, "$limit=3&$order=id")).Rows.Length);
        // Two rows are left today: the read is capped to them.
        Assert.Equal(2, (await RowsAsync(setup.Consumer, setup.Table, "$order=id")).Rows.Length);
        var problem = await Problem.ReadAsync(await setup.Consumer.GetAsync($"/api/v1/distributions/{setup.Table}/rows"), HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:agora:problem:quota-exhausted", problem.Type);
        Assert.Contains("5 rows", problem.Detail);
        await Problem.ReadAsync(await setup.Consumer.GetAsync($"/api/v1/distributions/{setup.Table}/download?format=csv"), HttpStatusCode.TooManyRequests);
        await SqlAsync(setup.Consumer, $"SELECT * FROM \"{setup.Table}\"", HttpStatusCode.TooManyRequests);

        var records = await AuditAsync(setup.Server, $"datasetId={setup.Dataset}");
        Assert.Contains(records, r => r.GrantId == grant.Id && r.Action == AuditActions.RowsRead && r.Outcome == "denied");
        Assert.Equal(5, (await setup.Steward.GetFromJsonAsync<GrantDto>($"/api/v1/grants/{grant.Id}", Json))!.Quota.RowsToday);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Revoked_expired_and_foreign_grants_and_bad_tokens_are_refused_on_the_next_request(string provider)
    {
        await using var setup = await SetUpAsync(provider);
        var (server, consumer, table) = (setup.Server, setup.Consumer, setup.Table);
        var grant = await GrantAsync(setup, new { });
        Assert.Equal(10, (await RowsAsync(consumer, table)).Rows.Length);

        // A grant to Shanghai is not a grant to Guizhou.
        var outsider = await server.ClientForAsync(Outsider);
        await Problem.ReadAsync(await outsider.GetAsync($"/api/v1/distributions/{table}/rows"), HttpStatusCode.Forbidden);
        await SqlAsync(outsider, $"SELECT * FROM \"{table}\"", HttpStatusCode.Forbidden);

        var revoked = await setup.Steward.PostAsJsonAsync($"/api/v1/grants/{grant.Id}/revoke", new { reason = "用途已完成" }, Json);
        Assert.True(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync());
        var refused = await Problem.ReadAsync(await consumer.GetAsync($"/api/v1/distributions/{table}/rows"), HttpStatusCode.Forbidden);
        Assert.Contains("revoked", refused.Detail);
        await Problem.ReadAsync(await consumer.GetAsync($"/api/v1/distributions/{table}/download?format=csv"), HttpStatusCode.Forbidden);
        await SqlAsync(consumer, $"SELECT * FROM \"{table}\"", HttpStatusCode.Forbidden);
        Assert.Contains(await AuditAsync(server, $"datasetId={setup.Dataset}&action=grant.revoke"), r => r.GrantId == grant.Id);

        // A grant that runs out: refused on the first request after its end, with no one having to act.
        var shortGrant = await GrantAsync(setup, new { validTo = DateTime.UtcNow.AddSeconds(3) });
        Assert.Equal(10, (await RowsAsync(consumer, table)).Rows.Length);
        while (DateTime.UtcNow < shortGrant.ValidTo.AddMilliseconds(100))
        {
            await Task.Delay(200);
        }

        Assert.Contains("expired", (await Problem.ReadAsync(await consumer.GetAsync($"/api/v1/distributions/{table}/rows"), HttpStatusCode.Forbidden)).Detail);

        // Tokens: forged, revoked and expired ones get 401, never an anonymous answer.
        var forged = server.WithToken("agora_" + new string('A', 43));
        await Problem.ReadAsync(await forged.GetAsync($"/api/v1/distributions/{table}/rows"), HttpStatusCode.Unauthorized);
        var token = await server.TokenForAsync(Consumer);
        var holder = server.WithToken(token);
        var mine = await holder.GetFromJsonAsync<JsonElement>("/api/v1/tokens", Json);
        var tokenId = mine.GetProperty("items").EnumerateArray().First().GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await holder.DeleteAsync($"/api/v1/tokens/{tokenId}")).StatusCode);
        await Problem.ReadAsync(await holder.GetAsync($"/api/v1/distributions/{table}/rows"), HttpStatusCode.Unauthorized);
        var expiring = server.WithToken(await server.TokenForAsync(Consumer, TokenScope.Read, TimeSpan.FromSeconds(1)));
        await Task.Delay(1500);
        await Problem.ReadAsync(await expiring.GetAsync($"/api/v1/distributions/{table}/rows"), HttpStatusCode.Unauthorized);
        var tokenRecords = await AuditAsync(server, "action=token.revoke");
        Assert.Contains(tokenRecords, r => r.TokenId == tokenId || r.Details?.GetProperty("tokenId").GetGuid() == tokenId);
        await AssertChainVerifiesAsync(server);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task The_gateway_forwards_under_a_grant_only_and_records_each_call(string provider)
    {
        await using var upstream = await LoopbackUpstream.StartAsync();
        await using var setup = await SetUpAsync(provider);
        var api = await AddDistributionAsync(setup.Steward, setup.Dataset, DistributionKind.Api);
        var registered = await setup.Steward.PutAsJsonAsync($"/api/v1/distributions/{api}/service",
            new { slug = "institutions", upstreamUrl = new Uri(upstream.Address, "/api").ToString() }, Json);
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());

        var without = await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/items/7");
        await Problem.ReadAsync(without, HttpStatusCode.Forbidden);
        Assert.Equal(0, upstream.Calls);

        var grant = await GrantAsync(setup, new { });
        var ok = await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/items/7");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("\"id\":\"7\"", await ok.Content.ReadAsStringAsync());
        Assert.Contains("no-store", ok.Headers.CacheControl?.ToString());
        var requestId = ok.Headers.GetValues("X-Request-Id").Single();

        var outsider = await setup.Server.ClientForAsync(Outsider);
        await Problem.ReadAsync(await outsider.GetAsync("/gw/beijing-wjw/institutions/items/7"), HttpStatusCode.Forbidden);
        await Problem.ReadAsync(await setup.Server.Client.GetAsync("/gw/beijing-wjw/institutions/items/7"), HttpStatusCode.Unauthorized);

        // A redirect towards a private address is not followed, and a slow upstream is cut off.
        await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/redirect"), HttpStatusCode.BadGateway);
        Assert.Equal(0, upstream.InternalHits);
        var slow = await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/slow"), HttpStatusCode.GatewayTimeout);
        Assert.Equal("urn:agora:problem:upstream-timeout", slow.Type);

        Assert.True((await setup.Steward.PostAsJsonAsync($"/api/v1/grants/{grant.Id}/revoke", new { reason = "停止" }, Json)).IsSuccessStatusCode);
        await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/items/7"), HttpStatusCode.Forbidden);

        var calls = await AuditAsync(setup.Server, $"datasetId={setup.Dataset}&action=gateway.call");
        var forwarded = Assert.Single(calls, r => r.RequestId == requestId);
        Assert.Equal("ok", forwarded.Outcome);
        Assert.Equal(200, forwarded.StatusCode);
        Assert.Equal(grant.Id, forwarded.GrantId);
        Assert.Equal(DemoCatalog.DeterministicGuid("org:shanghai-rsj"), forwarded.OrganizationId);
        Assert.Equal("127.0.0.1", forwarded.ClientAddress);
        var details = forwarded.Details!.Value;
        foreach (var field in new[] { "requestInTs", "requestOutTs", "responseInTs", "responseOutTs" })
        {
            Assert.Equal(JsonValueKind.String, details.GetProperty(field).ValueKind);
        }

        Assert.True(details.GetProperty("responseSize").GetInt64() > 0);
        Assert.Equal("/items/7", details.GetProperty("path").GetString());
        Assert.Contains(calls, r => r.StatusCode == 403 && r.Outcome == "denied");
        Assert.Contains(calls, r => r.StatusCode == 504 && r.Outcome == "error");
        Assert.Contains(calls, r => r.StatusCode == 502 && r.Details!.Value.GetProperty("error").GetString()!.Contains("redirect"));
        await AssertChainVerifiesAsync(setup.Server);
        if (provider == TestStore.Sqlite)
        {
            var (code, output, error) = await HostTests.RunAsync(setup.Server.Store, "audit", "verify");
            Assert.True(code == 0, output + error);
        }
    }

    [Fact]
    public async Task Token_role_and_account_changes_are_recorded()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var admin = await server.ClientForAsync("admin@agora.demo", TokenScope.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email = "new.analyst@example.org", password = "a-long-password" }, Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid();
        var steward = await server.ClientForAsync(Steward);
        Assert.Equal(HttpStatusCode.OK, (await steward.PutAsJsonAsync("/api/v1/organizations/beijing-wjw/members", new { userId = user, role = "editor" }, Json)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await steward.DeleteAsync($"/api/v1/organizations/beijing-wjw/members/{user}")).StatusCode);

        var records = await AuditAsync(server, "");
        Assert.Contains(records, r => r.Action == "user.create" && r.Details!.Value.GetProperty("subjectUserId").GetGuid() == user && r.TokenId is not null);
        Assert.Contains(records, r => r.Action == AuditActions.RoleChange && r.OrganizationId == BeijingHealth && r.Details!.Value.GetProperty("role").GetString() == "editor");
        Assert.Contains(records, r => r.Action == AuditActions.RoleChange && r.Details!.Value.GetProperty("detail").GetString() == "membership removed");
        Assert.Contains(records, r => r.Action == AuditActions.TokenCreate);
        Assert.DoesNotContain(records, r => r.Details?.ToString().Contains("a-long-password", StringComparison.Ordinal) == true);
    }

    /// <summary>A loopback API service: echoes items, answers slowly, and redirects to an "internal" address.</summary>
    private sealed class LoopbackUpstream : IAsyncDisposable
    {
        private readonly WebApplication app;

        private LoopbackUpstream(WebApplication app, Uri address)
        {
            this.app = app;
            Address = address;
        }

        public Uri Address { get; }

        public int Calls;

        public int InternalHits;

        public static async Task<LoopbackUpstream> StartAsync()
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            LoopbackUpstream? self = null;
            app.MapGet("/api/items/{id}", (string id) =>
            {
                Interlocked.Increment(ref self!.Calls);
                return Results.Json(new { id, name = "甲医院" }, new JsonSerializerOptions());
            });
            app.MapGet("/api/slow", async (HttpContext http) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(20), http.RequestAborted);
                return Results.Ok();
            });
            app.MapGet("/api/redirect", (HttpContext http) => Results.Redirect($"http://127.0.0.1:{http.Connection.LocalPort}/internal/secrets"));
            app.MapGet("/internal/secrets", () =>
            {
                Interlocked.Increment(ref self!.InternalHits);
                return Results.Text("internal data");
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self = new LoopbackUpstream(app, new Uri(address));
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
