using System.Text.Json;
using System.Text.RegularExpressions;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Agora.Browser.Tests;

public sealed class SharingTests(PortalFixture portal)
{
    private const string Steward = "steward@beijing-wjw.agora.demo";
    private const string Analyst = "analyst@shanghai-rsj.agora.demo";

    /// <summary>The steward registers a conditionally shared dataset through the API, with the session of the page.</summary>
    private static async Task<string> RegisterDatasetAsync(IBrowserContext steward)
    {
        var organization = await steward.APIRequest.GetAsync("/api/v1/organizations/beijing-wjw");
        Assert.True(organization.Ok, await organization.TextAsync());
        var organizationId = (await organization.JsonAsync())!.Value.GetProperty("id").GetGuid();
        var identifier = "browser-sharing-" + Guid.NewGuid().ToString("N")[..8];
        var input = new DatasetInput(identifier, new("浏览器测试医疗机构执业信息", "Licensed institutions (browser test)"), new("用于共享申请的浏览器测试。", null),
            organizationId, ["healthcare"], ["医疗机构"], "gov-sharing-1.0", new Contact("数据管理处", null, null), null, UpdateFrequency.Monthly, null, null,
            SharingAttribute.Conditional, "仅限履行法定职责使用", null, OpeningAttribute.Closed, null, SecurityGrade.General,
            [
                new("name", "机构名称", "text", null, FieldSensitivity.None),
                new("district", "所在区", "text", null, FieldSensitivity.None),
                new("beds", "床位数", "integer", null, FieldSensitivity.None),
                new("licence", "执业许可证号", "text", null, FieldSensitivity.None),
            ]);
        var created = await steward.APIRequest.PostAsync("/api/v1/datasets", new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            DataString = JsonSerializer.Serialize(input, CatalogJson.Options),
        });
        Assert.True(created.Status == 201, await created.TextAsync());
        return identifier;
    }

    [Fact]
    public async Task A_body_requests_a_dataset_the_provider_approves_it_and_the_grant_and_its_record_are_visible()
    {
        var (stewardContext, steward, stewardErrors) = await portal.NewPageAsync();
        var (analystContext, analyst, analystErrors) = await portal.NewPageAsync();
        var (bureauContext, bureau, bureauErrors) = await portal.NewPageAsync();
        await using var _ = stewardContext;
        await using var __ = analystContext;
        await using var ___ = bureauContext;
        await ConsoleTests.SignInAsync(steward, Steward);
        var identifier = await RegisterDatasetAsync(stewardContext);

        // The analyst of another body asks for three of the four fields, for a purpose and under a legal basis.
        await ConsoleTests.SignInAsync(analyst, Analyst);
        await analyst.GotoAsync($"/datasets/{identifier}");
        var access = analyst.Locator("#access");
        await Expect(access.GetByRole(AriaRole.Heading, new() { Name = "申请使用" })).ToBeVisibleAsync();
        await access.GetByLabel("用途").FillAsync("核对本市医疗机构床位，编制卫生资源规划");
        await access.GetByLabel("申请依据").FillAsync("《医疗机构管理条例》第六条");
        await access.GetByLabel("执业许可证号").UncheckAsync();
        await access.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await analyst.WaitForURLAsync(new Regex(@"/requests/[0-9a-f-]{36}\?done=submitted$"));
        await Expect(analyst.GetByRole(AriaRole.Status)).ToContainTextAsync("申请已提交");
        await Expect(analyst.Locator(".status-line")).ToContainTextAsync("待审核");

        // The provider finds it among the requests received, narrows it and approves it.
        await steward.GotoAsync("/requests");
        var row = steward.Locator("table.requests tbody tr").Filter(new() { HasText = "浏览器测试医疗机构执业信息" });
        await Expect(row).ToContainTextAsync("上海市人力资源和社会保障局");
        // No table is published yet, so the provider has ten working days rather than five, all of them left.
        await Expect(row).ToContainTextAsync("10 个工作日 · 剩余 10 个工作日");
        await PortalFixture.ScreenshotAsync(steward, "requests");
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        var approve = steward.Locator("form").Filter(new() { Has = steward.GetByRole(AriaRole.Button, new() { Name = "同意", Exact = true }) });
        await approve.GetByLabel("床位数").UncheckAsync();
        await approve.GetByLabel("每日行数上限").FillAsync("500");
        await approve.GetByRole(AriaRole.Button, new() { Name = "同意", Exact = true }).ClickAsync();
        await Expect(steward.GetByRole(AriaRole.Status)).ToContainTextAsync("已同意，授权已生成");
        await Expect(steward.Locator(".status-line")).ToContainTextAsync("已通过");
        await PortalFixture.ScreenshotAsync(steward, "request-approved");

        // The analyst sees the grant with its conditions, and the notice in the inbox.
        await analyst.GotoAsync("/grants");
        var grant = analyst.Locator("li.grant").Filter(new() { HasText = "浏览器测试医疗机构执业信息" });
        await Expect(grant).ToContainTextAsync("有效");
        await Expect(grant).ToContainTextAsync("district");
        await Expect(grant).Not.ToContainTextAsync("beds");
        await Expect(grant).ToContainTextAsync("上限 500");
        await Expect(analyst.Locator(".count-badge")).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(analyst, "grants");

        // The bureau finds the decision in the audit log and verifies the chain.
        await ConsoleTests.SignInAsync(bureau, "bureau@agora.demo");
        await bureau.GetByRole(AriaRole.Link, new() { Name = "审计日志" }).ClickAsync();
        await bureau.GetByLabel("操作", new() { Exact = true }).FillAsync("grant.approve");
        await bureau.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Expect(bureau.Locator("li.record").First).ToContainTextAsync("grant.approve");
        await Expect(bureau.Locator("li.record").First).ToContainTextAsync("核对本市医疗机构床位");
        await bureau.GetByRole(AriaRole.Button, new() { Name = "开始校验" }).ClickAsync();
        await Expect(bureau.Locator("#verification")).ToContainTextAsync("校验通过");
        await PortalFixture.ScreenshotAsync(bureau, "audit");
        await bureau.GotoAsync("/bureau");
        await Expect(bureau.Locator("table.figures-table")).ToContainTextAsync("北京市卫生健康委员会");
        await PortalFixture.ScreenshotAsync(bureau, "bureau");

        Assert.Empty(stewardErrors);
        Assert.Empty(analystErrors);
        Assert.Empty(bureauErrors);
    }

    [Fact]
    public async Task The_steward_registers_an_api_service_from_the_resources_page_and_a_private_upstream_is_refused_beside_its_field()
    {
        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await ConsoleTests.SignInAsync(page, Steward);
        var identifier = await RegisterDatasetAsync(context);

        await page.GotoAsync($"/console/datasets/{identifier}/resources");
        await page.GetByLabel("资源名称 (中文)").FillAsync("机构查询接口");
        await page.GetByLabel("类型", new() { Exact = true }).SelectOptionAsync("Api");
        await page.GetByLabel("格式", new() { Exact = true }).FillAsync("API");
        await page.GetByRole(AriaRole.Button, new() { Name = "新增资源" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "接口服务登记" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "接口服务: 机构查询接口" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("尚未登记接口服务");

        await page.GetByLabel("服务标识").FillAsync("institutions");
        await page.GetByLabel("上游基础地址").FillAsync("http://169.254.169.254/latest");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记接口服务" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#err-svc-upstreamUrl")).ToContainTextAsync("链路本地");
        await Expect(page.GetByLabel("上游基础地址")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("上游基础地址").FillAsync("https://93.184.215.14/api");
        await page.GetByLabel("开放的接口").FillAsync("GET /items/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记接口服务" }).ClickAsync();
        await Expect(page.Locator("p.notice[role=status]")).ToContainTextAsync("接口服务已登记");
        await Expect(page.Locator("main")).ToContainTextAsync("/gw/beijing-wjw/institutions/");
        await PortalFixture.ScreenshotAsync(page, "console-service");
        // The refused registration answers 400, which the browser logs; nothing else may go wrong.
        Assert.DoesNotContain(errors, e => !e.Contains("status of 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bureau_table_reads_on_a_phone_as_one_card_per_organization_without_scrolling_sideways()
    {
        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await ConsoleTests.SignInAsync(page, "bureau@agora.demo");
        await page.SetViewportSizeAsync(375, 812);
        await page.GotoAsync("/bureau");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "监管概览" })).ToBeVisibleAsync();
        await Expect(page.Locator("#bureau-caption")).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "bureau-phone");

        // Neither the page nor the table's own box scrolls sideways.
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"),
            "the bureau page scrolls sideways on a phone");
        Assert.False(await page.EvaluateAsync<bool>("() => { const b = document.querySelector('.table-scroll'); return b.scrollWidth > b.clientWidth + 1; }"),
            "the bureau table scrolls sideways on a phone");

        // Each figure reads beside the name of its column, and an organization's name heads its card.
        var row = page.Locator(".stacked-table tbody tr").First;
        var label = await row.Locator("td").Nth(1).EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.Equal("\"无条件共享\"", label);
        var (nameWidth, rowWidth) = (await row.Locator("th").BoundingBoxAsync(), await row.BoundingBoxAsync());
        Assert.InRange(nameWidth!.Width, rowWidth!.Width - 4, rowWidth.Width);

        // On a wide screen it is a table with its column headings again.
        await page.SetViewportSizeAsync(1280, 900);
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "共享属性", Exact = true })).ToBeVisibleAsync();
        Assert.Empty(errors);
    }
}
