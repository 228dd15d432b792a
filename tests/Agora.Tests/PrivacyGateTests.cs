using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Import;
using Agora.Catalog.Model;
using Agora.Catalog.Privacy;
using Agora.Catalog.Storage;
using Agora.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

/// <summary>The privacy library wired into the catalog and the tables: scans, the publish gate, decisions and DP queries.</summary>
public sealed partial class PrivacyGateTests
{
    private const string Steward = "steward@beijing-wjw.agora.demo";
    private const string OtherAgency = "analyst@shanghai-rsj.agora.demo";
    private static readonly Guid BeijingHealth = DemoCatalog.DeterministicGuid("org:beijing-wjw");

    [Fact]
    public async Task An_identity_number_column_keeps_a_dataset_from_opening_until_it_is_masked_and_loaded_again()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        var input = await CreateDatasetAsync(steward, "vaccination-register", OpeningAttribute.Closed);
        var distribution = await AddTableAsync(steward, input.Identifier!);
        await UploadAsync(steward, distribution, Register(withIds: true));

        var scan = await ScanAsync(steward, "vaccination-register");
        var id = Finding(scan, "身份证号");
        Assert.Equal("residentId", id.GetProperty("type").GetString());
        Assert.Equal("directIdentifier", id.GetProperty("category").GetString());
        Assert.True(id.GetProperty("confidence").GetDouble() >= 0.9);
        Assert.NotEmpty(id.GetProperty("evidence").EnumerateArray());
        Assert.False(scan.GetProperty("verdict").GetProperty("passed").GetBoolean());
        Assert.Contains(scan.GetProperty("schema").EnumerateArray(), c => c.GetProperty("field").GetString() == "身份证号");

        var refused = await Problem.ReadAsync(await steward.PutAsJsonAsync("/api/v1/datasets/vaccination-register",
            input with { Opening = OpeningAttribute.Open }, AgoraTestServer.Json), HttpStatusCode.Conflict);
        Assert.Equal("urn:agora:problem:privacy-gate", refused.Type);
        Assert.Contains("身份证号", refused.Detail);
        Assert.Equal(OpeningAttribute.Closed, (await server.GetAsync<DatasetDto>("/api/v1/datasets/vaccination-register", steward)).Opening);

        // Masked at the source (first 6 and last 4 kept) and loaded as a new version: the gate rescans and lets it open.
        await UploadAsync(steward, distribution, Register(withIds: false));
        var opened = await steward.PutAsJsonAsync("/api/v1/datasets/vaccination-register", input with { Opening = OpeningAttribute.Open }, AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var view = await server.GetAsync<JsonElement>("/api/v1/datasets/vaccination-register/privacy", steward);
        Assert.True(view.GetProperty("verdict").GetProperty("passed").GetBoolean(), view.GetProperty("verdict").ToString());
        Assert.False(view.GetProperty("stale").GetBoolean());
        Assert.True(Finding(view, "身份证号").GetProperty("looksMasked").GetBoolean());
    }

