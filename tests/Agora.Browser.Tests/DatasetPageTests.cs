using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Agora.Browser.Tests;

public sealed class DatasetPageTests(PortalFixture portal)
{
    [Fact]
    public async Task A_reader_opens_a_dataset_from_the_results_and_reads_its_attributes_licence_and_api()
    {
        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync("/datasets?q=" + Uri.EscapeDataString("医疗机构基本信息"));
        await page.Locator(".hit h3 a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/datasets/[a-z0-9-]+$"));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("医疗机构基本信息");
        await Expect(page.Locator(".badges .badge")).ToHaveCountAsync(3);
        await Expect(page.Locator(".badges")).ToContainTextAsync("开放属性");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "数据项" })).ToBeVisibleAsync();
        await Expect(page.Locator("table").First).ToContainTextAsync("institution_name");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "许可协议与免责声明" })).ToBeVisibleAsync();
        await Expect(page.Locator("figure.code").First).ToContainTextAsync("curl -s");
        await Expect(page.Locator(".history li").First).ToContainTextAsync("创建");
        await PortalFixture.ScreenshotAsync(page, "dataset");

        await page.SetViewportSizeAsync(390, 844);
        await PortalFixture.ScreenshotAsync(page, "dataset-phone");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the dataset page scrolls sideways on a phone");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Organization_and_theme_pages_list_their_datasets()
    {
        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync("/organizations");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "国家级" })).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "organizations");
        await page.GetByRole(AriaRole.Link, new() { Name = "国家卫生健康委员会" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("国家卫生健康委员会");
        await Expect(page.Locator(".hits li").First).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "organization");

        await page.GotoAsync("/");
        await page.Locator(".tiles a[href='/themes/healthcare']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("医疗卫生");
        await Expect(page.Locator(".hits li").First).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "theme");
        Assert.Empty(errors);
    }
}
