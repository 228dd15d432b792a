using System.Collections.Concurrent;
using Agora.Tables.Ingest;
using DuckDB.NET.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Tables.Jobs;

/// <summary>
/// Runs queued ingest jobs in this process. A job's progress is written to the store every few hundred
/// milliseconds, and a cancel request seen there (from any node) stops the job.
/// </summary>
internal sealed class IngestJobRunner(
    IIngestJobStore jobs,
    IngestPipeline pipeline,
    IngestSignal signal,
    TablesOptions options,
    ILogger<IngestJobRunner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    /// <summary>Stops a job running here at once, without waiting for its next progress report.</summary>
    public void Cancel(Guid jobId)
    {
        if (_running.TryGetValue(jobId, out var cts))
        {
            cts.Cancel();
        }
    }

    /// <summary>Before any job runs (and before the web server takes requests): settle the jobs a restart interrupted.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var job in await jobs.RecoverInterruptedAsync(cancellationToken))
        {
            logger.LogWarning("Ingest job {JobId} for distribution {DistributionId} was interrupted by a restart and is marked failed", job.Id, job.DistributionId);
            if (job.Kind == IngestJobKind.Upload && job.Request.SourcePath is { } upload)
            {
                // The upload was the job's own file in the scratch folder; nothing else will ever read it.
                File.Delete(upload);
            }
        }
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.MaxConcurrentIngests)).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IngestJob? job;
            try
            {
                job = await jobs.ClaimNextAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Claiming an ingest job failed");
                await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
                continue;
            }
            if (job is null)
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
                continue;
            }
            await RunAsync(job, stoppingToken);
        }
    }

    internal async Task RunAsync(IngestJob job, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _running[job.Id] = cts;
        var phase = "starting";
        var progress = 0.0;
        using var reporting = new CancellationTokenSource();
        var reporter = Task.Run(
            async () =>
            {
                while (!reporting.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(250, reporting.Token);
                        var stored = await jobs.ReportProgressAsync(job.Id, Volatile.Read(ref phase), Volatile.Read(ref progress), CancellationToken.None);
                        if (stored?.CancelRequested == true)
                        {
                            await cts.CancelAsync();
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    catch (Exception e)
                    {
                        logger.LogWarning(e, "Reporting progress of ingest job {JobId} failed", job.Id);
                    }
                }
            },
            CancellationToken.None);
        var state = IngestJobState.Failed;
        IngestResult? result = null;
        IReadOnlyList<IngestError> errors = [];
        try
        {
            result = await pipeline.RunAsync(
                job.DistributionId,
                job.Kind,
                job.Request,
                ownsSource: job.Kind != IngestJobKind.Retype,
                (p, v) =>
                {
                    Volatile.Write(ref phase, p);
                    Volatile.Write(ref progress, v);
                },
                cts.Token);
            state = IngestJobState.Succeeded;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            state = IngestJobState.Cancelled;
            errors = [new IngestError("cancelled", stoppingToken.IsCancellationRequested ? "The server stopped during the ingest." : "The job was cancelled; the previous version still serves.")];
        }
        catch (IngestException e)
        {
            errors = [e.ToError()];
        }
        catch (DuckDBException e)
        {
            errors = [new IngestError("conversion-failed", e.Message.Split('\n')[0])];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or InvalidDataException)
        {
            errors = [new IngestError("ingest-failed", e.Message)];
        }
        catch (Exception e)
        {
            logger.LogError(e, "Ingest job {JobId} failed", job.Id);
            errors = [new IngestError("internal-error", "The ingest failed unexpectedly: " + e.Message)];
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
            _running.TryRemove(job.Id, out _);
        }
        await jobs.CompleteAsync(job.Id, state, result, errors, CancellationToken.None);
        logger.LogInformation("Ingest job {JobId} for distribution {DistributionId} ended {State}", job.Id, job.DistributionId, state);
    }
}
