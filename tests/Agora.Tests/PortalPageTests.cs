using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

/// <summary>The portal's pages over plain HTTP: encoding of hostile metadata, the content security policy, anti-forgery.</summary>
public sealed partial class PortalPageTests
{
    private const string Hostile = "<script>alert('t')</script>\u202Egpj.exe";

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    private static readonly string[] Pages = ["/", "/datasets", "/datasets?q=%E5%8C%BB%E9%99%A2&theme=healthcare&sort=modified", "/datasets/nhc-medical-institutions",
        "/organizations", "/organizations/nhc", "/themes", "/themes/healthcare", "/account/login"];

    [Fact]
    public async Task Every_page_answers_with_a_strict_policy_and_carries_no_inline_script()
    {
        await using var server = await SearchApiTests.StartIndexedAsync();
        foreach (var path in Pages)
        {
            var response = await server.Client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self';", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineHandler(), html);
            Assert.Contains("<main id=\"main\"", html);
            Assert.Contains("<html lang=\"zh-CN\">", html);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/datasets/no-such-dataset")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/themes/no-such-theme")).StatusCode);
    }

    [Fact]
    public async Task Hostile_metadata_is_shown_as_text_on_every_page()
    {
        await using var server = await SearchApiTests.StartIndexedAsync();
        var editor = await server.ClientForAsync("editor@zhejiang-dsj.agora.demo");
        var org = DemoCatalog.Build().Organizations.Single(o => o.Slug == "zhejiang-dsj");
        var input = new DatasetInput("hostile-1", new("恶意标题" + Hostile, "Hostile <b>title</b>"), new("<img src=x onerror=alert(1)> 说明", null), org.Id,
            ["environment"], ["javascript:alert(1)", "<svg onload=alert(1)>"], "CC-BY-4.0", new Contact("<i>x</i>", null, null), null, null, null, null,
            SharingAttribute.Unconditional, null, null, OpeningAttribute.Open, null, SecurityGrade.General,
            [new FieldSpec("<script>", "\"><script>alert(2)</script>", "text", null, FieldSensitivity.None)]);
        (await editor.PostAsJsonAsync("/api/v1/datasets", input, AgoraTestServer.Json)).EnsureSuccessStatusCode();
        var link = await editor.PostAsJsonAsync("/api/v1/datasets/hostile-1/distributions",
            new DistributionInput(new("文件", null), DistributionKind.File, "CSV", null, null, null, null, "javascript:alert(1)"), AgoraTestServer.Json);
        Assert.Equal("downloadUrl", (await Problem.ReadAsync(link, HttpStatusCode.BadRequest)).Field);
        await server.Services.GetRequiredService<ISearchIndex>().RefreshAsync();

        foreach (var path in new[] { "/datasets/hostile-1", "/datasets?q=" + Uri.EscapeDataString("恶意标题"), "/", "/organizations/zhejiang-dsj" })
        {
            var html = await server.Client.GetStringAsync(path);
            Assert.Contains("恶意标题", html);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("<svg onload", html);
            Assert.DoesNotContain("href=\"javascript:", html);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.Contains("&lt;script&gt;", html);
        }

        var page = await server.Client.GetStringAsync("/datasets/hostile-1");
        // The right-to-left override stays inside its own isolated run, so it cannot turn the text around it.
        Assert.Matches("<bdi>[^<]*\u202Egpj.exe</bdi>", page);
        var suggest = await server.Client.GetStringAsync("/datasets?handler=suggest&q=" + Uri.EscapeDataString("恶意"));
        Assert.DoesNotContain("<script>", suggest);
    }

    [Fact]
    public async Task A_broken_search_link_is_refused_in_the_readers_language()
    {
        await using var server = await SearchApiTests.StartIndexedAsync();
        foreach (var (path, chinese, english) in new[]
        {
            ("/datasets?q=x&cursor=not-a-cursor", "该翻页位置不属于本次搜索", "The cursor is not one this search returned"),
            ("/datasets?opening=ajar", "“ajar”不是以下之一：", "'ajar' is not one of"),
            ("/datasets?region=12ab", "“12ab”不是六位 GB/T 2260 行政区划代码", "'12ab' is not a six-digit GB/T 2260 code"),
        })
        {
            var response = await server.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(chinese, html);
            Assert.DoesNotContain(english, html);
            var inEnglish = await server.Client.GetAsync(path + "&lang=en");
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(english), await inEnglish.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_console_post_without_the_anti_forgery_token_changes_nothing()
    {
        await using var server = await SearchApiTests.StartIndexedAsync();
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var login = await browser.GetStringAsync("/account/login");
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = CsrfField().Match(login).Groups[1].Value,
            ["email"] = "editor@zhejiang-dsj.agora.demo",
            ["password"] = DemoCatalog.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var org = DemoCatalog.Build().Organizations.Single(o => o.Slug == "zhejiang-dsj");
        var form = new Dictionary<string, string>
        {
            ["Form.Identifier"] = "forged-1",
            ["Form.OrganizationId"] = org.Id.ToString(),
            ["Form.TitleZh"] = "伪造的数据集",
            ["Form.Themes"] = "environment",
            ["Form.License"] = "CC-BY-4.0",
            ["Form.Sharing"] = "Unconditional",
            ["Form.Opening"] = "Open",
            ["Form.SecurityGrade"] = "General",
        };

        var forged = await browser.PostAsync("/console/datasets", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/v1/datasets/forged-1")).StatusCode);

        // With the token from the form, the same post registers the dataset (through the API's rules).
        var page = await browser.GetStringAsync("/console/datasets");
        form["__csrf"] = CsrfField().Match(page).Groups[1].Value;
        var real = await browser.PostAsync("/console/datasets", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal("/console/datasets/forged-1/resources", real.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/datasets/forged-1")).StatusCode);

        // A rule broken in the form is refused by the same rule the API applies, and named at its field.
        page = await browser.GetStringAsync("/console/datasets");
        form["__csrf"] = CsrfField().Match(page).Groups[1].Value;
        form["Form.Identifier"] = "forged-2";
        form["Form.SecurityGrade"] = "Important";
        var refused = await browser.PostAsync("/console/datasets", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"err-Opening\">重要数据不向社会开放：开放属性须为不予开放", html);
    }

    [Fact]
    public async Task The_console_needs_a_signed_in_account()
    {
        await using var server = await SearchApiTests.StartIndexedAsync();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var response = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.AbsolutePath ?? response.Headers.Location?.OriginalString);
    }
}
