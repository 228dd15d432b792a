using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Sharing.Api;
using Agora.Testing;

namespace Agora.Tests;

/// <summary>
/// The console's API service and data use agreement pages and the request page's attachment upload, over real HTTP
/// as a browser uses them; each change is checked through the API, and each refusal is checked to change nothing.
/// </summary>
public sealed partial class SharingPageTests
{
    private const string Outsider = "steward@guizhou-dsjj.agora.demo";

    /// <summary>A public address given as a literal, so that the upstream check needs no DNS; nothing calls it.</summary>
    private const string PublicUpstream = "https://93.184.215.14/api";

    private const string OpenApiJson = """{"openapi":"3.0.3","info":{"title":"机构接口","version":"1"},"paths":{"/items/{id}":{"get":{}}}}""";

    /// <summary>Posts a multipart form with the anti-forgery token of the page that shows it (or without one).</summary>
    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient browser, string page, string action, IEnumerable<(string, string)> fields,
        (string Field, string Name, string? Type, byte[] Bytes)? file = null, bool token = true)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }

        if (token)
        {
            var html = await browser.GetStringAsync(page);
            var csrf = CsrfField().Match(html).Groups[1].Value;
            Assert.NotEmpty(csrf);
            form.Add(new StringContent(csrf), "__csrf");
        }

        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Bytes);
            if (f.Type is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", f.Type);
            }

            form.Add(content, f.Field, f.Name);
        }

        return await browser.PostAsync(action, form);
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        // A member of another body is sent to the "access denied" page (or told there is no such page); never served.
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.True(response.StatusCode == HttpStatusCode.NotFound || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/denied", StringComparison.Ordinal)),
            $"{(int)response.StatusCode} {location}");
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task An_editor_registers_updates_and_removes_an_api_service_on_its_page_and_refusals_change_nothing(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider);
        var identifier = await CreateDatasetAsync(server);
        var api = await server.ClientForAsync(Steward);
        var dataset = (await api.GetFromJsonAsync<DatasetDto>($"/api/v1/datasets/{identifier}", AgoraTestServer.Json))!;
        var distribution = await SharingHostTests.AddDistributionAsync(api, dataset.Id, DistributionKind.Api);
        var page = $"/console/datasets/{identifier}/services/{distribution}";
        var save = page + "?handler=Save";
        var service = $"/api/v1/distributions/{distribution}/service";

        var steward = await SignInAsync(server, Steward);
        Assert.Contains($"href=\"{page}\"", await steward.GetStringAsync($"/console/datasets/{identifier}/resources"));
        Assert.Contains("尚未登记接口服务", await steward.GetStringAsync(page));

        // Private, loopback and link-local upstreams are refused beside the field, and nothing is registered.
        foreach (var upstream in new[] { "http://169.254.169.254/latest/meta-data", "http://127.0.0.1:8080/", "https://10.1.2.3/api" })
        {
            var refused = await PostMultipartAsync(steward, page, save, [("slug", "institutions"), ("upstreamUrl", upstream)]);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("<a href=\"#svc-upstreamUrl\">上游基础地址</a>", html);
            Assert.Matches("<p class=\"field-error\" id=\"err-svc-upstreamUrl\">主机 [^<]* 解析为 [^<]*，属于内网、回环、链路本地或保留地址，不允许使用", html);
            Assert.Contains($"value=\"{upstream}\"", html);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(service)).StatusCode);
        }

        // A file that is not an OpenAPI description and a line that is not an endpoint are named, line by line.
        var bad = await PostMultipartAsync(steward, page, save,
            [("slug", "institutions"), ("upstreamUrl", PublicUpstream), ("endpoints", "GET /items\nFETCH /items/{id}")],
            ("openApiFile", "notes.json", "application/json", Encoding.UTF8.GetBytes("""{"hello":"world"}""")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"field-error\" id=\"err-svc-openApi\">不是 OpenAPI 描述", badHtml);
        Assert.Contains("<p class=\"field-error\" id=\"err-svc-endpoints\">第 2 行：方法须为 GET", badHtml);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(service)).StatusCode);

        var registered = await PostMultipartAsync(steward, page, save,
            [("slug", "institutions"), ("upstreamUrl", PublicUpstream), ("endpoints", "get /items/{id}\n\nGET /items"), ("ratePerSecond", "20")],
            ("openApiFile", "openapi.json", "application/json", Encoding.UTF8.GetBytes(OpenApiJson)));
        Assert.True(registered.StatusCode == HttpStatusCode.Redirect, $"{(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync()}");
        Assert.Equal(page + "?done=saved", registered.Headers.Location?.OriginalString);
        var dto = (await api.GetFromJsonAsync<ApiServiceDto>(service, AgoraTestServer.Json))!;
        Assert.Equal("institutions", dto.Slug);
        Assert.Equal(PublicUpstream, dto.UpstreamUrl);
        Assert.True(dto.HasOpenApi);
        Assert.Equal(20, dto.RatePerSecond);
        Assert.Equal(["GET /items/{id}", "GET /items"], dto.Endpoints.Select(e => $"{e.Method} {e.Path}"));
        var shown = await steward.GetStringAsync(page + "?done=saved");
        Assert.Contains("接口服务已登记", shown);
        Assert.Contains("<code><bdi>/gw/beijing-wjw/institutions/</bdi></code>", shown);
        Assert.Contains($"href=\"{service}/openapi\"", shown);
        Assert.Equal(OpenApiJson, await steward.GetStringAsync(service + "/openapi"));
        var english = await steward.GetStringAsync(page + "?lang=en");
        Assert.Contains("Gateway path", english);
        Assert.Contains("Update the registration", english);

        // A member of another body can neither open the page nor post to it; a post without the token is refused.
        var outsider = await SignInAsync(server, Outsider);
        AssertRefused(await outsider.GetAsync(page));
        AssertRefused(await PostMultipartAsync(outsider, "/inbox", save, [("slug", "institutions"), ("upstreamUrl", "https://93.184.215.99/")]));
        var forged = await PostMultipartAsync(steward, page, save, [("slug", "institutions"), ("upstreamUrl", "https://93.184.215.99/")], token: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(PublicUpstream, (await api.GetFromJsonAsync<ApiServiceDto>(service, AgoraTestServer.Json))!.UpstreamUrl);

        // Updating: the form comes filled in, and a pasted YAML description replaces the JSON one.
        var form = await steward.GetStringAsync(page);
        Assert.Contains("修改登记", form);
        Assert.Matches(@"GET /items/\{id\}(\n|&#xA;)GET /items</textarea>", form);
        const string yaml = "openapi: 3.1.0\ninfo:\n  title: 机构接口\n  version: '2'\npaths: {}";
        var updated = await PostMultipartAsync(steward, page, save,
            [("slug", "institutions"), ("upstreamUrl", "https://93.184.215.15/v2"), ("openApi", yaml), ("endpoints", ""), ("ratePerSecond", "")]);
        Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
        dto = (await api.GetFromJsonAsync<ApiServiceDto>(service, AgoraTestServer.Json))!;
        Assert.Equal("https://93.184.215.15/v2", dto.UpstreamUrl);
        Assert.Empty(dto.Endpoints);
        Assert.Null(dto.RatePerSecond);
        Assert.Equal(yaml, (await steward.GetStringAsync(service + "/openapi")).Replace("\r\n", "\n", StringComparison.Ordinal));

        // Removing asks first, then the gateway forgets the service.
        var confirm = await steward.GetStringAsync(page + "?remove=true");
        Assert.Contains("删除后网关立即停止转发", confirm);
        Assert.Contains($"action=\"{page}?handler=Remove\"", confirm);
        var removed = await PostFormAsync(steward, page + "?remove=true", page + "?handler=Remove", []);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(service)).StatusCode);
        Assert.Contains("接口服务已删除", await steward.GetStringAsync(page + "?done=removed"));
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task An_editor_publishes_agreement_versions_on_its_page_and_hostile_text_is_shown_as_text(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider);
        var identifier = await CreateDatasetAsync(server, SharingAttribute.Conditional, OpeningAttribute.Conditional);
        var page = $"/console/datasets/{identifier}/agreement";
        var versions = $"/api/v1/datasets/{identifier}/agreement/versions";
        var api = await server.ClientForAsync(Steward);

        var steward = await SignInAsync(server, Steward);
        Assert.Contains($"href=\"{page}\"", await steward.GetStringAsync($"/console/datasets/{identifier}"));
        Assert.Contains($"href=\"{page}\"", await steward.GetStringAsync($"/console/datasets/{identifier}/resources"));
        var first = await steward.GetStringAsync(page);
        Assert.Contains("尚未发布协议", first);
        Assert.Contains("仅用于科研或公益目的", first);
        Assert.Contains("尚无已发布的版本", first);

        var empty = await PostFormAsync(steward, page, page, [("text", "   ")]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#agreement-text\">协议文本</a>", emptyHtml);
        Assert.Contains("<p class=\"field-error\" id=\"err-agreement-text\">必填", emptyHtml);
        Assert.Empty((await api.GetFromJsonAsync<List<AgreementVersionDto>>(versions, AgoraTestServer.Json))!);

        var hostile = "第一版：仅限科研使用。" + Hostile;
        var published = await PostFormAsync(steward, page, page, [("text", hostile)]);
        Assert.True(published.StatusCode == HttpStatusCode.Redirect, $"{(int)published.StatusCode}: {await published.Content.ReadAsStringAsync()}");
        Assert.Equal(page + "?published=1", published.Headers.Location?.OriginalString);
        var second = await PostFormAsync(steward, page, page, [("text", "第二版：仅限科研和公益使用。")]);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var listed = (await api.GetFromJsonAsync<List<AgreementVersionDto>>(versions, AgoraTestServer.Json))!;
        Assert.Equal(["2", "1"], listed.Select(v => v.Version));
        Assert.Equal(hostile, listed[1].Text);
        Assert.Equal("2", (await api.GetFromJsonAsync<AgreementDto>($"/api/v1/datasets/{identifier}/agreement", AgoraTestServer.Json))!.Version);
        var html = await steward.GetStringAsync(page + "?published=2");
        Assert.Contains("已发布第 2 版", html);
        Assert.Contains("<summary>第 2 版</summary>", html);
        Assert.Contains("<summary>第 1 版</summary>", html);
        Assert.Contains($"<td><bdi>{Steward}</bdi></td>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.Matches("<bdi>[^<]*\u202Egpj.exe</bdi>", html);
        Assert.Contains("Version history", await steward.GetStringAsync(page + "?lang=en"));

        // Another body's editor, and a post without the token, change nothing.
        var outsider = await SignInAsync(server, Outsider);
        AssertRefused(await outsider.GetAsync(page));
        AssertRefused(await PostFormAsync(outsider, "/inbox", page, [("text", "外单位篡改的协议")]));
        var forged = await steward.PostAsync(page, new FormUrlEncodedContent([new("text", "伪造的协议")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(2, (await api.GetFromJsonAsync<List<AgreementVersionDto>>(versions, AgoraTestServer.Json))!.Count);

        // A dataset that is not conditionally open has no agreement, and its page says so without a form.
        var closed = await CreateDatasetAsync(server);
        var none = await steward.GetStringAsync($"/console/datasets/{closed}/agreement");
        Assert.Contains("没有数据使用协议", none);
        Assert.DoesNotContain("name=\"text\"", none);
        Assert.DoesNotContain("/agreement\"", await steward.GetStringAsync($"/console/datasets/{closed}/resources"));
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task The_requester_attaches_files_on_the_request_page_under_the_rules_of_the_api(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider, true, "--Agora:Sharing:AttachmentMaxBytes=2000");
        var identifier = await CreateDatasetAsync(server);
        var consumer = await SignInAsync(server, Consumer);
        var id = await RequestThroughThePageAsync(consumer, identifier, "附件上传测试");
        var page = $"/requests/{id}";
        var attach = page + "?handler=Attach";
        var api = await server.ClientForAsync(Consumer);
        async Task<IReadOnlyList<AttachmentDto>> AttachmentsAsync() =>
            (await api.GetFromJsonAsync<AccessRequestDto>($"/api/v1/requests/{id}", AgoraTestServer.Json))!.Attachments;

        var form = await consumer.GetStringAsync(page);
        Assert.Contains($"action=\"{attach}\"", form);
        Assert.Contains("enctype=\"multipart/form-data\"", form);
        Assert.Contains("每个文件不超过 2 KB，每份申请最多 20 个附件（已有 0 个）", form);

        var content = Encoding.UTF8.GetBytes("申请依据的批复文件 " + new string('x', 100));
        var sent = await PostMultipartAsync(consumer, page, attach, [], ("file", "<i>批复.txt", "text/plain; charset=utf-8", content));
        Assert.True(sent.StatusCode == HttpStatusCode.Redirect, $"{(int)sent.StatusCode}: {await sent.Content.ReadAsStringAsync()}");
        Assert.Equal($"{page}?done=attached", sent.Headers.Location?.OriginalString);
        var attachment = Assert.Single(await AttachmentsAsync());
        Assert.Equal("<i>批复.txt", attachment.Name);
        Assert.Equal(content.Length, attachment.Size);
        Assert.Equal("text/plain; charset=utf-8", attachment.MediaType);
        var shown = await consumer.GetStringAsync($"{page}?done=attached");
        Assert.Contains("附件已上传", shown);
        Assert.Contains($"href=\"{attachment.Href}\"", shown);
        Assert.Contains("&lt;i&gt;批复.txt", shown);
        Assert.DoesNotContain("<i>批复", shown);
        Assert.Equal(content, await consumer.GetByteArrayAsync(attachment.Href));

        // Too large, not a media type, no file, no token: each is refused and nothing is stored.
        var large = await PostMultipartAsync(consumer, page, attach, [], ("file", "big.bin", "application/octet-stream", new byte[5000]));
        Assert.Equal(HttpStatusCode.BadRequest, large.StatusCode);
        var largeHtml = await large.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#attach-file\">附件</a>", largeHtml);
        Assert.Contains("<p class=\"field-error\" id=\"err-attach-file\">单个附件最大 2000 字节", largeHtml);
        var typeless = await PostMultipartAsync(consumer, page, attach, [], ("file", "odd.txt", "not a media type", content));
        Assert.Equal(HttpStatusCode.BadRequest, typeless.StatusCode);
        Assert.Contains("id=\"err-attach-file\">不是有效的媒体类型", await typeless.Content.ReadAsStringAsync());
        var nothing = await PostMultipartAsync(consumer, page, attach, []);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("id=\"err-attach-file\">请选择要上传的文件", await nothing.Content.ReadAsStringAsync());
        var forged = await PostMultipartAsync(consumer, page, attach, [], ("file", "forged.txt", "text/plain", content), token: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Single(await AttachmentsAsync());
        var folder = Path.Combine(server.Store.DataDirectory, "sharing", "attachments", id.ToString("N"));
        Assert.Single(Directory.GetFiles(folder));

        // The provider sees the file but has no upload form, and a post of theirs is refused.
        var steward = await SignInAsync(server, Steward);
        var providerView = await steward.GetStringAsync(page);
        Assert.Contains($"href=\"{attachment.Href}\"", providerView);
        Assert.DoesNotContain("handler=Attach", providerView);
        AssertRefused(await PostMultipartAsync(steward, page, attach, [], ("file", "provider.txt", "text/plain", content)));
        Assert.Single(await AttachmentsAsync());

        // At most 20: the page says so and refuses the twenty-first.
        for (var i = 1; i < 20; i++)
        {
            var added = await api.PostAsync($"/api/v1/requests/{id}/attachments?name=file{i}.txt", new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var full = await consumer.GetStringAsync(page);
        Assert.Contains("附件已达上限", full);
        Assert.DoesNotContain("handler=Attach", full);
        var over = await PostMultipartAsync(consumer, "/inbox", attach, [], ("file", "21.txt", "text/plain", content));
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("一个申请最多附 20 个附件", await over.Content.ReadAsStringAsync());
        Assert.Equal(20, (await AttachmentsAsync()).Count);
    }
}
