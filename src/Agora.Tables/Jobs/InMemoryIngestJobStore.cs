namespace Agora.Tables.Jobs;

/// <summary>Jobs kept in memory: lost on restart, visible to this process only.</summary>
public sealed class InMemoryIngestJobStore : IIngestJobStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, IngestJob> _jobs = [];
    private readonly List<Guid> _queue = [];
    private readonly TimeProvider _time;
    private readonly Action<IngestJob>? _changed;

    public InMemoryIngestJobStore(TimeProvider? timeProvider = null)
        : this(timeProvider, [], null)
    {
    }

    /// <summary>Starts from <paramref name="existing"/> jobs and reports every change, under the store's lock, to <paramref name="changed"/>.</summary>
    internal InMemoryIngestJobStore(TimeProvider? timeProvider, IEnumerable<IngestJob> existing, Action<IngestJob>? changed)
    {
        _time = timeProvider ?? TimeProvider.System;
        _changed = changed;
        foreach (var job in existing.OrderBy(j => j.CreatedAt))
        {
            _jobs[job.Id] = job;
            if (job.State == IngestJobState.Queued)
            {
                _queue.Add(job.Id);
            }
        }
    }

    public Task<IngestJob> CreateAsync(IngestJob job, CancellationToken cancellationToken)
    {
        var stored = job with { State = IngestJobState.Queued, Phase = "queued", CreatedAt = _time.GetUtcNow() };
        lock (_lock)
        {
            _jobs.Add(stored.Id, stored);
            _queue.Add(stored.Id);
            _changed?.Invoke(stored);
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
                    return Task.FromResult<IngestJob?>(Set(job with { State = IngestJobState.Running, Phase = "starting", StartedAt = _time.GetUtcNow() }));
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
                job = Set(job with { Phase = phase, Progress = Math.Clamp(progress, 0, 1) });
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
                Set(job with
                {
                    State = state,
                    Phase = "done",
                    Progress = state == IngestJobState.Succeeded ? 1 : job.Progress,
                    Result = result,
                    Errors = errors,
                    FinishedAt = _time.GetUtcNow(),
                });
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
                Set(job with
                {
                    CancelRequested = true,
                    State = IngestJobState.Cancelled,
                    Phase = "done",
                    FinishedAt = _time.GetUtcNow(),
                    Errors = [new IngestError("cancelled", "The job was cancelled before it started.")],
                });
            }
            else
            {
                Set(job with { CancelRequested = true });
            }
            return Task.FromResult(true);
        }
    }

    /// <summary>Every job, for recovery after a restart.</summary>
    internal IReadOnlyList<IngestJob> Snapshot()
    {
        lock (_lock)
        {
            return [.. _jobs.Values];
        }
    }

    /// <summary>Forgets a finished job (retention).</summary>
    internal void Forget(Guid jobId)
    {
        lock (_lock)
        {
            _jobs.Remove(jobId);
        }
    }

    private IngestJob Set(IngestJob job)
    {
        _jobs[job.Id] = job;
        _changed?.Invoke(job);
        return job;
    }
}
