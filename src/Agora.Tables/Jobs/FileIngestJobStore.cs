using System.Text.Json;

namespace Agora.Tables.Jobs;

/// <summary>
/// Jobs kept as one JSON file each under <c>&lt;data-dir&gt;/tables/jobs</c>, beside the tables they load, so they
/// survive restarts whichever database holds the catalog. Each change replaces the file by a rename: a crash leaves
/// the old state or the new one. One process runs the jobs of a data directory.
/// </summary>
public sealed class FileIngestJobStore : IIngestJobStore
{
    private readonly InMemoryIngestJobStore _jobs;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;

    public FileIngestJobStore(TablesOptions options, TimeProvider? timeProvider = null)
    {
        Directory = System.IO.Directory.CreateDirectory(Path.Combine(options.DataDirectory, "tables", "jobs")).FullName;
        _time = timeProvider ?? TimeProvider.System;
        _retention = options.JobRetention;
        _jobs = new InMemoryIngestJobStore(timeProvider, Load(), Save);
    }

    /// <summary>The folder of the job files.</summary>
    public string Directory { get; }

    public Task<IngestJob> CreateAsync(IngestJob job, CancellationToken cancellationToken) => _jobs.CreateAsync(job, cancellationToken);

    public Task<IngestJob?> GetAsync(Guid jobId, CancellationToken cancellationToken) => _jobs.GetAsync(jobId, cancellationToken);

    public Task<IngestJob?> ClaimNextAsync(CancellationToken cancellationToken) => _jobs.ClaimNextAsync(cancellationToken);

    public Task<IngestJob?> ReportProgressAsync(Guid jobId, string phase, double progress, CancellationToken cancellationToken) =>
        _jobs.ReportProgressAsync(jobId, phase, progress, cancellationToken);

    public Task CompleteAsync(Guid jobId, IngestJobState state, IngestResult? result, IReadOnlyList<IngestError> errors, CancellationToken cancellationToken) =>
        _jobs.CompleteAsync(jobId, state, result, errors, cancellationToken);

    public Task<bool> RequestCancelAsync(Guid jobId, CancellationToken cancellationToken) => _jobs.RequestCancelAsync(jobId, cancellationToken);

    /// <summary>
    /// Marks the jobs that were running when the last process stopped as failed (their half-made files never became
    /// a version, so the previous one still serves), and forgets jobs that ended longer ago than the retention.
    /// </summary>
    public async Task<IReadOnlyList<IngestJob>> RecoverInterruptedAsync(CancellationToken cancellationToken)
    {
        var interrupted = _jobs.Snapshot().Where(j => j.State == IngestJobState.Running).ToList();
        foreach (var job in interrupted)
        {
            await _jobs.CompleteAsync(
                job.Id,
                IngestJobState.Failed,
                null,
                [new IngestError("interrupted", "The job was interrupted by a restart of the server; the previous version of the table still serves. Upload the file again.")],
                cancellationToken);
        }
        var cutoff = _time.GetUtcNow() - _retention;
        foreach (var old in _jobs.Snapshot().Where(j => j.FinishedAt < cutoff))
        {
            _jobs.Forget(old.Id);
            File.Delete(PathOf(old.Id));
        }
        return interrupted;
    }

    private string PathOf(Guid jobId) => Path.Combine(Directory, $"{jobId:D}.json");

    private IEnumerable<IngestJob> Load()
    {
        var jobs = new List<IngestJob>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (!file.EndsWith(".json", StringComparison.Ordinal))
            {
                // A write that a crash cut short, before its rename.
                File.Delete(file);
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize<IngestJob>(File.ReadAllBytes(file), TablesJson.Options) is { } job)
                {
                    jobs.Add(job);
                }
            }
            catch (JsonException)
            {
                // A file not written by this store; it is left alone rather than taken for a job.
            }
        }
        return jobs;
    }

    private void Save(IngestJob job)
    {
        var path = PathOf(job.Id);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(job, TablesJson.Options));
        File.Move(temp, path, overwrite: true);
    }
}
