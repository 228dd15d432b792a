using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Search;
using Agora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

/// <summary>The search API over HTTP: the catalog's visibility applied inside the index, and the index following the catalog.</summary>
public sealed class SearchApiTests
{
    private static readonly List<Dataset> Demo = DemoCatalog.Build().Datasets;

    /// <summary>The demo is loaded without telling observers, so the host rebuilds the index in the background.</summary>
    internal static async Task<AgoraTestServer> StartIndexedAsync(string provider = TestStore.Sqlite)
    {
        var server = await AgoraTestServer.StartAsync(provider);
        var index = server.Services.GetRequiredService<ISearchIndex>();
        for (var i = 0; i < 600 && (index.NeedsRebuild || index.Count < DemoCatalog.TargetDatasets); i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(DemoCatalog.TargetDatasets, index.Count);
        return server;
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/search?" + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<int> EventuallyAsync(HttpClient client, string query, int expected)
    {
        var total = -1;
        for (var i = 0; i < 100 && total != expected; i++)
        {
            total = (await SearchAsync(client, query)).GetProperty("total").GetInt32();
            if (total != expected)
            {
                await Task.Delay(50);
            }
        }

        return total;
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Totals_facets_and_suggestions_never_reveal_a_dataset_the_caller_may_not_see(string provider)
    {
        await using var server = await StartIndexedAsync(provider);
        var core = Demo.First(d => d.SecurityGrade == SecurityGrade.Core);
        var publicCount = Demo.Count(d => d.Opening is OpeningAttribute.Open or OpeningAttribute.Conditional);

        var anonymous = await SearchAsync(server.Client, "limit=1&facet=all");
        Assert.Equal(publicCount, anonymous.GetProperty("total").GetInt32());
        var opening = anonymous.GetProperty("facets").GetProperty("opening").EnumerateArray().ToList();
        Assert.Equal(publicCount, opening.Sum(v => v.GetProperty("count").GetInt32()));
        Assert.DoesNotContain(opening, v => v.GetProperty("value").GetString() == "closed");
        Assert.False(anonymous.GetProperty("facets").TryGetProperty("securityGrade", out _));
        Assert.Equal(0, (await SearchAsync(server.Client, "q=" + Uri.EscapeDataString(core.TitleZh) + "&limit=100")).GetProperty("items")
            .EnumerateArray().Count(h => h.GetProperty("identifier").GetString() == core.Identifier));
        var suggestions = await server.Client.GetStringAsync("/api/v1/search/suggest?q=" + Uri.EscapeDataString(core.TitleZh[..4]));
        Assert.DoesNotContain(core.Id.ToString(), suggestions);

        var refused = await server.Client.GetAsync("/api/v1/search?filter=securityGrade:core");
        var problem = await Problem.ReadAsync(refused, HttpStatusCode.BadRequest);
        Assert.Equal("urn:agora:problem:filter-not-allowed", problem.Type);
        Assert.Equal("filter.securityGrade", problem.Field);

        // A member of another body sees the sharing catalog but not this body's core data; the bureau sees it all.
        var owner = DemoCatalog.Accounts.Single(a => a.Email == "steward@beijing-wjw.agora.demo");
        var member = await server.ClientForAsync("analyst@shanghai-rsj.agora.demo", Catalog.Model.TokenScope.Read);
        var government = await SearchAsync(member, "limit=1&facet=securityGrade");
        var memberOrg = DemoCatalog.Build().Organizations.Single(o => o.Slug == "shanghai-rsj").Id;
        Assert.Equal(Demo.Count(d => d.SecurityGrade != SecurityGrade.Core || d.OrganizationId == memberOrg), government.GetProperty("total").GetInt32());
        var bureau = await server.ClientForAsync("bureau@agora.demo", Catalog.Model.TokenScope.Read);
        Assert.Equal(Demo.Count, (await SearchAsync(bureau, "limit=1")).GetProperty("total").GetInt32());
        var cores = await SearchAsync(bureau, "filter=securityGrade:core&limit=100");
        Assert.Equal(Demo.Count(d => d.SecurityGrade == SecurityGrade.Core), cores.GetProperty("total").GetInt32());
        Assert.NotNull(owner.Org);
    }

    [Fact]
    public async Task The_index_follows_every_catalog_change_within_a_second()
    {
        await using var server = await StartIndexedAsync();
        var editor = await server.ClientForAsync("editor@zhejiang-dsj.agora.demo");
        var org = DemoCatalog.Build().Organizations.Single(o => o.Slug == "zhejiang-dsj");
        var input = new DatasetInput("search-follow-1", new("钱塘江潮汐观测记录", "Qiantang tide observations"), new("每小时潮位。", null), org.Id,
            ["environment"], ["潮汐"], "CC-BY-4.0", null, null, UpdateFrequency.Daily, null, null, SharingAttribute.Unconditional, null, null,
            OpeningAttribute.Open, null, SecurityGrade.General, [new FieldSpec("tide_level", "潮位", "decimal", null, FieldSensitivity.None)]);
        (await editor.PostAsJsonAsync("/api/v1/datasets", input, AgoraTestServer.Json)).EnsureSuccessStatusCode();
        Assert.Equal(1, await EventuallyAsync(server.Client, "q=" + Uri.EscapeDataString("潮汐观测"), 1));
        Assert.Equal(1, await EventuallyAsync(server.Client, "q=tide_level", 1));

        (await editor.PutAsJsonAsync("/api/v1/datasets/search-follow-1", input with { Title = new("钱塘江水温观测记录", null), Keywords = ["水温"] }, AgoraTestServer.Json)).EnsureSuccessStatusCode();
        Assert.Equal(1, await EventuallyAsync(server.Client, "q=" + Uri.EscapeDataString("水温"), 1));
        var hit = (await SearchAsync(server.Client, "q=" + Uri.EscapeDataString("水温"))).GetProperty("items")[0];
        Assert.Equal("钱塘江<mark>水温</mark>观测记录", hit.GetProperty("titleZhHtml").GetString());

        var created = await editor.PostAsJsonAsync("/api/v1/datasets/search-follow-1/distributions",
            new DistributionInput(new("潮位表", null), DistributionKind.Table, "parquet", null, null, null, null, null), AgoraTestServer.Json);
        created.EnsureSuccessStatusCode();
        Assert.Equal(1, await EventuallyAsync(server.Client, "q=" + Uri.EscapeDataString("水温") + "&filter=format:PARQUET", 1));

        (await editor.DeleteAsync("/api/v1/datasets/search-follow-1")).EnsureSuccessStatusCode();
        Assert.Equal(0, await EventuallyAsync(server.Client, "q=" + Uri.EscapeDataString("水温"), 0));
    }

    [Fact]
    public async Task Renaming_an_organization_renames_it_in_every_one_of_its_datasets()
    {
        await using var server = await StartIndexedAsync();
        var admin = await server.ClientForAsync("admin@agora.demo", Catalog.Model.TokenScope.Admin);
        var org = await server.GetAsync<OrganizationDto>("/api/v1/organizations/nhc");
        var input = new OrganizationInput(org.Slug, new("国家卫生健康委员会（新名称）", org.Name.En), org.Description, org.CreditCode, org.Level, org.RegionCode, org.ParentId, org.Contact, org.Homepage);
        (await admin.PutAsJsonAsync($"/api/v1/organizations/{org.Id}", input, AgoraTestServer.Json)).EnsureSuccessStatusCode();
        var expected = (await server.GetAsync<Page<DatasetDto>>($"/api/v1/datasets?organizationId={org.Id}&limit=1")).Total;
        Assert.True(expected > 0);
        var query = $"filter=organization:{org.Id:N}&limit=100";
        var renamed = 0;
        for (var i = 0; i < 100 && renamed != expected; i++)
        {
            renamed = (await SearchAsync(server.Client, query)).GetProperty("items").EnumerateArray()
                .Count(h => h.GetProperty("organizationNameZh").GetString() == "国家卫生健康委员会（新名称）");
            await Task.Delay(renamed == expected ? 0 : 50);
        }

        Assert.Equal(expected, renamed);
    }

    [Fact]
    public async Task Bad_search_requests_are_refused_with_the_parameter_named()
    {
        await using var server = await StartIndexedAsync();
        foreach (var (query, field) in new[] { ("sort=newest", "sort"), ("filter=theme", "filter"), ("limit=0", "limit"), ("facet=colour", "facet"), ("cursor=nonsense", "cursor") })
        {
            var problem = await Problem.ReadAsync(await server.Client.GetAsync("/api/v1/search?" + query), HttpStatusCode.BadRequest);
            Assert.StartsWith("urn:agora:problem:", problem.Type);
            Assert.StartsWith(field, problem.Field);
        }

        var page1 = await SearchAsync(server.Client, "limit=50&sort=title");
        var page2 = await SearchAsync(server.Client, "limit=50&sort=title&cursor=" + page1.GetProperty("next").GetString());
        Assert.Empty(page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())
            .Intersect(page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())));
    }

    [Fact]
    public async Task A_deleted_or_damaged_index_is_rebuilt_from_the_catalog_when_the_host_starts()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Sqlite);
        var folder = Path.Combine(store.DataDirectory, "search");
        await using (var first = await AgoraTestServer.StartOnAsync(store, demo: true))
        {
            await WaitForIndexAsync(first);
        }

