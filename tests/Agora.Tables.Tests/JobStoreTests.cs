using System.Net;
using System.Text;
using Agora.Tables.Jobs;

namespace Agora.Tables.Tests;

/// <summary>Ingest jobs outlive the process: their state stays readable, and a restart settles the ones it cut short.</summary>
public sealed class JobStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("agora-jobs-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Jobs_survive_a_new_store_on_the_same_directory_and_queued_ones_still_run()
    {
        var options = new TablesOptions { DataDirectory = directory };
        var first = new FileIngestJobStore(options);
        var distribution = Guid.NewGuid();
        var done = await first.CreateAsync(Job(distribution, "a.csv"), CancellationToken.None);
        var queued = await first.CreateAsync(Job(distribution, "b.csv"), CancellationToken.None);
        Assert.Equal(done.Id, (await first.ClaimNextAsync(CancellationToken.None))!.Id);
        var result = new IngestResult(1, 2, [new TableColumn("名称", ColumnType.Text)], "csv", "gb18030", ',', null, [new SkippedRow(1, "title", "标题")], [], 0.5, 0.7);
        await first.CompleteAsync(done.Id, IngestJobState.Succeeded, result, [], CancellationToken.None);

        var second = new FileIngestJobStore(options);
        var reloaded = await second.GetAsync(done.Id, CancellationToken.None);
        Assert.Equal(IngestJobState.Succeeded, reloaded!.State);
        Assert.Equal(result.Columns, reloaded.Result!.Columns);
        Assert.Equal("gb18030", reloaded.Result.Encoding);
        Assert.Equal(',', reloaded.Result.Delimiter);
        Assert.Equal("a.csv", reloaded.Request.FileName);
        Assert.Empty(await second.RecoverInterruptedAsync(CancellationToken.None));
        var claimed = await second.ClaimNextAsync(CancellationToken.None);
        Assert.Equal(queued.Id, claimed!.Id);
        Assert.Null(await second.ClaimNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Finished_jobs_older_than_the_retention_are_forgotten_on_start()
    {
        var first = new FileIngestJobStore(new TablesOptions { DataDirectory = directory });
        var job = await first.CreateAsync(Job(Guid.NewGuid(), "a.csv"), CancellationToken.None);
        await first.ClaimNextAsync(CancellationToken.None);
        await first.CompleteAsync(job.Id, IngestJobState.Succeeded, null, [], CancellationToken.None);

        var kept = new FileIngestJobStore(new TablesOptions { DataDirectory = directory });
        await kept.RecoverInterruptedAsync(CancellationToken.None);
        Assert.NotNull(await kept.GetAsync(job.Id, CancellationToken.None));
        var expired = new FileIngestJobStore(new TablesOptions { DataDirectory = directory, JobRetention = TimeSpan.Zero });
        await expired.RecoverInterruptedAsync(CancellationToken.None);
        Assert.Null(await expired.GetAsync(job.Id, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(expired.Directory));
    }

    [Fact]
    public async Task After_a_restart_the_interrupted_job_has_failed_the_old_version_serves_and_finished_jobs_are_readable()
    {
        Guid table;
        Guid loaded;
        await using (var before = await TablesHost.StartAsync(dataDirectory: directory))
        {
            table = before.Access.Create();
            var job = await before.IngestAsync(table, Encoding.UTF8.GetBytes("区划,人口\n110101,709000\n110102,1106000\n"), "人口.csv");
            TablesHost.Succeeded(job);
            loaded = job.GetProperty("id").GetGuid();
        }

        // The process died while it ran a second upload: its job is on disk as running, its file in the scratch folder.
        var upload = Path.Combine(directory, "tmp", "interrupted.upload");
        await File.WriteAllTextAsync(upload, "区划,人口\n110105,3452000\n");
        var crashed = new FileIngestJobStore(new TablesOptions { DataDirectory = directory });
        var running = await crashed.CreateAsync(Job(table, "人口-新.csv", upload), CancellationToken.None);
        await crashed.ClaimNextAsync(CancellationToken.None);
        await crashed.ReportProgressAsync(running.Id, "converting", 0.5, CancellationToken.None);

        await using var restarted = await TablesHost.StartAsync(dataDirectory: directory);
        restarted.Access.Register(table);
        var failed = TablesHost.Failed(await restarted.GetJsonAsync($"/api/v1/jobs/{running.Id}"), "interrupted");
        Assert.Contains("interrupted by a restart", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(upload));
        TablesHost.Succeeded(await restarted.GetJsonAsync($"/api/v1/jobs/{loaded}"));
        await restarted.GetJsonAsync($"/api/v1/jobs/{loaded}", "stranger", HttpStatusCode.NotFound);

        var rows = await restarted.GetJsonAsync($"/api/v1/distributions/{table}/rows?$order=人口");
        Assert.Equal(1, rows.GetProperty("version").GetInt32());
        Assert.Equal("110101", rows.GetProperty("rows")[0].GetProperty("区划").ToString());
        Assert.Equal(2, rows.GetProperty("totalCount").GetInt64());

        // The table takes new uploads as before.
        TablesHost.Succeeded(await restarted.IngestAsync(table, Encoding.UTF8.GetBytes("区划,人口\n110105,3452000\n"), "人口.csv"));
        Assert.Equal(2, (await restarted.GetJsonAsync($"/api/v1/distributions/{table}/rows")).GetProperty("version").GetInt32());
    }

    private static IngestJob Job(Guid distribution, string fileName, string? source = null) =>
        new() { Id = Guid.NewGuid(), DistributionId = distribution, Kind = IngestJobKind.Upload, Request = new IngestRequest(source, fileName) };
}
