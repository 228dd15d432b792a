namespace Agora.Tables.Jobs;

/// <summary>Wakes the job runner when a job is queued, instead of waiting for its next poll.</summary>
internal sealed class IngestSignal
{
    private readonly SemaphoreSlim _semaphore = new(0);

    public void Notify() => _semaphore.Release();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _semaphore.WaitAsync(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
