using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Agora.Browser.Tests;

public sealed class ConsoleTests(PortalFixture portal)
{
    private const string Editor = "editor@zhejiang-dsj.agora.demo";

    internal static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();
        await page.GetByLabel("电子邮箱").FillAsync(email);
        await page.GetByLabel("密码").FillAsync(Catalog.Demo.DemoCatalog.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "管理台" })).ToBeVisibleAsync();
    }

    /// <summary>Saves the console form and waits for where it leads; on a refusal, fails with what the page said.</summary>
    private static async Task SaveAsync(IPage page, string expectedUrl)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(new Regex(expectedUrl));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"saving did not lead to {expectedUrl} but to {page.Url}: {await page.Locator("main").InnerTextAsync()}");
        }
    }

    [Fact]
    public async Task An_editor_signs_in_and_registers_a_dataset_with_the_rules_checked_inline()
    {
        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await SignInAsync(page, Editor);
        await page.GetByRole(AriaRole.Link, new() { Name = "管理台" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "本单位数据集" })).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "console");
        await page.GetByRole(AriaRole.Link, new() { Name = "登记新数据集" }).ClickAsync();

        var identifier = "browser-test-" + Guid.NewGuid().ToString("N")[..8];
        await page.GetByLabel("资源代码").FillAsync(identifier);
        await page.GetByLabel("中文名称", new() { Exact = true }).FillAsync("浏览器测试水质监测点位");
        await page.GetByLabel("英文名称").FillAsync("Water quality stations (browser test)");
        await page.GetByLabel("中文摘要").FillAsync("用于浏览器测试的数据集。");
        await page.GetByLabel("生态环境").CheckAsync();
        await page.GetByLabel("关键词（用逗号分隔）").FillAsync("水质, 监测");
        // Core data that is open breaks a catalog rule: the page says so beside the field and keeps what was typed.
        await page.GetByLabel("数据分级").SelectOptionAsync("Core");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("[aria-invalid='true']").First).ToBeVisibleAsync();
        await Expect(page.Locator(".field-error").Filter(new() { HasText = "核心数据不出本单位" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("中文名称", new() { Exact = true })).ToHaveValueAsync("浏览器测试水质监测点位");
        await PortalFixture.ScreenshotAsync(page, "console-rule-error");

        await page.GetByLabel("数据分级").SelectOptionAsync("General");
        await page.GetByLabel("数据项（每行一个：字段名|中文名称|类型）").FillAsync("city|城市|text\npopulation|人口|integer");
        await SaveAsync(page, $"/console/datasets/{identifier}/resources$");

        // The index follows the catalog within a second.
        await portal.RefreshIndexAsync();
        await page.GotoAsync("/datasets?q=" + Uri.EscapeDataString("水质监测点位"));
        await Expect(page.Locator(".hit h3 a").Filter(new() { HasText = "浏览器测试水质监测点位" })).ToBeVisibleAsync();

        await page.GotoAsync($"/console/datasets/{identifier}/resources");
        await page.GetByLabel("资源名称 (中文)").FillAsync("人口表");
        await page.GetByLabel("格式").FillAsync("CSV");
        await page.GetByRole(AriaRole.Button, new() { Name = "新增资源" }).ClickAsync();
        await Expect(page.Locator("section.resource")).ToContainTextAsync("人口表");
        await PortalFixture.ScreenshotAsync(page, "console-resources");
        // The refused save answers 400, which the browser logs; nothing else may go wrong.
        Assert.DoesNotContain(errors, e => !e.Contains("status of 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_editor_uploads_a_gbk_csv_and_readers_page_sort_and_download_it()
    {
        if (!await portal.TablesApiPresentAsync())
        {
            // The preview, upload and download pages are built against the tables Data API; until the host maps it
            // (src/Agora.Tables, wired by the lead) this test has nothing to drive. The pages then say so cleanly,
            // which An_editor_without_the_tables_api_sees_a_clear_notice checks.
            Assert.Skip("the tables Data API (/api/v1/distributions/{id}/rows) is not mapped in this host yet");
        }

        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await SignInAsync(page, Editor);
        var identifier = "gbk-upload-" + Guid.NewGuid().ToString("N")[..8];
        await page.GotoAsync("/console/datasets");
        await page.GetByLabel("资源代码").FillAsync(identifier);
        await page.GetByLabel("中文名称", new() { Exact = true }).FillAsync("上传测试城市人口");
        await page.GetByLabel("人口基础信息").CheckAsync();
        await SaveAsync(page, "/resources$");
        await page.GetByLabel("资源名称 (中文)").FillAsync("城市人口");
        await page.GetByRole(AriaRole.Button, new() { Name = "新增资源" }).ClickAsync();

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var rows = new StringBuilder("城市,人口,region_code\n");
        var cities = new[]
        {
            ("北京", "110000"), ("上海", "310000"), ("广州", "440100"), ("深圳", "440300"), ("杭州", "330100"), ("贵阳", "520100"),
            ("福州", "350100"), ("南京", "320100"), ("成都", "510100"), ("武汉", "420100"), ("西安", "610100"), ("重庆", "500000"),
            ("天津", "120000"), ("苏州", "320500"), ("郑州", "410100"), ("长沙", "430100"), ("沈阳", "210100"), ("青岛", "370200"),
            ("宁波", "330200"), ("厦门", "350200"), ("昆明", "530100"), ("合肥", "340100"),
        };
        foreach (var ((city, region), i) in cities.Select((c, i) => (c, i)))
        {
            rows.Append(city).Append(',').Append(1000 + (i * 37)).Append(',').Append(region).Append('\n');
        }

        await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload
        {
            Name = "城市人口.csv",
            MimeType = "text/csv",
            Buffer = Encoding.GetEncoding("GBK").GetBytes(rows.ToString()),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/console/jobs/"));
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await PortalFixture.ScreenshotAsync(page, "console-job");

        await page.GotoAsync($"/datasets/{identifier}");
        var preview = page.Locator("#preview table");
        await Expect(preview).ToContainTextAsync("北京");
        await Expect(preview.Locator("tbody tr")).ToHaveCountAsync(20);
        await page.Locator("#preview").GetByRole(AriaRole.Link, new() { Name = "下一页 →" }).ClickAsync();
        await Expect(preview.Locator("tbody tr")).ToHaveCountAsync(2);
        await page.Locator("#preview th a").Nth(1).ClickAsync();
        await Expect(page.Locator("#preview th").Nth(1)).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(preview.Locator("tbody tr").First).ToContainTextAsync("北京");
        await page.Locator("#preview th a").Nth(1).ClickAsync();
        await Expect(page.Locator("#preview th").Nth(1)).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(preview.Locator("tbody tr").First).ToContainTextAsync("合肥");
        await page.Locator("#charts summary").ClickAsync();
        await Expect(page.Locator("#charts canvas").First).ToBeVisibleAsync();
        // Region codes are counted by province on the offline base map: Guangdong, Jiangsu, Zhejiang and Fujian have
        // two of the 22 cities each, so 18 provinces show.
        await page.Locator("#map summary").ClickAsync();
        await Expect(page.Locator("#map path.leaflet-interactive")).ToHaveCountAsync(18);
        await page.Locator("#map").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalFixture.ScreenshotFolder, "dataset-map.png") });
        await PortalFixture.ScreenshotAsync(page, "dataset-preview");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[data-format='csv']").First.ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("北京,1000,110000", csv);
        Assert.Contains("合肥," + (1000 + (21 * 37)) + ",340100", csv);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_table_without_data_says_so_on_every_page_instead_of_failing()
    {
        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await SignInAsync(page, Editor);
        var identifier = "no-data-" + Guid.NewGuid().ToString("N")[..8];
        await page.GotoAsync("/console/datasets");
        await page.GetByLabel("资源代码").FillAsync(identifier);
        await page.GetByLabel("中文名称", new() { Exact = true }).FillAsync("尚未上传数据的数据集");
        await page.GetByLabel("人口基础信息").CheckAsync();
        await SaveAsync(page, "/resources$");
        await page.GetByLabel("资源名称 (中文)").FillAsync("城市人口");
        await page.GetByRole(AriaRole.Button, new() { Name = "新增资源" }).ClickAsync();
        // Without the tables API in the host the pages say "not available" instead; either way nothing breaks.
        var notice = await portal.TablesApiPresentAsync() ? "尚未上传数据" : "数据表服务暂不可用";
        await Expect(page.Locator("section.resource .notice")).ToContainTextAsync(notice);

        await page.GotoAsync($"/datasets/{identifier}");
        await Expect(page.Locator("#preview")).ToContainTextAsync(notice);
        await page.Locator("#charts summary").ClickAsync();
        await Expect(page.Locator("#charts .chart-grid")).ToContainTextAsync(notice);
        await page.Locator("#map summary").ClickAsync();
        await Expect(page.Locator("#map .map-canvas")).ToContainTextAsync(notice);
        // The browser logs the API's 404 answers; nothing else may go wrong.
        Assert.DoesNotContain(errors, e => !e.Contains("404", StringComparison.Ordinal));
    }
}
