using System.Collections.Concurrent;
using Agora.Sharing.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Sharing.Access;

/// <summary>
/// Blocks of a grant's daily request quota that this node has already counted in the store and serves from memory, so
/// that a gateway call on a grant with a request quota costs no store write. A block is taken with the same conditional
/// UPDATE that counts a single call (validity, revocation and the limit checked by the store in one step), so the calls
/// that all nodes serve together never go over the quota: a call is served only from a count the store accepted.
/// <list type="bullet">
/// <item>A block is an eighth of what the store had left, at most <see cref="MaxBlock"/>: near the limit it shrinks
/// to one call, so what other nodes hold unused can refuse a call early by a few calls at most, never admit one more.</item>
/// <item>A block serves only while the grant's limit is the one it was taken under; revocation and expiry are decided
/// before the quota, on every call, as for any grant.</item>
/// <item>What is left of a block goes back to the store when it has been idle for <see cref="IdleReturn"/>, when its
/// day is over, and when the host stops; until then the store's count includes it, and this node's views subtract it.</item>
/// </list>
/// </summary>
internal sealed class QuotaReservations(TimeProvider time)
{
    public const long MaxBlock = 256;

    public static readonly TimeSpan IdleReturn = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(Guid Grant, int Day), Block> blocks = new();

    /// <summary>How many calls to reserve when the store has <paramref name="remaining"/> left (the call at hand included).</summary>
    public static long BlockSize(long remaining) => Math.Clamp(remaining / 8, 1, MaxBlock);

    /// <summary>Serves one call from this node's block; false when there is none left for this limit.</summary>
    public bool TryTake(Guid grant, int day, long limit)
    {
        if (!blocks.TryGetValue((grant, day), out var block))
        {
            return false;
        }

        lock (block)
        {
            if (block.Left <= 0 || block.Limit != limit)
            {
                return false;
            }

            block.Left--;
            block.LastUsed = time.GetUtcNow().UtcDateTime;
            return true;
        }
    }

    /// <summary>Calls counted in the store by this node but not served yet.</summary>
    public long Unused(Guid grant, int day) => blocks.TryGetValue((grant, day), out var block) ? Volatile.Read(ref block.Left) : 0;

    /// <summary>What is left of the quota as this node knows it, when it holds calls for this limit; null otherwise.</summary>
    public long? Remaining(Guid grant, int day, long limit)
    {
        if (!blocks.TryGetValue((grant, day), out var block))
        {
            return null;
        }

        lock (block)
        {
            return block.Left > 0 && block.Limit == limit ? block.Left + block.StoreRemaining : null;
        }
    }

    /// <summary>Serialises reservations of one grant's day, so that concurrent calls do not each take a block.</summary>
    public SemaphoreSlim Gate(Guid grant, int day) => blocks.GetOrAdd((grant, day), _ => new Block()).Gate;

    /// <summary>Records a block the store accepted, less the call it was taken for.</summary>
    public void Add(Guid grant, int day, long calls, long limit, long storeRemaining)
    {
        var block = blocks.GetOrAdd((grant, day), _ => new Block());
        lock (block)
        {
            block.Left = block.Limit == limit ? block.Left + calls : calls;
            block.Limit = limit;
            block.StoreRemaining = storeRemaining;
            block.LastUsed = time.GetUtcNow().UtcDateTime;
        }
    }

    /// <summary>Takes back what is left of idle blocks and past days' blocks (or of all of them), to return to the store.</summary>
    public List<(Guid Grant, int Day, long Calls)> Withdraw(bool all, int today)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var withdrawn = new List<(Guid, int, long)>();
        foreach (var (key, block) in blocks)
        {
            if (!block.Gate.Wait(0))
            {
                continue;
            }

            try
            {
                lock (block)
                {
                    if (!all && key.Day == today && now - block.LastUsed < IdleReturn)
                    {
                        continue;
                    }

                    if (block.Left > 0 && key.Day == today)
                    {
                        withdrawn.Add((key.Grant, key.Day, block.Left));
                    }

                    block.Left = 0;
                    blocks.TryRemove(new KeyValuePair<(Guid, int), Block>(key, block));
                }
            }
            finally
            {
                block.Gate.Release();
            }
        }

        return withdrawn;
    }

    private sealed class Block
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long Left;
        public long Limit;
        public long StoreRemaining;
        public DateTime LastUsed;
    }
}

/// <summary>Returns unused quota blocks to the store: idle ones every few seconds, and all of them once the host has stopped.</summary>
internal sealed class QuotaReservationReturner(
    QuotaReservations reservations,
    IServiceScopeFactory scopes,
    Workflow.WorkingCalendar calendar,
    TimeProvider time,
    ILogger<QuotaReservationReturner> logger) : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The web server drains its requests in its own StopAsync, which may come after this one's: return after all stopped.
    public Task StoppedAsync(CancellationToken cancellationToken) => ReturnAsync(all: true, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReturnAsync(all: false, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Gives the store back what this node reserved and did not serve.</summary>
    internal async Task ReturnAsync(bool all, CancellationToken cancellationToken)
    {
        var withdrawn = reservations.Withdraw(all, calendar.DayNumber(time.GetUtcNow().UtcDateTime));
        if (withdrawn.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SharingDbContext>();
            foreach (var (grant, day, calls) in withdrawn)
            {
                await db.GrantUsage.Where(u => u.GrantId == grant && u.Day == day && u.Requests >= calls)
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.Requests, u => u.Requests - calls), cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not returned, the calls stay counted: the quota may refuse a few calls early today, never admit extra ones.
            logger.LogWarning(e, "Could not return {Count} unused quota reservations to the store", withdrawn.Count);
        }
    }
}
