using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

/// <summary>Who sees which metadata: the rules of issue 2, checked over HTTP against the demo catalog.</summary>
public sealed class VisibilityTests
{
    private static readonly List<Dataset> Demo = DemoCatalog.Build().Datasets;

    private static async Task<List<DatasetDto>> AllAsync(AgoraTestServer server, HttpClient client, string query = "")
    {
        var items = new List<DatasetDto>();
        string? cursor = null;
        do
        {
            var page = await server.GetAsync<Page<DatasetDto>>($"/api/v1/datasets?limit=200{query}" + (cursor is null ? "" : $"&cursor={cursor}"), client);
            items.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);
        return items;
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Anonymous_users_see_only_open_and_conditionally_open_datasets(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider);

        var seen = await AllAsync(server, server.Client);

        var expected = Demo.Where(d => d.Opening is OpeningAttribute.Open or OpeningAttribute.Conditional).Select(d => d.Identifier).Order();
        Assert.Equal(expected, seen.Select(d => d.Identifier).Order());
        Assert.DoesNotContain(seen, d => d.SecurityGrade != SecurityGrade.General);
        var page = await server.GetAsync<Page<DatasetDto>>("/api/v1/datasets?limit=5");
        Assert.Equal(expected.Count(), page.Total);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_list_item_carries_the_same_dataset_as_its_own_page(string provider)
    {
        // The list reads a projection from the store and the single dataset an entity: both must give one shape.
        await using var server = await AgoraTestServer.StartAsync(provider);
        var bureau = await server.ClientForAsync("bureau@agora.demo", TokenScope.Read);

        var listed = await AllAsync(server, bureau);

        Assert.Equal(Demo.Count, listed.Count);
        foreach (var item in listed.Where((_, i) => i % 7 == 0))
        {
            var single = await bureau.GetStringAsync($"/api/v1/datasets/{item.Id}", TestContext.Current.CancellationToken);
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Deserialize<DatasetDto>(single, CatalogJson.Options), CatalogJson.Options),
                System.Text.Json.JsonSerializer.Serialize(item, CatalogJson.Options));
        }
    }

    [Fact]
    public async Task Government_members_see_the_sharing_catalog_but_not_other_bodies_core_data()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var analyst = await server.ClientForAsync("analyst@shanghai-rsj.agora.demo", TokenScope.Read);

        var seen = await AllAsync(server, analyst);

        var shanghaiRsj = DemoCatalog.DeterministicGuid("org:shanghai-rsj");
        var expected = Demo.Where(d => d.SecurityGrade != SecurityGrade.Core || d.OrganizationId == shanghaiRsj).Select(d => d.Identifier).Order();
        Assert.Equal(expected, seen.Select(d => d.Identifier).Order());
        Assert.Contains(seen, d => d.Opening == OpeningAttribute.Closed);
    }

    [Fact]
    public async Task Core_data_is_seen_by_its_owner_and_the_bureau_only()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var core = Demo.First(d => d.SecurityGrade == SecurityGrade.Core && d.OrganizationId != DemoCatalog.DeterministicGuid("org:beijing-wjw"));
        var bureau = await server.ClientForAsync("bureau@agora.demo", TokenScope.Read);
        var other = await server.ClientForAsync("steward@beijing-wjw.agora.demo", TokenScope.Read);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await bureau.GetAsync($"/api/v1/datasets/{core.Identifier}")).StatusCode);
        var hidden = await Problem.ReadAsync(await other.GetAsync($"/api/v1/datasets/{core.Identifier}"), System.Net.HttpStatusCode.NotFound);
        Assert.Equal("urn:agora:problem:not-found", hidden.Type);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await server.Client.GetAsync($"/api/v1/datasets/{core.Identifier}")).StatusCode);
        Assert.Equal(Demo.Count, (await AllAsync(server, bureau)).Count);
    }

    [Fact]
    public async Task Every_sort_order_pages_through_all_items_once()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var bureau = await server.ClientForAsync("bureau@agora.demo", TokenScope.Read);

        foreach (var sort in new[] { "-modified", "modified", "title", "identifier" })
        {
            var seen = new List<string>();
            string? cursor = null;
            do
            {
                var page = await server.GetAsync<Page<DatasetDto>>($"/api/v1/datasets?limit=17&sort={sort}" + (cursor is null ? "" : $"&cursor={cursor}"), bureau);
                seen.AddRange(page.Items.Select(d => d.Identifier));
                cursor = page.Next;
            }
            while (cursor is not null);

            Assert.Equal(Demo.Count, seen.Count);
            Assert.Equal(Demo.Count, seen.Distinct().Count());
        }
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Pages_walk_datasets_that_share_a_modified_instant_and_a_title_in_order(string provider)
    {
        // A bulk import stamps every dataset with one instant, and titles repeat: the cursor then sits inside a run of
        // ties, and each page must go on from the dataset after it, neither skipping nor repeating one.
        await using var server = await AgoraTestServer.StartAsync(provider);
        var lines = string.Join('\n', Enumerable.Range(0, 40).Select(i =>
            $$"""{"identifier":"tie-{{i:D2}}","title":{"zh":"同名数据{{i % 3}}"},"organization":"stats","themes":["macroEconomy"],"license":"CC0-1.0","sharing":"unconditional","opening":"{{(i % 4 == 0 ? "closed" : "open")}}","securityGrade":"general"}"""));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var imported = await scope.ServiceProvider.GetRequiredService<Agora.Catalog.Import.DatasetImporter>()
                .ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines)), "test", null, CancellationToken.None);
            Assert.Empty(imported.Errors);
        }

        var bureau = await server.ClientForAsync("bureau@agora.demo", TokenScope.Read);
        foreach (var (client, visible) in new[] { (bureau, 40), (server.Client, 30) })
        {
            foreach (var sort in new[] { "-modified", "modified", "title", "identifier" })
            {
                var seen = new List<DatasetDto>();
                int? total = null;
                string? cursor = null;
                do
                {
                    var page = await server.GetAsync<Page<DatasetDto>>($"/api/v1/datasets?limit=7&sort={sort}" + (cursor is null ? "" : $"&cursor={cursor}"), client);
                    total ??= page.Total;
                    Assert.Equal(total, page.Total);
                    seen.AddRange(page.Items);
                    cursor = page.Next;
                }
                while (cursor is not null);

                Assert.Equal(total, seen.Count);
                Assert.Equal(seen.Count, seen.Select(d => d.Identifier).Distinct().Count());
                var ties = seen.Where(d => d.Identifier.StartsWith("tie-", StringComparison.Ordinal)).ToList();
                Assert.Equal(visible, ties.Count);
                Assert.Single(ties.Select(d => d.Modified).Distinct());
                var expected = sort switch
                {
                    "-modified" => ties.OrderByDescending(d => d.Identifier, StringComparer.Ordinal),
                    "title" => ties.OrderBy(d => d.Title.Zh, StringComparer.Ordinal).ThenBy(d => d.Identifier, StringComparer.Ordinal),
                    _ => ties.OrderBy(d => d.Identifier, StringComparer.Ordinal),
                };
                Assert.Equal(expected.Select(d => d.Identifier), ties.Select(d => d.Identifier));
            }
        }
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_a_forged_cursor_is_refused()
    {
        await using var server = await AgoraTestServer.StartAsync();

        var healthcare = await AllAsync(server, server.Client, "&theme=healthcare&opening=open");

        Assert.NotEmpty(healthcare);
        Assert.All(healthcare, d => Assert.Contains("healthcare", d.Themes));
        Assert.All(healthcare, d => Assert.Equal(OpeningAttribute.Open, d.Opening));
        var problem = await Problem.ReadAsync(await server.Client.GetAsync("/api/v1/datasets?cursor=not-a-cursor"), System.Net.HttpStatusCode.BadRequest);
        Assert.Equal("cursor", problem.Field);
        var limit = await Problem.ReadAsync(await server.Client.GetAsync("/api/v1/datasets?limit=100000"), System.Net.HttpStatusCode.BadRequest);
        Assert.Equal("limit", limit.Field);
    }
}
