using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Audit;
using Agora.Audit.Verification;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

/// <summary>The tables capability inside the real host: catalog rules decide who reads rows, and every read is audited.</summary>
public sealed class TablesHostTests
{
    private const string Steward = "steward@beijing-wjw.agora.demo";

    private static async Task<Guid> LoadTableAsync(AgoraTestServer server, HttpClient steward, string dataset) =>
        (await UploadTableAsync(steward, dataset)).Distribution;

    /// <summary>Adds a table distribution to the dataset, uploads a GBK file to it and waits for the job to succeed.</summary>
    internal static async Task<(Guid Distribution, string Job)> UploadTableAsync(HttpClient steward, string dataset)
    {
        var created = await steward.PostAsJsonAsync($"/api/v1/datasets/{dataset}/distributions",
            new DistributionInput(new("处罚信息表", null), DistributionKind.Table, "CSV", "text/csv", null, null, null, null), AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var distribution = (await created.Content.ReadFromJsonAsync<DistributionDto>(AgoraTestServer.Json))!;
        var file = Path.Combine(RepoPaths.SharedData, "cn-open-data", "bj_culture_enforcement_penalties.gbk.csv");
        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        var job = await TableJobs.WaitAsync(steward, await steward.PostAsync($"/api/v1/distributions/{distribution.Id}/data?fileName=penalties.csv", body));
        return (distribution.Id, job);
    }

    [Fact]
    public async Task An_uploaded_gbk_file_is_served_typed_to_the_public_and_every_read_is_audited()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        var distribution = await LoadTableAsync(server, steward, "beijing-wjw-medical-institutions");

        using var rows = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/v1/distributions/{distribution}/rows?$select=行政相对人名称,`罚款金额（万元）`&$order=`罚款金额（万元）` DESC&$limit=3"));
        var first = rows.RootElement.GetProperty("rows")[0];
        Assert.Contains("公司", first.ToString());
        var csv = await server.Client.GetStringAsync($"/api/v1/distributions/{distribution}/download?format=csv&$limit=5");
        Assert.StartsWith("\uFEFF唯一标识,行政相对人名称", csv);

        await using var scope = server.Services.CreateAsyncScope();
        var verification = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(null, CancellationToken.None);
        Assert.True(verification.Ok, verification.ToString());
        Assert.True(verification.Records >= 2);
        var bureau = await server.ClientForAsync("bureau@agora.demo", TokenScope.Read);
        var log = await bureau.GetStringAsync($"/api/v1/audit?datasetId={Catalog.Demo.DemoCatalog.DeterministicGuid("dataset:beijing-wjw-medical-institutions")}&limit=50");
        Assert.Contains(AuditActions.RowsRead, log);
        Assert.Contains(AuditActions.Download, log);
    }

    [Fact]
    public async Task Closed_data_serves_rows_to_its_owner_only()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        var distribution = await LoadTableAsync(server, steward, "beijing-wjw-infectious-disease");
        var otherAgency = await server.ClientForAsync("analyst@shanghai-rsj.agora.demo", TokenScope.Read);

        Assert.Equal(HttpStatusCode.OK, (await steward.GetAsync($"/api/v1/distributions/{distribution}/rows?$limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"/api/v1/distributions/{distribution}/rows?$limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAgency.GetAsync($"/api/v1/distributions/{distribution}/rows?$limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAgency.GetAsync($"/api/v1/distributions/{distribution}/download?format=csv")).StatusCode);
        var sql = await otherAgency.PostAsJsonAsync("/api/v1/sql", new { query = $"SELECT count(*) FROM \"{distribution}\"" });
        Assert.True(sql.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"SQL got {(int)sql.StatusCode}");
    }
}