    [Fact]
    public async Task A_field_tagged_as_a_direct_identifier_keeps_a_dataset_without_data_closed_through_the_api_and_bulk_import()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        var input = Input("tagged-register", OpeningAttribute.Open) with
        {
            Fields = [new FieldSpec("sfzh", "身份证号", "text", null, FieldSensitivity.DirectIdentifier), new FieldSpec("qx", "区县", "text", null, FieldSensitivity.None)],
        };
        var refused = await Problem.ReadAsync(await steward.PostAsJsonAsync("/api/v1/datasets", input, AgoraTestServer.Json), HttpStatusCode.Conflict);
        Assert.Equal("urn:agora:problem:privacy-gate", refused.Type);
        Assert.Contains("sfzh", refused.Detail);
        Assert.Contains("schema only", refused.Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await steward.GetAsync("/api/v1/datasets/tagged-register")).StatusCode);

        await using var scope = server.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<DatasetImporter>();
        var line = JsonSerializer.Serialize(input with { Identifier = "tagged-import" }, AgoraTestServer.Json);
        var clean = JsonSerializer.Serialize(Input("clean-import", OpeningAttribute.Open), AgoraTestServer.Json);
        var result = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(clean + "\n" + line + "\n")), "test", null, CancellationToken.None);
        Assert.Equal(0, result.Imported);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("sfzh", error.Message);
    }

    [Fact]
    public async Task Re_identification_risk_above_the_configured_threshold_is_refused_and_a_laxer_threshold_lets_it_open()
    {
        var unique = Table(["性别", "年龄", "民族", "就诊次数"], Enumerable.Range(0, 40).Select(i => new[] { i % 2 == 0 ? "男" : "女", (20 + i).ToString(CultureInfo.InvariantCulture), "汉族", "3" }));
        await using (var server = await AgoraTestServer.StartAsync())
        {
            var steward = await server.ClientForAsync(Steward);
            var input = await CreateDatasetAsync(steward, "visits-by-age", OpeningAttribute.Closed);
            await UploadAsync(steward, await AddTableAsync(steward, input.Identifier!), unique);
            var refused = await Problem.ReadAsync(await steward.PutAsJsonAsync("/api/v1/datasets/visits-by-age",
                input with { Opening = OpeningAttribute.Open }, AgoraTestServer.Json), HttpStatusCode.Conflict);
            Assert.Equal("urn:agora:problem:privacy-gate", refused.Type);
            Assert.Contains("prosecutor risk 1 > 0.2", refused.Detail);
        }

        await using (var lax = await AgoraTestServer.StartAsync(TestStore.Sqlite, true, "--Agora:Privacy:MaxProsecutorRisk=1"))
        {
            var steward = await lax.ClientForAsync(Steward);
            var input = await CreateDatasetAsync(steward, "visits-by-age", OpeningAttribute.Closed);
            await UploadAsync(steward, await AddTableAsync(steward, input.Identifier!), unique);
            var opened = await steward.PutAsJsonAsync("/api/v1/datasets/visits-by-age", input with { Opening = OpeningAttribute.Open }, AgoraTestServer.Json);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }
    }

    [Fact]
    public async Task The_stewards_decision_needs_reasons_to_override_and_is_kept_in_the_activity_history()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        var input = await CreateDatasetAsync(steward, "clinic-register", OpeningAttribute.Closed);
        await UploadAsync(steward, await AddTableAsync(steward, input.Identifier!), Register(withIds: true));
        Assert.Equal(HttpStatusCode.Conflict, (await steward.PutAsJsonAsync("/api/v1/datasets/clinic-register/privacy/decision",
            new { grade = "general", sharing = "conditional", opening = "closed" })).StatusCode);

        var scan = await ScanAsync(steward, "clinic-register");
        var suggestion = scan.GetProperty("suggestion");
        Assert.NotEmpty(suggestion.GetProperty("hits").EnumerateArray());
        Assert.All(suggestion.GetProperty("hits").EnumerateArray(), h => Assert.False(string.IsNullOrWhiteSpace(h.GetProperty("explanation").GetString())));

        var other = suggestion.GetProperty("grade").GetString() == "general" ? "important" : "general";
        var decision = new { grade = other, sharing = "conditional", opening = "closed", reasons = (string?)null };
        var missing = await Problem.ReadAsync(await steward.PutAsJsonAsync("/api/v1/datasets/clinic-register/privacy/decision", decision), HttpStatusCode.BadRequest);
        Assert.Equal("reasons", missing.Field);

        var outsider = await server.ClientForAsync(OtherAgency);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PutAsJsonAsync("/api/v1/datasets/clinic-register/privacy/decision",
            decision with { reasons = "我不是这里的人" })).StatusCode);

        var saved = await steward.PutAsJsonAsync("/api/v1/datasets/clinic-register/privacy/decision", decision with { reasons = "全市门诊登记，按本委数据分级目录定级" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var view = await server.GetAsync<JsonElement>("/api/v1/datasets/clinic-register/privacy", steward);
        Assert.Equal(other, view.GetProperty("decision").GetProperty("grade").GetString());
        Assert.True(view.GetProperty("decision").GetProperty("overrides").GetBoolean());
        Assert.Equal("全市门诊登记，按本委数据分级目录定级", view.GetProperty("decision").GetProperty("reasons").GetString());

        var activity = await server.GetAsync<JsonElement>("/api/v1/datasets/clinic-register/activity", steward);
        var latest = activity.GetProperty("items")[0];
        Assert.Equal("privacy.overridden", latest.GetProperty("action").GetString());
        Assert.Contains(latest.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "privacy.decision.reasons");
        Assert.Contains(activity.GetProperty("items").EnumerateArray(), a => a.GetProperty("action").GetString() == "privacy.scanned");
    }

    [Fact]
    public async Task Differentially_private_queries_spend_the_budget_and_are_refused_once_it_is_used_up()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        await CreateDatasetAsync(steward, "visit-counts", OpeningAttribute.Conditional, SharingAttribute.Conditional);
        var distribution = await AddTableAsync(steward, "visit-counts");
        await UploadAsync(steward, distribution, Visits());
        var analyst = await server.ClientForAsync(OtherAgency);

        // The rows stay closed to the other agency; noisy aggregates do not.
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/api/v1/distributions/{distribution}/rows?$limit=1")).StatusCode);
        var mean = await analyst.PostAsJsonAsync($"/api/v1/distributions/{distribution}/dp",
            new { query = "mean", column = "就诊次数", bounds = new[] { 0, 20 }, where = "区县 = '东城区'", epsilon = 0.4 });
        Assert.Equal(HttpStatusCode.OK, mean.StatusCode);
        var answer = await mean.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(answer.GetProperty("value").GetDecimal(), 0, 20);
        Assert.Equal(0.6m, answer.GetProperty("epsilonRemaining").GetDecimal());
        Assert.Contains("differential privacy", answer.GetProperty("guarantee").GetString());

        var histogram = await analyst.PostAsJsonAsync($"/api/v1/distributions/{distribution}/dp",
            new { query = "histogram", column = "区县", bins = new[] { "东城区", "西城区" }, epsilon = 0.5 });
        Assert.Equal(HttpStatusCode.OK, histogram.StatusCode);
        var bins = (await histogram.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value");
        Assert.True(bins.TryGetProperty("东城区", out _) && bins.TryGetProperty("(other)", out _));

        var refused = await Problem.ReadAsync(await analyst.PostAsJsonAsync($"/api/v1/distributions/{distribution}/dp",
            new { query = "count", epsilon = 0.2 }), HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:agora:problem:privacy-budget-exhausted", refused.Type);
        var budget = await server.GetAsync<JsonElement>($"/api/v1/distributions/{distribution}/dp/budget", analyst);
        Assert.Equal(0.9m, budget.GetProperty("spent").GetDecimal());
        Assert.Equal(0.1m, budget.GetProperty("remaining").GetDecimal());
        Assert.StartsWith("org:", budget.GetProperty("consumer").GetString());

        // The owner has a budget of its own, and bad input costs nothing.
        var bad = await Problem.ReadAsync(await steward.PostAsJsonAsync($"/api/v1/distributions/{distribution}/dp",
            new { query = "sum", column = "区县", bounds = new[] { 0, 1 }, epsilon = 0.1 }), HttpStatusCode.BadRequest);
        Assert.Equal("column", bad.Field);
        Assert.Equal(1.0m, (await server.GetAsync<JsonElement>($"/api/v1/distributions/{distribution}/dp/budget", steward)).GetProperty("remaining").GetDecimal());
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Concurrent_queries_never_spend_more_than_the_budget(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider);
        var steward = await server.ClientForAsync(Steward);
        await CreateDatasetAsync(steward, "visit-counts", OpeningAttribute.Conditional, SharingAttribute.Conditional);
        var distribution = await AddTableAsync(steward, "visit-counts");
        await UploadAsync(steward, distribution, Visits());
        var analyst = await server.ClientForAsync(OtherAgency);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            analyst.PostAsJsonAsync($"/api/v1/distributions/{distribution}/dp", new { query = "count", epsilon = 0.15 })));
        Assert.Equal(6, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        var budget = await server.GetAsync<JsonElement>($"/api/v1/distributions/{distribution}/dp/budget", analyst);
        Assert.Equal(0.9m, budget.GetProperty("spent").GetDecimal());

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        Assert.Equal(6, await db.PrivacyBudgetSpends.CountAsync());
    }

    [Fact]
    public async Task Every_open_demo_dataset_passes_the_gate()
    {
        await using var server = await AgoraTestServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<IPublishGate>();
        var open = await db.Datasets.AsNoTracking().Where(d => d.Opening == OpeningAttribute.Open).ToListAsync();
        Assert.NotEmpty(open);
        foreach (var dataset in open)
        {
            var result = await gate.CheckAsync(dataset, isNew: false, CancellationToken.None);
            Assert.True(result.Passed, $"{dataset.Identifier}: {result.Detail}");
        }
    }

    [Fact]
    public async Task The_steward_scans_and_decides_in_the_console_and_sees_the_verdict()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        await CreateDatasetAsync(steward, "console-register", OpeningAttribute.Closed);
        await UploadAsync(steward, await AddTableAsync(steward, "console-register"), Register(withIds: true));

        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var login = await browser.GetStringAsync("/account/login");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = CsrfField().Match(login).Groups[1].Value,
            ["email"] = Steward,
            ["password"] = DemoCatalog.DemoPassword,
        }))).StatusCode);

        var page = await browser.GetStringAsync("/console/datasets/console-register");
        Assert.Contains("隐私保护", page);
        Assert.Contains("尚未扫描", page);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/console/datasets/console-register?handler=Scan",
            new FormUrlEncodedContent(new Dictionary<string, string>()))).StatusCode);
        var scanned = await browser.PostAsync("/console/datasets/console-register?handler=Scan",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = CsrfField().Match(page).Groups[1].Value }));
        Assert.Equal(HttpStatusCode.Redirect, scanned.StatusCode);

        page = await browser.GetStringAsync(scanned.Headers.Location!.OriginalString);
        Assert.Contains("隐私评估已更新", page);
        Assert.Contains("未通过", page);
        Assert.Contains("身份证号", page);
        Assert.Contains("直接标识符", page);
        // The gate's basis, checks, evidence and schema notes come from the API in English; the Chinese reader reads them in Chinese,
        // the table's title kept as it is before a check.
        Assert.Contains("依据数据表数据（登记表 第 1 版，60 行）", page);
        Assert.Contains("登记表：“身份证号”含有未经处理的居民身份证号码（residentId），置信度", page);
        Assert.Contains("60 个非空值中有 100.0% 为校验位、省份和出生日期均符合 GB 11643 的居民身份证号码", page);
        Assert.Contains("最高检察官攻击风险", page);
        Assert.Contains("含有居民身份证号码（residentId），但表结构未作标注：请标注为直接标识符", page);
        Assert.DoesNotContain("non-empty values are", page);
        Assert.DoesNotContain("Highest prosecutor risk", page);
        var english = await browser.GetStringAsync("/console/datasets/console-register?lang=en");
        Assert.Contains("table data (登记表 version 1, 60 rows)", english);
        Assert.Contains("100.0% of 60 non-empty values are resident ID numbers with a valid GB 11643 check character, province and birth date", english);
        Assert.Contains("Highest prosecutor risk", english);
        Assert.DoesNotContain("检察官攻击风险", english);

        var decision = new Dictionary<string, string>
        {
            ["__csrf"] = CsrfField().Match(page).Groups[1].Value,
            ["grade"] = "Core",
            ["sharing"] = "NotShared",
            ["opening"] = "Closed",
        };
        var refused = await browser.PostAsync("/console/datasets/console-register?handler=Decision", new FormUrlEncodedContent(decision));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("reasons", await refused.Content.ReadAsStringAsync());

        decision["reasons"] = "含全市接种人员身份信息，按核心数据管理";
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/console/datasets/console-register?handler=Decision", new FormUrlEncodedContent(decision))).StatusCode);
        var view = await server.GetAsync<JsonElement>("/api/v1/datasets/console-register/privacy", steward);
        Assert.Equal("core", view.GetProperty("decision").GetProperty("grade").GetString());
        Assert.Contains("含全市接种人员身份信息", await browser.GetStringAsync("/console/datasets/console-register"));
    }

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    private static JsonElement Finding(JsonElement view, string column) =>
        view.GetProperty("tables")[0].GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("column").GetString() == column);

    private static DatasetInput Input(string identifier, OpeningAttribute opening, SharingAttribute sharing = SharingAttribute.Conditional) =>
        new(identifier, new("门诊登记 " + identifier, null), new("测试数据。", null), BeijingHealth,
            ["healthcare"], ["门诊"], "CC-BY-4.0", null, null, UpdateFrequency.Monthly, null, null, sharing,
            sharing == SharingAttribute.Conditional ? "仅用于卫生统计" : null, null, opening,
            opening == OpeningAttribute.Conditional ? "仅用于研究" : null, SecurityGrade.General, []);

    private static async Task<DatasetInput> CreateDatasetAsync(HttpClient steward, string identifier, OpeningAttribute opening, SharingAttribute sharing = SharingAttribute.Conditional)
    {
        var input = Input(identifier, opening, sharing);
        var created = await steward.PostAsJsonAsync("/api/v1/datasets", input, AgoraTestServer.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return input;
    }

    private static async Task<Guid> AddTableAsync(HttpClient steward, string dataset)
    {
        var created = await steward.PostAsJsonAsync($"/api/v1/datasets/{dataset}/distributions",
            new DistributionInput(new("登记表", null), DistributionKind.Table, "CSV", "text/csv", null, null, null, null), AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<DistributionDto>(AgoraTestServer.Json))!.Id;
    }

    private static async Task UploadAsync(HttpClient steward, Guid distribution, string csv)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        await TableJobs.WaitAsync(steward, await steward.PostAsync($"/api/v1/distributions/{distribution}/data?fileName=data.csv", body));
    }

    private static async Task<JsonElement> ScanAsync(HttpClient steward, string dataset)
    {
        var response = await steward.PostAsync($"/api/v1/datasets/{dataset}/privacy/scan", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>60 people in classes of 10 on (sex, district); identity numbers real or masked to 6 + 4.</summary>
    private static string Register(bool withIds)
    {
        var districts = new[] { "东城区", "西城区", "朝阳区" };
        return Table(["身份证号", "性别", "区县", "接种剂次"], Enumerable.Range(0, 60).Select(i =>
        {
            var id = ResidentId("110101", new DateOnly(1950, 1, 1).AddDays(i * 331), i);
            return new[] { withIds ? id : id[..6] + "********" + id[^4..], i % 2 == 0 ? "男" : "女", districts[i % 3], (1 + (i % 3)).ToString(CultureInfo.InvariantCulture) };
        }));
    }

    private static string Visits() =>
        Table(["区县", "就诊次数"], Enumerable.Range(0, 200).Select(i => new[] { i % 3 == 0 ? "东城区" : i % 3 == 1 ? "西城区" : "海淀区", (i % 15).ToString(CultureInfo.InvariantCulture) }));

    private static string Table(string[] header, IEnumerable<string[]> rows) =>
        string.Join(",", header) + "\n" + string.Concat(rows.Select(r => string.Join(",", r) + "\n"));

    /// <summary>A GB 11643 number with a valid ISO 7064 MOD 11-2 check character.</summary>
    private static string ResidentId(string region, DateOnly birth, int sequence)
    {
        var body = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (100 + (sequence % 900)).ToString(CultureInfo.InvariantCulture);
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