        Directory.Delete(folder, recursive: true);
        await using (var second = await AgoraTestServer.StartOnAsync(store))
        {
            await WaitForIndexAsync(second);
            Assert.Equal(Demo.Count(d => d.Opening is OpeningAttribute.Open or OpeningAttribute.Conditional), (await SearchAsync(second.Client, "limit=1")).GetProperty("total").GetInt32());
        }

        foreach (var file in Directory.GetFiles(folder).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            await File.WriteAllBytesAsync(file, new byte[64]);
        }

        await using var third = await AgoraTestServer.StartOnAsync(store);
        await WaitForIndexAsync(third);
        Assert.Equal(DemoCatalog.TargetDatasets, (await SearchAsync(await third.ClientForAsync("bureau@agora.demo", Catalog.Model.TokenScope.Read), "limit=1")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_index_holding_datasets_the_store_does_not_is_kept_at_start_only_when_configured_to_be()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Sqlite);
        await using (var first = await AgoraTestServer.StartOnAsync(store, demo: true))
        {
            await WaitForIndexAsync(first);
            var index = first.Services.GetRequiredService<ISearchIndex>();
            var source = Agora.Search.Catalog.CatalogSearchServiceCollectionExtensions.DocumentSource(
                first.Services.GetRequiredService<Func<Agora.Catalog.Storage.CatalogDbContext>>());
            var copy = source.ReadAll(CancellationToken.None).First();
            index.Upsert(copy with { Id = Guid.NewGuid(), Identifier = copy.Identifier + "-elsewhere" });
            await index.RefreshAsync();
            index.Commit();
            Assert.Equal(DemoCatalog.TargetDatasets + 1, index.Count);
        }

        await using (var kept = await AgoraTestServer.StartOnAsync(store, configuration: ["--Agora:Search:RebuildWhenOutOfStep=false"]))
        {
            await StartupCheckAsync(kept);
            var index = kept.Services.GetRequiredService<ISearchIndex>();
            Assert.False(index.NeedsRebuild);
            Assert.Equal(DemoCatalog.TargetDatasets + 1, index.Count);
        }

        // By default the same index is out of step with the store and rebuilt from it.
        await using var rebuilt = await AgoraTestServer.StartOnAsync(store);
        await StartupCheckAsync(rebuilt);
        Assert.Equal(DemoCatalog.TargetDatasets, rebuilt.Services.GetRequiredService<ISearchIndex>().Count);
    }

