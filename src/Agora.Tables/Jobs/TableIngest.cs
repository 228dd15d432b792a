using Agora.Tables.Ingest;
using Agora.Tables.Storage;

namespace Agora.Tables.Jobs;

/// <summary>
/// Starts ingests from code: the HTTP endpoints, the command line (<c>agora ingest</c>) and demo seeding all use
/// the same path.
/// </summary>
public sealed class TableIngest
{
    private readonly IIngestJobStore _jobs;
    private readonly IngestSignal _signal;
    private readonly IngestPipeline _pipeline;
    private readonly IngestJobRunner _runner;
    private readonly TableStore _store;

    internal TableIngest(IIngestJobStore jobs, IngestSignal signal, IngestPipeline pipeline, IngestJobRunner runner, TableStore store)
    {
        _jobs = jobs;
        _signal = signal;
        _pipeline = pipeline;
        _runner = runner;
        _store = store;
    }

    /// <summary>The version that serves now, or null when the table has no data yet.</summary>
    public TableVersion? Current(Guid distributionId) => _store.Current(distributionId);

    /// <summary>
    /// Fixes the types of named columns for the next ingests (what <c>PUT /schema</c> stores, without starting a
    /// re-type): a value that does not fit its declared type then fails the ingest, naming the row.
    /// </summary>
    public void SetColumnTypes(Guid distributionId, IReadOnlyDictionary<string, ColumnType> types) => _store.SaveOverrides(distributionId, types);

    /// <summary>
    /// Queues an ingest for the background runner. For <see cref="IngestJobKind.Upload"/> the job owns
    /// <see cref="IngestRequest.SourcePath"/>: it is moved into the table store or deleted.
    /// </summary>
    public async Task<IngestJob> EnqueueAsync(Guid distributionId, IngestJobKind kind, IngestRequest request, string? createdBy, CancellationToken cancellationToken)
    {
        var job = await _jobs.CreateAsync(
            new IngestJob { Id = Guid.NewGuid(), DistributionId = distributionId, Kind = kind, Request = request, CreatedBy = createdBy },
            cancellationToken);
        _signal.Notify();
        return job;
    }

    /// <summary>Asks a job to stop; a running job stops at its next check, and the previous version keeps serving.</summary>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var accepted = await _jobs.RequestCancelAsync(jobId, cancellationToken);
        if (accepted)
        {
            _runner.Cancel(jobId);
        }
        return accepted;
    }

    /// <summary>
    /// Ingests a file now, on the calling thread, without a job: for the command line and seeding. The file is
    /// copied into the store, not moved. Failures throw <see cref="TableIngestException"/>.
    /// </summary>
    public async Task<IngestResult> RunNowAsync(Guid distributionId, IngestRequest request, Action<string, double>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.RunAsync(distributionId, IngestJobKind.Upload, request, ownsSource: false, progress ?? ((_, _) => { }), cancellationToken);
        }
        catch (IngestException e)
        {
            throw new TableIngestException(e.ToError());
        }
    }
}

/// <summary>An ingest refused its input; <see cref="Error"/> says where and why.</summary>
public sealed class TableIngestException(IngestError error) : Exception(error.Message)
{
    public IngestError Error { get; } = error;
}
