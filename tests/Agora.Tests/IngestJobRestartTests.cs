using System.Text.Json;
using Agora.Testing;

namespace Agora.Tests;

/// <summary>Ingest jobs are kept in the data directory, so the host answers for them after a restart on either database.</summary>
public sealed class IngestJobRestartTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_finished_job_is_readable_after_the_host_restarts(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        Guid distribution;
        string job;
        await using (var first = await AgoraTestServer.StartOnAsync(store, demo: true))
        {
            (distribution, job) = await TablesHostTests.UploadTableAsync(await first.ClientForAsync("steward@beijing-wjw.agora.demo"), "beijing-wjw-medical-institutions");
        }

        await using var second = await AgoraTestServer.StartOnAsync(store);
        var steward = await second.ClientForAsync("steward@beijing-wjw.agora.demo");
        using var state = JsonDocument.Parse(await steward.GetStringAsync($"/api/v1/jobs/{job}"));
        Assert.Equal("succeeded", state.RootElement.GetProperty("state").GetString());
        Assert.Equal(distribution, state.RootElement.GetProperty("distributionId").GetGuid());
        Assert.Equal("gb18030", state.RootElement.GetProperty("result").GetProperty("encoding").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await second.Client.GetAsync($"/api/v1/jobs/{job}")).StatusCode);
    }
}
