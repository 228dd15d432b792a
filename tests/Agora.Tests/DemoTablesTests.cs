using System.Net;
using System.Text.Json;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Testing;
using Agora.Wiring;

namespace Agora.Tests;

/// <summary>The demo's tables: generated files ingested through the upload path, readable as the catalog rules say.</summary>
public sealed class DemoTablesTests
{
    private const string Institutions = "beijing-wjw-medical-institutions";

    [Fact]
    public void At_least_twenty_demo_tables_are_readable_by_anyone_and_some_only_by_their_owner_or_a_grant()
    {
        var datasets = DemoCatalog.Build().Datasets.ToDictionary(d => d.Identifier);
        var withTables = DemoTables.Datasets.Select(i => datasets[i]).ToList();
        var open = withTables.Count(d => d.Opening == OpeningAttribute.Open && d.SecurityGrade == SecurityGrade.General
            && d.Fields.All(f => f.Sensitivity != FieldSensitivity.DirectIdentifier));
        Assert.True(open >= 20, $"only {open} demo tables are open to anonymous users");
        Assert.Contains(withTables, d => d.Opening != OpeningAttribute.Open && d.Sharing == SharingAttribute.Conditional);
        Assert.Contains(withTables, d => d.SecurityGrade == SecurityGrade.Important);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Demo_tables_are_ingested_and_an_anonymous_user_queries_and_downloads_one(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider);
        Assert.Equal(DemoTables.Count, await DemoTables.LoadAsync(server.Services, rowScale: 0.02));
        Assert.Equal(0, await DemoTables.LoadAsync(server.Services, rowScale: 0.02));
        var table = DemoTables.DistributionId(Institutions);

        // The file was GB18030 with a title row and a note row; the schema follows the dataset's fields.
        using var schema = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/v1/distributions/{table}/schema"));
        Assert.Equal("gb18030", schema.RootElement.GetProperty("source").GetProperty("encoding").GetString());
        var skipped = schema.RootElement.GetProperty("skippedRows").EnumerateArray().Select(r => r.GetProperty("reason").GetString()).ToList();
        Assert.Contains("title", skipped);
        Assert.Contains("note", skipped);
        var fields = DemoCatalog.Build().Datasets.Single(d => d.Identifier == Institutions).Fields;
        var columns = schema.RootElement.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(fields.Select(f => f.Name), columns.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("integer", columns.Single(c => c.GetProperty("name").GetString() == "beds").GetProperty("type").GetString());
        Assert.Equal("text", columns.Single(c => c.GetProperty("name").GetString() == "region_code").GetProperty("type").GetString());

        using var page = JsonDocument.Parse(await server.Client.GetStringAsync(
            $"/api/v1/distributions/{table}/rows?$where=region_code = '110108' AND beds >= 100&$order=beds DESC&$limit=50"));
        var rows = page.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.Equal("110108", r.GetProperty("region_code").GetString());
            Assert.True(r.GetProperty("beds").GetInt64() >= 100);
            Assert.Contains("北京市海淀区", r.GetProperty("address").GetString());
        });
        Assert.True(rows[0].GetProperty("beds").GetInt64() >= rows[^1].GetProperty("beds").GetInt64());
        var total = page.RootElement.GetProperty("totalCount").GetInt64();

        var csv = await server.Client.GetStringAsync($"/api/v1/distributions/{table}/download?format=csv&$where=region_code = '110108' AND beds >= 100");
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(string.Join(',', fields.Select(f => f.Name)), lines[0]);
        Assert.Equal(total, lines.Count - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",110108,", l));

        // An important dataset's table serves its owner only.
        var closed = DemoTables.DistributionId("beijing-wjw-infectious-disease");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"/api/v1/distributions/{closed}/rows?$limit=1")).StatusCode);
        var steward = await server.ClientForAsync("steward@beijing-wjw.agora.demo", TokenScope.Read);
        using var owned = JsonDocument.Parse(await steward.GetStringAsync($"/api/v1/distributions/{closed}/rows?$select=disease, sum(cases) AS total&$group=disease&$order=total DESC"));
        Assert.Equal("流行性感冒", owned.RootElement.GetProperty("rows")[0].GetProperty("disease").GetString());
    }
}