    /// <summary>Waits for the host's start-up check of the index, and any rebuild it started, to finish.</summary>
    private static async Task StartupCheckAsync(AgoraTestServer server)
    {
        var check = server.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<Microsoft.Extensions.Hosting.BackgroundService>()
            .Single(s => s.GetType().Name == "SearchIndexStartup");
        await check.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static async Task WaitForIndexAsync(AgoraTestServer server)
    {
        var index = server.Services.GetRequiredService<ISearchIndex>();
        for (var i = 0; i < 600 && (index.NeedsRebuild || index.Count < DemoCatalog.TargetDatasets); i++)
        {
            await Task.Delay(50);
        }

        Assert.False(index.NeedsRebuild);
        Assert.Equal(DemoCatalog.TargetDatasets, index.Count);
    }

    [Fact]
    public async Task The_command_line_rebuilds_the_index_and_the_host_then_uses_it()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Sqlite);
        var (code, output, error) = await HostTests.RunAsync(store, "demo", "load");
        Assert.True(code == 0, error);
        (code, output, error) = await HostTests.RunAsync(store, "index", "rebuild");
        Assert.True(code == 0, error);
        Assert.Contains($"indexed {DemoCatalog.TargetDatasets} datasets", output);

        await using var server = await AgoraTestServer.StartOnAsync(store);
        var index = server.Services.GetRequiredService<ISearchIndex>();
        Assert.False(index.NeedsRebuild);
        Assert.Equal(DemoCatalog.TargetDatasets, index.Count);
    }
}
