using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Sharing.Api;
using Agora.Testing;

namespace Agora.Tests;

/// <summary>
/// The sharing exchange's pages over real HTTP, as a browser uses them: cookies, anti-forgery tokens, forms. Each
/// step goes through the pages and is checked through the API, so a page that only looks right cannot pass.
/// </summary>
public sealed partial class SharingPageTests
{
    private const string Steward = "steward@beijing-wjw.agora.demo";
    private const string Consumer = "analyst@shanghai-rsj.agora.demo";
    private const string Bureau = "bureau@agora.demo";
    private const string Hostile = "<script>alert('t')</script>\u202Egpj.exe";
    private static readonly Guid BeijingHealth = DemoCatalog.DeterministicGuid("org:beijing-wjw");

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    [GeneratedRegex(@"^/requests/([0-9a-f-]{36})\?done=submitted$")]
    private static partial Regex SubmittedLocation();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<code class=\"hash\">[0-9a-f]{64}</code>")]
    private static partial Regex Hash();

    private static async Task<HttpClient> SignInAsync(AgoraTestServer server, string email)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var login = await browser.GetStringAsync("/account/login");
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = CsrfField().Match(login).Groups[1].Value,
            ["email"] = email,
            ["password"] = DemoCatalog.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    /// <summary>Posts a form as the browser would: with the anti-forgery token of the page that shows it.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string action, IEnumerable<(string, string)> fields)
    {
        var html = await browser.GetStringAsync(page);
        var token = CsrfField().Match(html).Groups[1].Value;
        Assert.NotEmpty(token);
        return await browser.PostAsync(action, new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).Append(new("__csrf", token))));
    }

    [GeneratedRegex("name=\"agreementVersion\" value=\"([^\"]+)\"")]
    private static partial Regex AgreementVersion();

    private static async Task<string> CreateDatasetAsync(AgoraTestServer server, SharingAttribute sharing = SharingAttribute.Conditional,
        OpeningAttribute opening = OpeningAttribute.Closed)
    {
        var steward = await server.ClientForAsync(Steward);
        var identifier = "sharing-page-" + Guid.NewGuid().ToString("N")[..8];
        var input = CatalogWriteTests.NewDataset(identifier, BeijingHealth) with
        {
            Title = new("测试医疗机构名录" + identifier[^4..], "Test institutions"),
            Sharing = sharing,
            SharingConditions = sharing == SharingAttribute.Conditional ? "仅限履行职责使用" : null,
            Opening = opening,
            OpeningConditions = opening == OpeningAttribute.Conditional ? "仅用于科研或公益目的" : null,
            Fields =
            [
                new("id", "编号", "integer", null, FieldSensitivity.None),
                new("name", "机构名称", "text", null, FieldSensitivity.None),
                new("district", "所在区", "text", null, FieldSensitivity.None),
                new("idcard", "负责人身份证号", "text", null, FieldSensitivity.DirectIdentifier),
            ],
        };
        var created = await steward.PostAsJsonAsync("/api/v1/datasets", input, AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return identifier;
    }

    private static async Task<Guid> RequestThroughThePageAsync(HttpClient consumer, string identifier, string purpose)
    {
        var page = await consumer.GetStringAsync($"/datasets/{identifier}");
        Assert.Contains($"action=\"/datasets/{identifier}/request\"", page);
        Assert.Contains("value=\"idcard\"", page);
        var sent = await PostFormAsync(consumer, $"/datasets/{identifier}", $"/datasets/{identifier}/request",
        [
            ("purpose", purpose), ("legalBasis", "《医疗机构管理条例》第六条"),
            ("fields", "id"), ("fields", "name"), ("fields", "district"),
            ("rowScope", "district = '海淀区'"), ("periodTo", DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd")),
        ]);
        Assert.True(sent.StatusCode == HttpStatusCode.Redirect, $"{(int)sent.StatusCode}: {await sent.Content.ReadAsStringAsync()}");
        return Guid.Parse(SubmittedLocation().Match(sent.Headers.Location!.OriginalString).Groups[1].Value);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_consumer_requests_through_the_form_the_provider_approves_on_the_page_and_the_consumer_sees_the_grant(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider);
        var identifier = await CreateDatasetAsync(server);
        var consumer = await SignInAsync(server, Consumer);
        var id = await RequestThroughThePageAsync(consumer, identifier, "核对辖区医疗机构，编制区域卫生规划");

        var api = await server.ClientForAsync(Consumer);
        var request = (await api.GetFromJsonAsync<AccessRequestDto>($"/api/v1/requests/{id}", AgoraTestServer.Json))!;
        Assert.Equal(Sharing.Model.RequestState.Submitted, request.State);
        Assert.Equal(["id", "name", "district"], request.Fields);
        Assert.Equal("district = '海淀区'", request.RowScope);
        Assert.NotNull(request.Period.To);
        // The dataset page now says a request is waiting instead of offering a second one.
        Assert.Contains($"href=\"/requests/{id}\"", await consumer.GetStringAsync($"/datasets/{identifier}"));

        var steward = await SignInAsync(server, Steward);
        var english = await steward.GetStringAsync("/requests?lang=en");
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains(">Received</a>", english);
        Assert.Contains("Submitted", english);
        var received = await steward.GetStringAsync("/requests");
        Assert.Contains($"/requests/{id}", received);
        Assert.Contains("待审核", received);
        Assert.Contains("上海市人力资源和社会保障局", received);
        var approved = await PostFormAsync(steward, $"/requests/{id}", $"/requests/{id}?handler=Approve",
            [("fieldsShown", "true"), ("fields", "id"), ("fields", "name"), ("maxRowsPerDay", "100"), ("reason", "同意，仅限规划使用")]);
        Assert.True(approved.StatusCode == HttpStatusCode.Redirect, $"{(int)approved.StatusCode}: {await approved.Content.ReadAsStringAsync()}");
        Assert.Equal($"/requests/{id}?done=approved", approved.Headers.Location?.OriginalString);

        var grants = await api.GetFromJsonAsync<Page<GrantDto>>("/api/v1/grants?scope=held", AgoraTestServer.Json);
        var grant = Assert.Single(grants!.Items);
        Assert.Equal(["id", "name"], grant.AllowedFields);
        Assert.Equal(100, grant.Quota.MaxRowsPerDay);
        Assert.Equal("district = '海淀区'", grant.RowFilter);

        var held = await consumer.GetStringAsync("/grants");
        Assert.Contains("测试医疗机构名录", held);
        Assert.Contains("有效", held);
        Assert.Contains("<code class=\"tag\"><bdi>name</bdi></code>", held);
        Assert.DoesNotContain("<code class=\"tag\"><bdi>district</bdi></code>", held);
        Assert.Contains("class=\"count-badge\"", await consumer.GetStringAsync("/"));
        Assert.Contains("数据申请已通过", await consumer.GetStringAsync("/inbox"));

        // The bureau sees it in its overview; a member of a body does not see the overview at all.
        var bureau = await SignInAsync(server, Bureau);
        var overview = await bureau.GetAsync("/bureau");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("/organizations/beijing-wjw", await overview.Content.ReadAsStringAsync());
        var refused = await consumer.GetAsync("/bureau");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/denied", refused.Headers.Location?.PathAndQuery ?? refused.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_public_applies_after_accepting_the_agreement_and_unconditional_data_is_granted_at_once()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var admin = await server.ClientForAsync("admin@agora.demo", TokenScope.Admin);
        var user = await admin.PostAsJsonAsync("/api/v1/users", new UserInput("researcher@example.org", "研究者", DemoCatalog.DemoPassword, false, false, false), AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        var open = await CreateDatasetAsync(server, SharingAttribute.Conditional, OpeningAttribute.Conditional);
        var researcher = await SignInAsync(server, "researcher@example.org");

        var page = await researcher.GetStringAsync($"/datasets/{open}");
        Assert.Contains("数据使用协议（第 ", page);
        Assert.Contains("name=\"acceptAgreement\"", page);
        var version = AgreementVersion().Match(page).Groups[1].Value;
        Assert.StartsWith("default-", version);
        (string, string)[] application = [("purpose", "研究医疗资源的空间分布"), ("agreementVersion", version)];
        var unaccepted = await PostFormAsync(researcher, $"/datasets/{open}", $"/datasets/{open}/request", application);
        Assert.Equal(HttpStatusCode.BadRequest, unaccepted.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"err-agreement\">须先阅读并接受数据使用协议", await unaccepted.Content.ReadAsStringAsync());
        var api = await server.ClientForAsync("researcher@example.org");
        Assert.Equal(0, (await api.GetFromJsonAsync<Page<AccessRequestDto>>("/api/v1/requests", AgoraTestServer.Json))!.Total);

        var sent = await PostFormAsync(researcher, $"/datasets/{open}", $"/datasets/{open}/request", [.. application, ("acceptAgreement", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var id = Guid.Parse(SubmittedLocation().Match(sent.Headers.Location!.OriginalString).Groups[1].Value);
        var request = (await api.GetFromJsonAsync<AccessRequestDto>($"/api/v1/requests/{id}", AgoraTestServer.Json))!;
        Assert.Equal(Sharing.Model.RequestKind.Opening, request.Kind);
        Assert.Equal(version, request.Agreement?.Version);
        Assert.Contains(version, await researcher.GetStringAsync($"/requests/{id}"));

        // Shared without conditions: one form, granted at once, and still a request on record.
        var unconditional = await CreateDatasetAsync(server, SharingAttribute.Unconditional);
        var consumer = await SignInAsync(server, Consumer);
        var offer = await consumer.GetStringAsync($"/datasets/{unconditional}");
        Assert.Contains("立即获取（自动授权）", offer);
        Assert.DoesNotContain("name=\"rowScope\"", offer);
        var granted = await PostFormAsync(consumer, $"/datasets/{unconditional}", $"/datasets/{unconditional}/request",
            [("purpose", "核对机构名录"), ("legalBasis", "《政务数据共享条例》")]);
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        var grantedId = Guid.Parse(SubmittedLocation().Match(granted.Headers.Location!.OriginalString).Groups[1].Value);
        // The workflow's own note on the automatic grant reads in Chinese.
        Assert.Contains("无条件共享：已自动授权", await consumer.GetStringAsync($"/requests/{grantedId}"));
        var consumerApi = await server.ClientForAsync(Consumer);
        var approved = (await consumerApi.GetFromJsonAsync<AccessRequestDto>($"/api/v1/requests/{grantedId}", AgoraTestServer.Json))!;
        Assert.Equal(Sharing.Model.RequestState.Approved, approved.State);
        Assert.NotNull(approved.GrantId);
        Assert.Contains("您（或本单位）已获得该数据集的有效授权", await consumer.GetStringAsync($"/datasets/{unconditional}"));
    }

    [Fact]
    public async Task A_refusal_without_a_reason_shows_the_error_beside_the_field_and_changes_nothing()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var identifier = await CreateDatasetAsync(server);
        var consumer = await SignInAsync(server, Consumer);
        var id = await RequestThroughThePageAsync(consumer, identifier, "统计分析");

        var steward = await SignInAsync(server, Steward);
        var refused = await PostFormAsync(steward, $"/requests/{id}", $"/requests/{id}?handler=Refuse", [("reason", "  ")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#refuse-reason\">", html);
        Assert.Contains("<p class=\"field-error\" id=\"err-refuse-reason\">必填：驳回申请须说明理由", html);
        Assert.Contains("aria-invalid=\"true\"", html);

        var api = await server.ClientForAsync(Consumer);
        var request = (await api.GetFromJsonAsync<AccessRequestDto>($"/api/v1/requests/{id}", AgoraTestServer.Json))!;
        Assert.Equal(Sharing.Model.RequestState.Submitted, request.State);
        Assert.Null(request.Decided);
        Assert.Single(request.History!);

        // Without the anti-forgery token the same post is refused before it reaches the workflow.
        var forged = await steward.PostAsync($"/requests/{id}?handler=Refuse", new FormUrlEncodedContent([new("reason", "伪造的理由")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(Sharing.Model.RequestState.Submitted, (await api.GetFromJsonAsync<AccessRequestDto>($"/api/v1/requests/{id}", AgoraTestServer.Json))!.State);

        // With a reason it is refused, and the requester reads why.
        var done = await PostFormAsync(steward, $"/requests/{id}", $"/requests/{id}?handler=Refuse", [("reason", "超出职责范围")]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var page = await consumer.GetStringAsync($"/requests/{id}");
        Assert.Contains("未通过", page);
        Assert.Contains("超出职责范围", page);
    }

    [Fact]
    public async Task The_audit_page_is_refused_to_a_member_and_lists_and_verifies_the_chain_for_the_bureau()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var identifier = await CreateDatasetAsync(server);
        var consumer = await SignInAsync(server, Consumer);
        await RequestThroughThePageAsync(consumer, identifier, "审计页面测试");

        var anonymous = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address }.GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location?.OriginalString);
        var member = await consumer.GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, member.StatusCode);
        Assert.Contains("/account/denied", member.Headers.Location?.OriginalString);
        Assert.DoesNotContain("href=\"/audit\"", await consumer.GetStringAsync("/"));

        var bureau = await SignInAsync(server, Bureau);
        var html = await bureau.GetStringAsync("/audit");
        Assert.Contains("<code>request.create</code>", html);
        Assert.Contains("<code>login</code>", html);
        Assert.Contains("审计页面测试", html);
        Assert.Matches(Hash(), html);
        Assert.Contains("href=\"/audit\"", html);

        var filtered = await bureau.GetStringAsync($"/audit?action=request.create&dataset={identifier}&user={Uri.EscapeDataString(Consumer)}&outcome=ok");
        Assert.Contains("<code>request.create</code>", filtered);
        Assert.DoesNotContain("<code>login</code>", filtered);
        var none = await bureau.GetStringAsync("/audit?outcome=denied&action=request.create");
        Assert.DoesNotContain("<code>request.create</code>", none);
        var bad = await bureau.GetAsync("/audit?dataset=no-such-dataset");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("err-audit-dataset", await bad.Content.ReadAsStringAsync());

        var verified = await PostFormAsync(bureau, "/audit", "/audit?handler=Verify", []);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains("校验通过", await verified.Content.ReadAsStringAsync());

        // The owner's admin reads the records about its dataset, and has no verify button (that is the bureau's).
        var steward = await SignInAsync(server, Steward);
        var own = await steward.GetStringAsync($"/audit?dataset={identifier}");
        Assert.Contains("<code>request.create</code>", own);
        Assert.DoesNotContain("handler=Verify", own);
        var forbidden = await PostFormAsync(steward, "/inbox", "/audit?handler=Verify", []);
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_hostile_purpose_is_shown_as_text_on_every_page_that_shows_it()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var identifier = await CreateDatasetAsync(server);
        var consumer = await SignInAsync(server, Consumer);
        var id = await RequestThroughThePageAsync(consumer, identifier, "用途" + Hostile);
        var steward = await SignInAsync(server, Steward);
        var bureau = await SignInAsync(server, Bureau);

        foreach (var (browser, path) in new[] { (consumer, $"/requests/{id}"), (steward, $"/requests/{id}"), (steward, "/requests"), (bureau, "/audit") })
        {
            var html = await browser.GetStringAsync(path);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotMatch(InlineScript(), html);
            if (path != "/requests")
            {
                Assert.Contains("&lt;script&gt;", html);
                // The right-to-left override stays inside its own isolated run.
                Assert.Matches("<bdi>[^<]*\u202Egpj.exe</bdi>", html);
            }
        }
    }
}
