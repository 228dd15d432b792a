using Agora.Hosting;
using Agora.Search;
using Agora.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Agora.Browser.Tests.PortalFixture))]

namespace Agora.Browser.Tests;

/// <summary>
/// One real Agora host (demo catalog, SQLite, loopback port) and one headless Debian Chromium for every test:
/// starting them once keeps the browser suite well under three minutes.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private WebApplication? app;
    private TestStore? store;
    private IPlaywright? playwright;

    public Uri Address { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// AGORA_BROWSER_TESTS_URL runs the suite against a host that is already running (a node with the demo catalog
    /// loaded) instead of starting one; the lead can point it at a full build with every capability wired.
    /// </summary>
    public static string? ExternalUrl => Environment.GetEnvironmentVariable("AGORA_BROWSER_TESTS_URL");

    /// <summary>Screenshots go under the repository's .test-output folder (git-ignored), where test.sh keeps results.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepoPaths.Root, ".test-output", "screenshots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        if (ExternalUrl is { } external)
        {
            Address = new Uri(external);
            return;
        }

        store = await TestStore.CreateAsync(TestStore.Sqlite);
        var settings = new AgoraSettings { DataDirectory = store.DataDirectory, Database = store.Database, Urls = "http://127.0.0.1:0" };
        app = AgoraHost.Build(settings, ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=None"]);
        await AgoraHost.PrepareAsync(app.Services, demo: true);
        await app.StartAsync();
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        // The demo catalog is loaded without telling observers; the host rebuilds the index in the background.
        var index = app.Services.GetRequiredService<ISearchIndex>();
        for (var i = 0; i < 600 && (index.NeedsRebuild || index.Count < Catalog.Demo.DemoCatalog.TargetDatasets); i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Makes the catalog's last writes visible to searches (the index does it by itself within a second).</summary>
    public async Task RefreshIndexAsync()
    {
        if (app is null)
        {
            await Task.Delay(1000);
            return;
        }

        await app.Services.GetRequiredService<ISearchIndex>().RefreshAsync();
    }

    /// <summary>A fresh browser context (its own cookies), Chinese unless told otherwise, with every page error recorded.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            AcceptDownloads = true,
        });
        // Generous: the suite shares two cores with whatever else the machine runs.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        // A CSP violation or a script error is a failure of the page, not just noise.
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (context, page, errors);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    /// <summary>Whether the tables Data API is mapped in this host (it is wired by the tables capability).</summary>
    public async Task<bool> TablesApiPresentAsync()
    {
        using var http = new HttpClient { BaseAddress = Address };
        var response = await http.GetAsync($"/api/v1/distributions/{Guid.NewGuid()}/schema");
        var body = await response.Content.ReadAsStringAsync();
        return !(response.StatusCode == System.Net.HttpStatusCode.NotFound && body.Contains("\"urn:agora:problem:not-found\"", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }
}
