using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Agora.Search.Indexing;

/// <summary>
/// Feeds documents read on the calling thread to dedicated indexing threads in batches; when they are all busy the
/// calling thread indexes the batch itself rather than wait, so <c>threads</c> counts the calling thread: one
/// dedicated thread per further core. (Parallel.ForEach on the thread pool, and a reader blocked on a full queue,
/// spent a good part of a 2-core machine spinning; one indexing thread more than cores spent it contending for
/// Lucene's per-document locks.)
/// </summary>
internal static class RebuildPipeline
{
    private const int BatchSize = 256;

    public static void Run<T>(IEnumerable<T> source, int threads, Action<T> index, CancellationToken cancellationToken)
    {
        if (threads <= 1)
        {
            foreach (var item in source)
            {
                cancellationToken.ThrowIfCancellationRequested();
                index(item);
            }
            return;
        }
        using var batches = new BlockingCollection<T[]>(boundedCapacity: threads * 4);
        ExceptionDispatchInfo? failure = null;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, threads - 1).Select(i => new Thread(() =>
        {
            try
            {
                foreach (var batch in batches.GetConsumingEnumerable(failed.Token))
                {
                    foreach (var item in batch)
                    {
                        index(item);
                    }
                }
            }
            catch (OperationCanceledException) when (failed.IsCancellationRequested)
            {
                // Stopping: the producer reports why.
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                failed.Cancel();
            }
        })
        { IsBackground = true, Name = "agora-search-rebuild-" + i }).ToList();
        workers.ForEach(w => w.Start());
        try
        {
            var batch = new List<T>(BatchSize);
            foreach (var item in source)
            {
                batch.Add(item);
                if (batch.Count == BatchSize)
                {
                    if (!batches.TryAdd([.. batch], 0, failed.Token))
                    {
                        batch.ForEach(index);
                    }
                    batch.Clear();
                }
            }
            if (batch.Count > 0)
            {
                batches.Add([.. batch], failed.Token);
            }
            batches.CompleteAdding();
        }
        catch (OperationCanceledException) when (failure is not null)
        {
            // A worker failed; rethrown below.
        }
        catch
        {
            failed.Cancel();
            workers.ForEach(w => w.Join());
            throw;
        }
        workers.ForEach(w => w.Join());
        failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
