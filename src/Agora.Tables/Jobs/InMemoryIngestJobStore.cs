namespace Agora.Tables.Jobs;

/// <summary>Jobs kept in memory: lost on restart, visible to this process only.</summary>
public sealed class InMemoryIngestJobStore(TimeProvider? timeProvider = null) : IIngestJobStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, IngestJob> _jobs = [];
    private readonly List<Guid> _queue = [];
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Task<IngestJob> CreateAsync(IngestJob job, CancellationToken cancellationToken)
    {
        var stored = job with { State = IngestJobState.Queued, Phase = "queued", CreatedAt = _time.GetUtcNow() };
        lock (_lock)
        {
            _jobs.Add(stored.Id, stored);
            _queue.Add(stored.Id);
        }
        return Task.FromResult(stored);
    }

    public Task<IngestJob?> GetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_jobs.GetValueOrDefault(jobId));
        }
    }

    public Task<IngestJob?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            while (_queue.Count > 0)
            {
                var id = _queue[0];
                _queue.RemoveAt(0);
                if (_jobs.TryGetValue(id, out var job) && job.State == IngestJobState.Queued)
                {
                    var running = job with { State = IngestJobState.Running, Phase = "starting", StartedAt = _time.GetUtcNow() };
                    _jobs[id] = running;
                    return Task.FromResult<IngestJob?>(running);
                }
            }
            return Task.FromResult<IngestJob?>(null);
        }
    }

    public Task<IngestJob?> ReportProgressAsync(Guid jobId, string phase, double progress, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_jobs.TryGetValue(jobId, out var job))
            {
                return Task.FromResult<IngestJob?>(null);
            }
            if (job.State == IngestJobState.Running)
            {
                job = job with { Phase = phase, Progress = Math.Clamp(progress, 0, 1) };
                _jobs[jobId] = job;
            }
            return Task.FromResult<IngestJob?>(job);
        }
    }

    public Task CompleteAsync(Guid jobId, IngestJobState state, IngestResult? result, IReadOnlyList<IngestError> errors, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_jobs.TryGetValue(jobId, out var job))
            {
                _jobs[jobId] = job with
                {
                    State = state,
                    Phase = "done",
                    Progress = state == IngestJobState.Succeeded ? 1 : job.Progress,
                    Result = result,
                    Errors = errors,
                    FinishedAt = _time.GetUtcNow(),
                };
            }
        }
        return Task.CompletedTask;
    }

    public Task<bool> RequestCancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_jobs.TryGetValue(jobId, out var job) || job.State is not (IngestJobState.Queued or IngestJobState.Running))
            {
                return Task.FromResult(false);
            }
            if (job.State == IngestJobState.Queued)
            {
                _queue.Remove(jobId);
                _jobs[jobId] = job with
                {
                    CancelRequested = true,
                    State = IngestJobState.Cancelled,
                    Phase = "done",
                    FinishedAt = _time.GetUtcNow(),
                    Errors = [new IngestError("cancelled", "The job was cancelled before it started.")],
                };
            }
            else
            {
                _jobs[jobId] = job with { CancelRequested = true };
            }
            return Task.FromResult(true);
        }
    }
}
