namespace Agora.Tables.Jobs;

/// <summary>
/// Where ingest jobs live. The file store (the default) keeps them across restarts; the in-memory store serves one
/// process; a database store could let several worker nodes claim jobs.
/// </summary>
public interface IIngestJobStore
{
    /// <summary>Stores a new job in state <see cref="IngestJobState.Queued"/>.</summary>
    Task<IngestJob> CreateAsync(IngestJob job, CancellationToken cancellationToken);

    Task<IngestJob?> GetAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>Atomically moves the oldest queued job to <see cref="IngestJobState.Running"/> and returns it; null when none is queued.</summary>
    Task<IngestJob?> ClaimNextAsync(CancellationToken cancellationToken);

    /// <summary>Records progress of a running job; returns the job as stored (so the runner sees a cancel request).</summary>
    Task<IngestJob?> ReportProgressAsync(Guid jobId, string phase, double progress, CancellationToken cancellationToken);

    /// <summary>Records the end of a job: succeeded with a result, or failed/cancelled with errors.</summary>
    Task CompleteAsync(Guid jobId, IngestJobState state, IngestResult? result, IReadOnlyList<IngestError> errors, CancellationToken cancellationToken);

    /// <summary>Asks a queued or running job to stop. Returns false when the job is unknown or already finished.</summary>
    Task<bool> RequestCancelAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Called once when the job runner starts: marks the jobs that were running when the process stopped as failed
    /// and returns them. A store that does not outlive its process has none.
    /// </summary>
    Task<IReadOnlyList<IngestJob>> RecoverInterruptedAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<IngestJob>>([]);
}
