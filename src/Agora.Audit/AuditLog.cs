using System.Data.Common;
using System.Threading.Channels;
using Agora.Audit.Chain;
using Agora.Audit.Checkpoints;
using Agora.Audit.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Audit;

/// <summary>
/// The audit log's single writer. Appends queue on a channel; one loop takes everything pending, chains it onto the
/// head it reads under the table's write lock, inserts it in one durable transaction, commits, and only then completes
/// the receipts (group commit: one fsync for the whole batch). Checkpoints are signed after commits, every N records
/// or T seconds, and when the host stops.
/// </summary>
internal sealed class AuditLog : IAuditLog, IHostedLifecycleService, IAsyncDisposable
{
    private readonly Func<AuditDbContext> contexts;
    private readonly AuditPaths paths;
    private readonly AuditOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<AuditLog> logger;
    private readonly Channel<Pending> channel;
    private readonly Lock startLock = new();
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;
    private Task? ticker;

    private AuditDbContext? db;
    private DbConnection? connection;
    private AuditStore? store;
    private AuditSigningKey? key;
    private readonly CheckpointFile checkpoints;
    private long head;
    private byte[] headHash = [];

    // The head the next batch chains onto: the last one this writer committed, or the one it read on connecting.
    private long knownSequence;
    private byte[] knownHash = [];
    private long lastCheckpointed = -1;
    private long sinceCheckpoint;
    private DateTime lastCheckpointTime;
    private long batches;
    private long committed;

    public AuditLog(Func<AuditDbContext> contexts, AuditPaths paths, AuditOptions options, TimeProvider time, ILogger<AuditLog> logger)
    {
        this.contexts = contexts;
        this.paths = paths;
        this.options = options;
        this.time = time;
        this.logger = logger;
        checkpoints = new CheckpointFile(paths.Checkpoints);
        channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lastCheckpointTime = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>Transactions committed so far (each one fsync): with <see cref="Committed"/>, the group-commit batch size.</summary>
    internal long Batches => Interlocked.Read(ref batches);

    internal long Committed => Interlocked.Read(ref committed);

    public async ValueTask<AuditReceipt> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var record = AuditEntries.ToRecord(entry, time.GetUtcNow().UtcDateTime);
        EnsureStarted();
        var pending = new Pending(record);
        try
        {
            if (!channel.Writer.TryWrite(pending))
            {
                await channel.Writer.WriteAsync(pending, cancellationToken);
            }
        }
        catch (ChannelClosedException)
        {
            throw new AuditLogException("the audit log is stopped; the action cannot be recorded");
        }

        // Once queued the record will be written whatever the caller does; cancelling only stops the wait.
        return await pending.Receipt.Task.WaitAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Fails the host's start when the signing key is unusable, rather than at the first checkpoint.
        LoadKey();
        EnsureStarted();
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The web server drains its requests in its own StopAsync, which may run after this one: they still append.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every hosted service has stopped: write what is queued, sign the head, close.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => FlushAndStopAsync();

    public async ValueTask DisposeAsync()
    {
        await FlushAndStopAsync();
        key?.Dispose();
        stopping.Dispose();
    }

    /// <summary>Stops taking appends, writes everything queued, signs a final checkpoint. Safe to call twice.</summary>
    public async Task FlushAndStopAsync()
    {
        channel.Writer.TryComplete();
        Task? running;
        lock (startLock)
        {
            running = loop;
        }

        if (running is not null)
        {
            await running;
        }

        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync();
        }

        if (ticker is not null)
        {
            await ticker;
        }
    }

    private void EnsureStarted()
    {
        if (loop is not null)
        {
            return;
        }

        lock (startLock)
        {
            if (loop is null && !channel.Reader.Completion.IsCompleted)
            {
                loop = Task.Run(RunAsync);
                if (options.CheckpointInterval > TimeSpan.Zero)
                {
                    ticker = Task.Run(TickAsync);
                }
            }
        }
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                channel.Writer.TryWrite(Pending.CheckpointTick);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(Math.Min(options.MaxBatch, 4096));
        var records = new List<AuditRecord>(batch.Capacity);
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            var tick = false;
            while (batch.Count < options.MaxBatch && reader.TryRead(out var pending))
            {
                if (pending.IsTick)
                {
                    tick = true;
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch, records);
            }

            var now = time.GetUtcNow().UtcDateTime;
            if ((options.CheckpointEveryRecords > 0 && sinceCheckpoint >= options.CheckpointEveryRecords)
                || (tick && head != lastCheckpointed && now - lastCheckpointTime >= options.CheckpointInterval))
            {
                Checkpoint();
            }

            batch.Clear();
            records.Clear();
        }

        if (head > 0 && head != lastCheckpointed)
        {
            Checkpoint();
        }

