using System.Data.Common;
using System.Text.Json;
using Agora.Audit.Chain;
using Agora.Audit.Checkpoints;
using Agora.Audit.Storage;
using Agora.Audit.Verification;
using Agora.Testing;
using NSec.Cryptography;

namespace Agora.Audit.Tests;

/// <summary>What someone with write access to the database (or the checkpoint file) might do, and what verify says.</summary>
public sealed class TamperTests
{
    private const int Count = 20;

    private static async Task<AuditHarness> SignedLogAsync(string provider)
    {
        // Checkpoints after records 5, 10, 15 and 20 (the last one when the log stops).
        var audit = await AuditHarness.StartAsync(provider, new AuditOptions { CheckpointEveryRecords = 5, CheckpointInterval = TimeSpan.Zero });
        await audit.AppendAsync(Count);
        await audit.RestartAsync();
        var intact = await audit.Verifier.VerifyAsync();
        Assert.True(intact.Ok, intact.Failure?.Message);
        Assert.Equal(4, intact.Checkpoints);
        await audit.DropAppendOnlyTriggersAsync();
        return audit;
    }

    private static async Task<AuditFailure> FailureAsync(AuditHarness audit)
    {
        var result = await audit.Verifier.VerifyAsync();
        Assert.False(result.Ok);
        return result.Failure!;
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task The_store_refuses_updates_and_deletes_while_the_triggers_stand(string provider)
    {
        await using var audit = await AuditHarness.StartAsync(provider);
        await audit.AppendAsync(2);

        await Assert.ThrowsAnyAsync<DbException>(() => audit.ExecuteAsync("UPDATE audit_records SET row_count = 1 WHERE sequence = 1"));
        await Assert.ThrowsAnyAsync<DbException>(() => audit.ExecuteAsync("DELETE FROM audit_records WHERE sequence = 2"));
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task An_altered_field_is_named(string provider)
    {
        await using var audit = await SignedLogAsync(provider);

        await audit.ExecuteAsync("UPDATE audit_records SET row_count = 5 WHERE sequence = 7");

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.Altered, failure.Kind);
        Assert.Equal(7, failure.Sequence);
        Assert.Contains("record 7", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_value_altered_into_something_unreadable_is_named_not_a_crash(string provider)
    {
        await using var audit = await SignedLogAsync(provider);

        await audit.ExecuteAsync("UPDATE audit_records SET columns = '[\"姓名\", 3' WHERE sequence = 9");

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.Altered, failure.Kind);
        Assert.Equal(9, failure.Sequence);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_deleted_record_is_named(string provider)
    {
        await using var audit = await SignedLogAsync(provider);

        await audit.ExecuteAsync("DELETE FROM audit_records WHERE sequence = 7");

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.Missing, failure.Kind);
        Assert.Equal(7, failure.Sequence);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_deleted_record_whose_followers_were_renumbered_breaks_the_link(string provider)
    {
        await using var audit = await SignedLogAsync(provider);

        await audit.ExecuteAsync("DELETE FROM audit_records WHERE sequence = 7");
        await audit.ExecuteAsync("UPDATE audit_records SET sequence = sequence + 1000 WHERE sequence > 7");
        await audit.ExecuteAsync("UPDATE audit_records SET sequence = sequence - 1001 WHERE sequence > 1000");

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.LinkBroken, failure.Kind);
        Assert.Equal(7, failure.Sequence);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_reordered_pair_is_named(string provider)
    {
        await using var audit = await SignedLogAsync(provider);

        // Swap the contents of records 7 and 8 (everything but the sequence numbers).
        await audit.ExecuteAsync("UPDATE audit_records SET sequence = -7 WHERE sequence = 7");
        await audit.ExecuteAsync("UPDATE audit_records SET sequence = 7 WHERE sequence = 8");
        await audit.ExecuteAsync("UPDATE audit_records SET sequence = 8 WHERE sequence = -7");

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.LinkBroken, failure.Kind);
        Assert.Equal(7, failure.Sequence);
        Assert.Contains("deleted, reordered or inserted", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task An_inserted_forged_record_with_a_correct_hash_is_caught_at_the_next_link(string provider)
    {
        await using var audit = await SignedLogAsync(provider);
        var records = await audit.ReadAllAsync();

        // The forger knows the algorithm: the forged record links to record 10 and carries its own correct hash.
        await audit.ExecuteAsync("UPDATE audit_records SET sequence = sequence + 1000 WHERE sequence > 10");
        await audit.ExecuteAsync("UPDATE audit_records SET sequence = sequence - 999 WHERE sequence > 1000");
        var forged = new AuditRecord
        {
            Sequence = 11,
            Time = records[9].Time.AddTicks(10),
            Action = AuditActions.GrantApprove,
            Outcome = AuditOutcome.Ok,
            UserId = Guid.CreateVersion7(),
            PreviousHash = records[9].Hash,
        };
        forged.Hash = AuditCanonical.ComputeHash(forged);
        await InsertAsync(audit, forged);

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.LinkBroken, failure.Kind);
        Assert.Equal(12, failure.Sequence);
        Assert.Contains("does not link to record 11", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_chain_rewritten_with_fresh_hashes_is_caught_by_the_signed_checkpoint(string provider)
    {
        await using var audit = await SignedLogAsync(provider);

        await RewriteFromAsync(audit, 7);

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.CheckpointMismatch, failure.Kind);
        Assert.Equal(10, failure.Sequence);
        Assert.Equal(2, failure.CheckpointLine);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_forged_checkpoint_signature_is_named(string provider)
    {
        await using var audit = await SignedLogAsync(provider);

        // Rewrite the chain and make the checkpoints say the new hashes, keeping their old signatures.
        var rewritten = await RewriteFromAsync(audit, 7);
        var lines = await File.ReadAllLinesAsync(audit.CheckpointPath);
        for (var i = 0; i < lines.Length; i++)
        {
            var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(lines[i])!;
            lines[i] = JsonSerializer.Serialize(checkpoint with { Hash = Convert.ToHexStringLower(rewritten[(int)checkpoint.Sequence - 1].Hash) });
        }

        await File.WriteAllLinesAsync(audit.CheckpointPath, lines);

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.CheckpointSignature, failure.Kind);
        Assert.Equal(10, failure.Sequence);
        Assert.Equal(2, failure.CheckpointLine);
        Assert.Contains("does not verify", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_signed_with_another_key_is_named()
    {
        await using var audit = await SignedLogAsync(TestStore.Sqlite);

        var records = await audit.ReadAllAsync();
        using var forger = Key.Create(SignatureAlgorithm.Ed25519);
        var time = DateTime.UtcNow;
        var time6 = AuditCanonical.Truncate(time);
        var signature = SignatureAlgorithm.Ed25519.Sign(forger, AuditCheckpoint.Message(20, records[19].Hash, time6));
        var lines = (await File.ReadAllLinesAsync(audit.CheckpointPath)).ToList();
        lines[3] = JsonSerializer.Serialize(new AuditCheckpoint(20, Convert.ToHexStringLower(records[19].Hash),
            AuditCheckpoint.FormatTime(time6), "0011223344556677", Convert.ToBase64String(signature)));
        await File.WriteAllLinesAsync(audit.CheckpointPath, lines);

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.CheckpointSignature, failure.Kind);
        Assert.Equal(4, failure.CheckpointLine);
        Assert.Contains("not the trusted key", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_cut_off_end_is_caught_by_the_checkpoint_that_signed_it(string provider)
    {
        await using var audit = await SignedLogAsync(provider);

        await audit.ExecuteAsync("DELETE FROM audit_records WHERE sequence > 12");

        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.Truncated, failure.Kind);
        Assert.Equal(13, failure.Sequence);
        Assert.Contains("signs record 15", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbled_checkpoint_line_is_named_and_a_torn_last_line_is_only_noted()
    {
        await using var audit = await SignedLogAsync(TestStore.Sqlite);
        var original = await File.ReadAllTextAsync(audit.CheckpointPath);

        await File.WriteAllTextAsync(audit.CheckpointPath, original + "{\"sequence\":21,\"ha");
        var torn = await audit.Verifier.VerifyAsync();
        Assert.True(torn.Ok, torn.Failure?.Message);
        Assert.Contains(torn.Notes, n => n.Contains("cut short", StringComparison.Ordinal));

        await File.WriteAllTextAsync(audit.CheckpointPath, original.Replace("\"signature\"", "\"signatur\"", StringComparison.Ordinal));
        var failure = await FailureAsync(audit);
        Assert.Equal(AuditFailureKind.CheckpointInvalid, failure.Kind);
        Assert.Equal(1, failure.CheckpointLine);
    }

    /// <summary>Changes record <paramref name="from"/> and recomputes every hash after it, as a careful forger would.</summary>
    private static async Task<List<AuditRecord>> RewriteFromAsync(AuditHarness audit, long from)
    {
        var records = await audit.ReadAllAsync();
        var previous = records[(int)from - 2].Hash;
        foreach (var record in records.Where(r => r.Sequence >= from))
        {
            if (record.Sequence == from)
            {
                record.RowCount = 0;
            }

            record.PreviousHash = previous;
            record.Hash = AuditCanonical.ComputeHash(record);
            previous = record.Hash;
            await audit.ExecuteAsync("UPDATE audit_records SET row_count = @rows, previous_hash = @previous, hash = @hash WHERE sequence = @sequence",
                ("@rows", record.RowCount), ("@previous", record.PreviousHash), ("@hash", record.Hash), ("@sequence", record.Sequence));
        }

        return records;
    }

    private static async Task InsertAsync(AuditHarness audit, AuditRecord record)
    {
        await using var connection = await audit.OpenConnectionAsync();
        var store = AuditStore.For(connection);
        await using var transaction = await connection.BeginTransactionAsync();
        await store.InsertAsync(connection, transaction, [record], CancellationToken.None);
        await transaction.CommitAsync();
    }
}
