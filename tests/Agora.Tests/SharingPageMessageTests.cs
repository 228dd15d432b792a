using System.Net;
using System.Net.Http.Json;
using Agora.Catalog.Api;
using Agora.Sharing.Api;

namespace Agora.Tests;

/// <summary>
/// The workflow's refusals in the reader's language: the API writes English, the portal shows Chinese by default and
/// the English the API wrote when the reader switches to English.
/// </summary>
public sealed partial class SharingPageTests
{
    /// <summary>Switches a signed-in browser to English, as the language link in the header does.</summary>
    private static async Task ToEnglishAsync(HttpClient browser)
    {
        var switched = await browser.GetAsync("/lang/en?returnUrl=/");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains("<html lang=\"en\">", await browser.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_refusal_without_a_reason_reads_in_Chinese_beside_the_field_and_in_English_after_the_switch()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var identifier = await CreateDatasetAsync(server);
        var consumer = await SignInAsync(server, Consumer);
        var id = await RequestThroughThePageAsync(consumer, identifier, "统计分析");

        var steward = await SignInAsync(server, Steward);
        var zh = await (await PostFormAsync(steward, $"/requests/{id}", $"/requests/{id}?handler=Refuse", [("reason", "")])).Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#refuse-reason\">理由</a>: <bdi>必填：驳回申请须说明理由</bdi>", zh);
        Assert.Contains("<p class=\"field-error\" id=\"err-refuse-reason\">必填：驳回申请须说明理由<br></p>", zh);
        Assert.DoesNotContain("a refusal must give its reason", zh);

        await ToEnglishAsync(steward);
        var refused = await PostFormAsync(steward, $"/requests/{id}", $"/requests/{id}?handler=Refuse", [("reason", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var en = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"field-error\" id=\"err-refuse-reason\">is required: a refusal must give its reason<br></p>", en);
        Assert.DoesNotContain("驳回申请须说明理由", en);
    }

    [Fact]
    public async Task A_requester_asking_for_a_dataset_their_organization_owns_reads_why_in_Chinese_or_in_English()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var identifier = await CreateDatasetAsync(server);
        var steward = await SignInAsync(server, Steward);
        (string, string)[] form =
        [
            ("purpose", "核对本单位数据"), ("legalBasis", "《医疗机构管理条例》第六条"), ("fields", "id"),
            ("periodTo", DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd")),
        ];

        // The page offers the owner no form (so no token either: the console's is as good); a post made anyway (a page
        // left open, a crafted form) hears the workflow.
        Assert.DoesNotContain($"action=\"/datasets/{identifier}/request\"", await steward.GetStringAsync($"/datasets/{identifier}"));
        var zh = await PostFormAsync(steward, "/console/datasets", $"/datasets/{identifier}/request", form);
        Assert.Equal(HttpStatusCode.BadRequest, zh.StatusCode);
        var zhHtml = await zh.Content.ReadAsStringAsync();
        Assert.Contains("数据集: <bdi>该数据集由本单位提供，无需申请</bdi>", zhHtml);
        Assert.DoesNotContain("needs no request", zhHtml);

        await ToEnglishAsync(steward);
        var en = await PostFormAsync(steward, "/console/datasets", $"/datasets/{identifier}/request", form);
        Assert.Equal(HttpStatusCode.BadRequest, en.StatusCode);
        Assert.Contains("Dataset: <bdi>your organization owns this dataset; it needs no request</bdi>", await en.Content.ReadAsStringAsync());

        // Nothing was requested.
        var api = await server.ClientForAsync(Steward);
        Assert.Equal(0, (await api.GetFromJsonAsync<Page<AccessRequestDto>>("/api/v1/requests", AgoraTestServer.Json))!.Total);
    }
}