        await CloseAsync();
    }

    private async Task CommitAsync(List<Pending> batch, List<AuditRecord> records)
    {
        try
        {
            if (connection is null)
            {
                db = contexts();
                await db.Database.OpenConnectionAsync();
                connection = db.Database.GetDbConnection();
                store = AuditStore.For(connection);
                await store.PrepareWriterAsync(connection, CancellationToken.None);
                (knownSequence, knownHash) = await AuditStore.ReadHeadAsync(connection, null, CancellationToken.None);
            }

            // The head this writer chains onto is the one it last committed, or read when it connected; the store
            // writes the batch only if that is still the head under the table's lock. When another writer appended
            // in between, the batch is chained again onto the head read under the lock, as one transaction.
            var (sequence, previous) = ChainOnto(batch, records, knownSequence, knownHash);
            if (!await store!.AppendAsync(connection, knownSequence, knownHash, records, CancellationToken.None))
            {
                await using var transaction = await store.BeginAppendAsync(connection, CancellationToken.None);
                var (current, currentHash) = await AuditStore.ReadHeadAsync(connection, transaction, CancellationToken.None);
                (sequence, previous) = ChainOnto(batch, records, current, currentHash);
                await store.InsertAsync(connection, transaction, records, CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }

            knownSequence = sequence;
            knownHash = previous;
            head = sequence;
            headHash = previous;
            sinceCheckpoint += batch.Count;
            Interlocked.Increment(ref batches);
            Interlocked.Add(ref committed, batch.Count);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The audit log could not commit {Count} records", batch.Count);
            var failure = new AuditLogException("the audit log could not commit the record: " + e.GetBaseException().Message, e);
            Release(batch, failure);
            await CloseAsync();
            return;
        }

        Release(batch, null);
    }

    /// <summary>
    /// Completes the batch's receipts on the thread pool, in at most one work item per core: each item completes its
    /// share and runs the waiting callers' continuations inline, one after another. One work item per receipt (a
    /// task completed with asynchronous continuations) woke a pool thread per call, and the wake-ups and the pool's
    /// spinning were a large share of a gateway call's CPU; the writer itself never runs a caller's continuation.
    /// </summary>
    private static void Release(List<Pending> batch, Exception? failure)
    {
        var parts = Math.Min(Environment.ProcessorCount, batch.Count);
        var size = (batch.Count + parts - 1) / parts;
        for (var start = 0; start < batch.Count; start += size)
        {
            var share = batch.GetRange(start, Math.Min(size, batch.Count - start));
            ThreadPool.UnsafeQueueUserWorkItem(static state =>
            {
                var (share, failure) = state;
                foreach (var pending in share)
                {
                    if (failure is not null)
                    {
                        pending.Receipt.TrySetException(failure);
                        continue;
                    }

                    var record = pending.Record;
                    pending.Receipt.TrySetResult(new AuditReceipt(record.Sequence, record.Time, Convert.ToHexStringLower(record.Hash)));
                }
            }, (share, failure), preferLocal: false);
        }
    }

    /// <summary>Numbers and links the batch onto (<paramref name="sequence"/>, <paramref name="previous"/>); returns the new head.</summary>
    private static (long Sequence, byte[] Hash) ChainOnto(List<Pending> batch, List<AuditRecord> records, long sequence, byte[] previous)
    {
        records.Clear();
        foreach (var pending in batch)
        {
            var record = pending.Record;
            record.Sequence = ++sequence;
            record.PreviousHash = previous;
            record.Hash = new byte[AuditCanonical.HashSize];
            AuditCanonical.ComputeHash(record, record.Hash);
            previous = record.Hash;
            records.Add(record);
        }

        return (sequence, previous);
    }

    private void Checkpoint()
    {
        try
        {
            var signer = LoadKey();
            var now = AuditCanonical.Truncate(time.GetUtcNow().UtcDateTime);
            var signature = signer.Sign(AuditCheckpoint.Message(head, headHash, now));
            checkpoints.Append(new AuditCheckpoint(head, Convert.ToHexStringLower(headHash), AuditCheckpoint.FormatTime(now),
                signer.PublicKey.Id, Convert.ToBase64String(signature)));
            lastCheckpointed = head;
            sinceCheckpoint = 0;
            lastCheckpointTime = now;
        }
        catch (Exception e)
        {
            // The records are committed and chained; a missed checkpoint only widens the unsigned tail.
            logger.LogError(e, "The audit log could not write a checkpoint at record {Sequence}", head);
        }
    }

    private AuditSigningKey LoadKey()
    {
        lock (startLock)
        {
            return key ??= AuditSigningKey.LoadOrCreate(paths.SigningKey, create: !paths.SigningKeyFromOperator);
        }
    }

    private async Task CloseAsync()
    {
        if (db is not null)
        {
            try
            {
                await db.Database.CloseConnectionAsync();
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                logger.LogDebug(e, "closing the audit connection failed");
            }

            await db.DisposeAsync();
        }

        db = null;
        connection = null;
    }

    private sealed class Pending
    {
        public static readonly Pending CheckpointTick = new(null);

        public Pending(AuditRecord? record)
        {
            Record = record!;
            IsTick = record is null;
            Receipt = new TaskCompletionSource<AuditReceipt>();
        }

        public AuditRecord Record { get; }
        public bool IsTick { get; }

        // Completed only by Release's work items, whose thread runs the continuations: never the writer's.
        public TaskCompletionSource<AuditReceipt> Receipt { get; }
    }
}
