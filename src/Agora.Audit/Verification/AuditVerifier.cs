using System.Threading.Channels;
using Agora.Audit.Chain;
using Agora.Audit.Checkpoints;
using Agora.Audit.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Agora.Audit.Verification;

/// <summary>
/// Streams the whole chain in sequence order (one record in memory at a time) beside the checkpoint file, recomputes
/// every hash, checks every link, every checkpoint signature and that each checkpoint matches the chain, and stops at
/// the first thing that does not verify.
/// </summary>
public sealed class AuditVerifier
{
    private readonly Func<AuditDbContext> contexts;
    private readonly AuditPaths paths;

    internal AuditVerifier(Func<AuditDbContext> contexts, AuditPaths paths)
    {
        this.contexts = contexts;
        this.paths = paths;
    }

    /// <summary>Verifies with <paramref name="publicKey"/>, or with the key beside the signing key when null.</summary>
    public async Task<AuditVerification> VerifyAsync(AuditPublicKey? publicKey = null, CancellationToken cancellationToken = default)
    {
        var notes = new List<string>();
        publicKey ??= DefaultPublicKey(notes);

        // The checkpoint file's length is fixed before the snapshot is taken: every checkpoint read was written after
        // its record committed, so each must find its record in the snapshot.
        using var checkpoints = new CheckpointFile(paths.Checkpoints).OpenReader();
        await using var db = contexts();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var store = AuditStore.For(connection);
            await using var snapshot = await store.BeginSnapshotAsync(connection, cancellationToken);
            var state = new State(checkpoints, publicKey, notes);
            var failure = state.NextCheckpoint();
            if (failure is null)
            {
                failure = connection is SqliteConnection sqlite
                    ? SqliteChainWalk.Walk(sqlite, state.Check, cancellationToken)
                    : await WalkAsync(store.ReadAsync(connection, snapshot, null, null, cancellationToken), state, cancellationToken);
            }

            failure ??= state.Finish();
            return new AuditVerification(failure is null, state.Records, state.CheckpointsSeen, state.Expected - 1,
                state.Expected > 1 ? Convert.ToHexStringLower(state.Previous) : null, state.LastCheckpoint,
                publicKey?.Id, failure, notes);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private AuditPublicKey? DefaultPublicKey(List<string> notes)
    {
        if (File.Exists(paths.PublicKey))
        {
            return AuditPublicKey.Load(paths.PublicKey);
        }

        if (File.Exists(paths.SigningKey))
        {
            using var key = AuditSigningKey.LoadOrCreate(paths.SigningKey, create: false);
            notes.Add($"the public key was derived from the private key {paths.SigningKey}");
            return key.PublicKey;
        }

        return null;
    }

    /// <summary>
    /// Reading rows and hashing them each take a core's worth of time, so one task reads while this one hashes,
    /// with a few chunks of records in between: memory stays constant whatever the length of the log.
    /// </summary>
    private static async Task<AuditFailure?> WalkAsync(IAsyncEnumerable<AuditRecord> records, State state, CancellationToken cancellationToken)
    {
        const int chunkSize = 512;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chunks = Channel.CreateBounded<(AuditRecord[] Items, int Count)>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(async () =>
        {
            try
            {
                var chunk = new AuditRecord[chunkSize];
                var count = 0;
                await foreach (var record in records.WithCancellation(stop.Token))
                {
                    chunk[count++] = record;
                    if (count == chunkSize)
                    {
                        await chunks.Writer.WriteAsync((chunk, count), stop.Token);
                        chunk = new AuditRecord[chunkSize];
                        count = 0;
                    }
                }

                if (count > 0)
                {
                    await chunks.Writer.WriteAsync((chunk, count), stop.Token);
                }

                chunks.Writer.Complete();
            }
            catch (Exception e)
            {
                chunks.Writer.Complete(e);
            }
        }, CancellationToken.None);

        AuditFailure? failure = null;
        try
        {
            await foreach (var (items, count) in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                for (var i = 0; i < count && failure is null; i++)
                {
                    failure = state.Check(items[i]);
                }

                if (failure is not null)
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }

        return failure;
    }

    private sealed class State(CheckpointReader checkpoints, AuditPublicKey? publicKey, List<string> notes)
    {
        private readonly byte[] computed = new byte[AuditCanonical.HashSize];
        private CheckpointLine? pending;
        private byte[]? pendingHash;

        public long Expected { get; private set; } = 1;
        public byte[] Previous { get; private set; } = AuditCanonical.Genesis.ToArray();
        public long Records { get; private set; }
        public long CheckpointsSeen { get; private set; }
        public long? LastCheckpoint { get; private set; }

        public AuditFailure? Check(AuditRecord record)
        {
            if (record.ReadError is { } error)
            {
                return new AuditFailure(AuditFailureKind.Altered, record.Sequence, null, $"record {record.Sequence} holds a value that cannot be read ({error}): it was altered");
            }

            Span<byte> computed = stackalloc byte[AuditCanonical.HashSize];
            if (record.PreviousHash.Length == AuditCanonical.HashSize)
            {
                AuditCanonical.ComputeHash(record, computed);
            }

            return Check(record.Sequence, record.PreviousHash, record.Hash, computed);
        }

        /// <summary>One stored record: its sequence, stored previous hash and hash, and the hash recomputed from its content.</summary>
        public AuditFailure? Check(long sequence, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> computed)
        {
            if (sequence != Expected)
            {
                return sequence > Expected
                    ? new AuditFailure(AuditFailureKind.Missing, Expected,
                        null, sequence == Expected + 1
                            ? $"record {Expected} is missing (deleted): the log goes from {Expected - 1} to {sequence}"
                            : $"records {Expected} to {sequence - 1} are missing (deleted): the log goes from {Expected - 1} to {sequence}")
                    : new AuditFailure(AuditFailureKind.LinkBroken, sequence, null, $"record {sequence} has a sequence number out of place after {Expected - 1} (inserted)");
            }

            if (!previousHash.SequenceEqual(Previous))
            {
                return new AuditFailure(AuditFailureKind.LinkBroken, sequence, null, sequence == 1
                    ? "record 1 does not start from the genesis hash: records before it were deleted or it was inserted"
                    : $"record {sequence} does not link to record {sequence - 1}: a record was deleted, reordered or inserted here");
            }

            if (hash.Length != AuditCanonical.HashSize || !computed.SequenceEqual(hash))
            {
                return new AuditFailure(AuditFailureKind.Altered, sequence, null, $"record {sequence} does not match its hash: its content was altered");
            }

            while (pending is { } line && line.Checkpoint!.Sequence == sequence)
            {
                if (!hash.SequenceEqual(pendingHash.AsSpan()))
                {
                    return new AuditFailure(AuditFailureKind.CheckpointMismatch, sequence, line.Number,
                        $"record {sequence} is not the record that the checkpoint on line {line.Number} signed: the log was rewritten up to here");
                }

                LastCheckpoint = sequence;
                if (NextCheckpoint() is { } failure)
                {
                    return failure;
                }
            }

            hash.CopyTo(Previous);
            Expected = sequence + 1;
            Records++;
            return null;
        }

        /// <summary>Reads and checks the next checkpoint line; it waits in <see cref="pending"/> for its record.</summary>
        public AuditFailure? NextCheckpoint()
        {
            var previousSequence = pending?.Checkpoint?.Sequence ?? 0;
            pending = null;
            pendingHash = null;
            if (checkpoints.Next() is not { } line)
            {
                return null;
            }

            if (line.Torn)
            {
                notes.Add($"checkpoint line {line.Number} was cut short by a crash and is ignored");
                return null;
            }

            if (line.Checkpoint is not { } checkpoint)
            {
                return new AuditFailure(AuditFailureKind.CheckpointInvalid, previousSequence, line.Number, $"checkpoint line {line.Number}: {line.Error}");
            }

            if (publicKey is null)
            {
                return new AuditFailure(AuditFailureKind.NoPublicKey, checkpoint.Sequence, line.Number,
                    "there are signed checkpoints but no public key to check them (pass --public-key)");
            }

            byte[] hash;
            byte[] signature;
            try
            {
                hash = Convert.FromHexString(checkpoint.Hash);
                signature = Convert.FromBase64String(checkpoint.Signature);
            }
            catch (FormatException)
            {
                return new AuditFailure(AuditFailureKind.CheckpointInvalid, checkpoint.Sequence, line.Number, $"checkpoint line {line.Number}: the hash or signature is not encoded right");
            }

            if (hash.Length != AuditCanonical.HashSize || !AuditCheckpoint.TryParseTime(checkpoint.Time, out var time))
            {
                return new AuditFailure(AuditFailureKind.CheckpointInvalid, checkpoint.Sequence, line.Number, $"checkpoint line {line.Number}: the hash or time is not valid");
            }

            if (checkpoint.Key != publicKey.Id)
            {
                return new AuditFailure(AuditFailureKind.CheckpointSignature, checkpoint.Sequence, line.Number,
                    $"the checkpoint on line {line.Number} (record {checkpoint.Sequence}) names key {checkpoint.Key}, not the trusted key {publicKey.Id}");
            }

            if (!publicKey.Verify(AuditCheckpoint.Message(checkpoint.Sequence, hash, time), signature))
            {
                return new AuditFailure(AuditFailureKind.CheckpointSignature, checkpoint.Sequence, line.Number,
                    $"the signature of the checkpoint on line {line.Number} (record {checkpoint.Sequence}) does not verify: the checkpoint was forged or altered");
            }

            if (checkpoint.Sequence < previousSequence || checkpoint.Sequence < 1)
            {
                return new AuditFailure(AuditFailureKind.CheckpointInvalid, checkpoint.Sequence, line.Number,
                    $"the checkpoint on line {line.Number} (record {checkpoint.Sequence}) is out of order after record {previousSequence}");
            }

            if (checkpoint.Sequence < Expected)
            {
                // Only reachable for a checkpoint line that repeats an earlier record's sequence out of order.
                return new AuditFailure(AuditFailureKind.CheckpointInvalid, checkpoint.Sequence, line.Number,
                    $"the checkpoint on line {line.Number} (record {checkpoint.Sequence}) is out of order");
            }

            CheckpointsSeen++;
            pending = line;
            pendingHash = hash;
            return null;
        }

        /// <summary>After the last record: any checkpoint still waiting signs a record that is gone.</summary>
        public AuditFailure? Finish()
        {
            if (pending is { } line)
            {
                var sequence = line.Checkpoint!.Sequence;
                return new AuditFailure(AuditFailureKind.Truncated, Expected, line.Number,
                    $"the log ends at record {Expected - 1} but the checkpoint on line {line.Number} signs record {sequence}: records from {Expected} on were deleted");
            }

            if (CheckpointsSeen == 0)
            {
                notes.Add("there are no signed checkpoints yet: only the chain was checked");
            }
            else if (LastCheckpoint < Expected - 1)
            {
                notes.Add($"records {LastCheckpoint + 1} to {Expected - 1} come after the last signed checkpoint");
            }

            return null;
        }
    }
}
