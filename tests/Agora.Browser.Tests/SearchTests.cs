using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Agora.Browser.Tests;

public sealed partial class SearchTests(PortalFixture portal)
{
    [GeneratedRegex(@"[\d,]+")]
    private static partial Regex Number();

    private static async Task<int> TotalAsync(IPage page) =>
        int.Parse(Number().Match(await page.Locator("#results-title").InnerTextAsync()).Value.Replace(",", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_reader_searches_in_chinese_with_suggestions_and_narrows_by_facets()
    {
        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "按主题浏览" })).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "home-zh");

        var box = page.GetByLabel("搜索数据集");
        await box.PressSequentiallyAsync("医");
        // htmx fills the search box's datalist while the reader types.
        await Expect(page.Locator("#q-suggestions option").First).ToBeAttachedAsync();
        await box.FillAsync("医疗机构");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex(@"/datasets\?q=%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84"));
        await Expect(page.Locator("#results-title")).ToContainTextAsync("共找到");
        var all = await TotalAsync(page);
        Assert.True(all > 0);
        await Expect(page.Locator(".hit mark").First).ToBeVisibleAsync();

        await page.Locator("a[data-facet='theme'][data-value='healthcare']").ClickAsync();
        // The facet swaps the results in place and pushes the URL: there is no load event to wait for, and
        // WaitForURL on a URL that already matches waits for one (it timed out once in CI), so poll the URL.
        await Expect(page).ToHaveURLAsync(new Regex("theme=healthcare"));
        await Expect(page.Locator("a[data-facet='theme'][data-value='healthcare']")).ToHaveAttributeAsync("aria-current", "true");
        var narrowed = await TotalAsync(page);
        Assert.InRange(narrowed, 1, all);

        await page.Locator("a[data-facet='level']").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("level="));
        await Expect(page.Locator("a[data-facet='level'][aria-current='true']")).ToHaveCountAsync(1);
        Assert.InRange(await TotalAsync(page), 1, narrowed);
        await PortalFixture.ScreenshotAsync(page, "search-zh");

        // The URL is the state: opened afresh, it shows the same results.
        var shared = page.Url;
        var (otherContext, other, _) = await portal.NewPageAsync();
        await using var __ = otherContext;
        await other.GotoAsync(shared);
        Assert.Equal(await TotalAsync(page), await TotalAsync(other));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_reader_switches_to_english_and_searches_in_english()
    {
        var (context, page, errors) = await portal.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync("/datasets");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Datasets", Exact = true })).ToBeVisibleAsync();

        await page.GetByLabel("Search datasets").FillAsync("hospitals");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#results-title")).ToContainTextAsync("datasets found");
        Assert.True(await TotalAsync(page) > 0);
        await Expect(page.Locator(".hit h3").First).ToContainTextAsync(new Regex("(?i)hospital|medical"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Last modified" }).ClickAsync();
        // With JavaScript the sort link swaps the results in place and pushes the URL: no new document, so waiting
        // for its load event can wait for ever. The URL is what this step checks, so poll it.
        await Expect(page).ToHaveURLAsync(new Regex("sort=modified"));
        await Expect(page.Locator("#results-title")).ToContainTextAsync("datasets found");
        await PortalFixture.ScreenshotAsync(page, "search-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Search_facets_and_paging_work_without_javascript()
    {
        var context = await portal.Browser.NewContextAsync(new() { BaseURL = portal.Address.ToString().TrimEnd('/'), JavaScriptEnabled = false });
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("搜索数据集").FillAsync("统计");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        var first = await TotalAsync(page);
        Assert.True(first > 0);
        await page.Locator("a[data-facet='opening']").First.ClickAsync();
        Assert.InRange(await TotalAsync(page), 1, first);

        await page.GotoAsync("/datasets");
        await page.GetByRole(AriaRole.Link, new() { Name = "下一页 →" }).ClickAsync();
        await Expect(page.Locator(".pager")).ToContainTextAsync("第 2 页");
    }
}
