using System.Net;
using System.Text.RegularExpressions;

namespace Agora.Tests;

public sealed partial class WebLoginTests
{
    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    private static HttpClient Browser(AgoraTestServer server) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };

    private static async Task<string> CsrfAsync(HttpClient browser, string path)
    {
        var page = await browser.GetStringAsync(path);
        return CsrfField().Match(page).Groups[1].Value;
    }

    [Fact]
    public async Task A_user_signs_in_with_a_password_and_the_cookie_works_on_the_api()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var browser = Browser(server);
        var token = await CsrfAsync(browser, "/account/login");
        Assert.NotEmpty(token);

        var wrong = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token,
            ["email"] = "steward@beijing-wjw.agora.demo",
            ["password"] = "not-the-password",
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("邮箱或密码不正确", await wrong.Content.ReadAsStringAsync());

        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token,
            ["email"] = "Steward@Beijing-WJW.agora.demo",
            ["password"] = Catalog.Demo.DemoCatalog.DemoPassword,
            ["returnUrl"] = "https://evil.example/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        var me = await browser.GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("steward@beijing-wjw.agora.demo", await me.Content.ReadAsStringAsync());

        var logout = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = await CsrfAsync(browser, "/account/logout") }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/users/me")).StatusCode);

        // Each step is in the audit log, the failure with why (which the form did not say).
        var bureau = await server.ClientForAsync("bureau@agora.demo", Catalog.Model.TokenScope.Read);
        var log = await bureau.GetStringAsync("/api/v1/audit?limit=50");
        using var records = System.Text.Json.JsonDocument.Parse(log);
        var items = records.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, r => r.GetProperty("action").GetString() == "login" && r.GetProperty("outcome").GetString() == "denied"
            && r.GetProperty("details").GetProperty("detail").GetString() == "wrong password");
        Assert.Contains(items, r => r.GetProperty("action").GetString() == "login" && r.GetProperty("outcome").GetString() == "ok");
        Assert.Contains(items, r => r.GetProperty("action").GetString() == "logout");
        Assert.DoesNotContain("not-the-password", log);
    }

    [Fact]
    public async Task A_forged_login_post_without_the_anti_forgery_token_is_refused()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var browser = Browser(server);

        var forged = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "admin@agora.demo",
            ["password"] = Catalog.Demo.DemoCatalog.DemoPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task Pages_are_chinese_by_default_and_switch_to_english()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var browser = Browser(server);

        var home = await browser.GetStringAsync("/");
        Assert.Contains("<html lang=\"zh-CN\">", home);
        Assert.Contains("数据目录", home);

        var switched = await browser.GetAsync("/lang/en?returnUrl=%2F");
        Assert.Equal("/", switched.Headers.Location?.OriginalString);
        var english = await browser.GetStringAsync("/");
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Datasets", english);
        var offsite = await browser.GetAsync("/lang/en?returnUrl=%2F%2Fevil.example");
        Assert.Equal("/", offsite.Headers.Location?.OriginalString);
    }
}
