using System.Text.Json;
using Agora.Audit.Chain;
using Agora.Audit.Verification;
using Agora.Testing;

namespace Agora.Audit.Tests;

public sealed class ChainTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Appended_records_chain_from_genesis_keep_every_field_and_verify(string provider)
    {
        await using var audit = await AuditHarness.StartAsync(provider, new AuditOptions { CheckpointEveryRecords = 4, CheckpointInterval = TimeSpan.Zero });
        var full = new AuditEntry
        {
            Action = AuditActions.GrantApprove,
            Outcome = AuditOutcome.Denied,
            StatusCode = 403,
            Time = new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.FromHours(8)).AddTicks(1234567),
            UserId = Guid.CreateVersion7(),
            OrganizationId = Guid.CreateVersion7(),
            TokenId = Guid.CreateVersion7(),
            DatasetId = Guid.CreateVersion7(),
            OwnerOrganizationId = Guid.CreateVersion7(),
            DistributionId = Guid.CreateVersion7(),
            GrantId = Guid.CreateVersion7(),
            Purpose = "医保结算核验 \0 with a NUL",
            Columns = ["身份证号", "name", ""],
            RowCount = 0,
            Bytes = long.MaxValue,
            ClientAddress = "2001:db8::1",
            RequestId = "0HN8:00000001",
            Details = JsonSerializer.SerializeToElement(new { reason = "超出授权字段", fields = new[] { "phone" }, nested = new { n = 1.5 } }),
        };

        var receipts = await audit.AppendAsync(10, i => i == 3 ? full : AuditHarness.Sample(i));
        await audit.RestartAsync();

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), receipts.Select(r => r.Sequence));
        var records = await audit.ReadAllAsync();
        Assert.Equal(AuditCanonical.Genesis.ToArray(), records[0].PreviousHash);
        for (var i = 1; i < records.Count; i++)
        {
            Assert.Equal(records[i - 1].Hash, records[i].PreviousHash);
            Assert.Equal(receipts[i].Hash, Convert.ToHexStringLower(records[i].Hash));
        }

        var stored = records[3];
        Assert.Equal(full.Action, stored.Action);
        Assert.Equal(AuditOutcome.Denied, stored.Outcome);
        Assert.Equal(403, stored.StatusCode);
        Assert.Equal(new DateTime(2026, 3, 1, 0, 30, 15, DateTimeKind.Utc).AddTicks(1234560), stored.Time);
        Assert.Equal(DateTimeKind.Utc, stored.Time.Kind);
        Assert.Equal(full.UserId, stored.UserId);
        Assert.Equal(full.OrganizationId, stored.OrganizationId);
        Assert.Equal(full.TokenId, stored.TokenId);
        Assert.Equal(full.DatasetId, stored.DatasetId);
        Assert.Equal(full.OwnerOrganizationId, stored.OwnerOrganizationId);
        Assert.Equal(full.DistributionId, stored.DistributionId);
        Assert.Equal(full.GrantId, stored.GrantId);
        Assert.Equal("医保结算核验 \uFFFD with a NUL", stored.Purpose);
        Assert.Equal(["身份证号", "name", ""], stored.Columns);
        Assert.Equal(0, stored.RowCount);
        Assert.Equal(long.MaxValue, stored.Bytes);
        Assert.Equal("2001:db8::1", stored.ClientAddress);
        Assert.Equal("0HN8:00000001", stored.RequestId);
        Assert.Equal("""{"reason":"超出授权字段","fields":["phone"],"nested":{"n":1.5}}""", stored.Details);

        var result = await audit.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal(10, result.Records);
        Assert.Equal(10, result.HeadSequence);
        Assert.Equal(receipts[^1].Hash, result.HeadHash);
        Assert.Equal(3, result.Checkpoints); // after 4 and 8, and the final one on stop at 10
        Assert.Equal(10, result.LastCheckpointSequence);
    }

    [Fact]
    public async Task An_empty_log_verifies_and_says_that_nothing_is_signed_yet()
    {
        await using var audit = await AuditHarness.StartAsync(TestStore.Sqlite);

        var result = await audit.Verifier.VerifyAsync();

        Assert.True(result.Ok);
        Assert.Equal(0, result.Records);
        Assert.Contains(result.Notes, n => n.Contains("no signed checkpoints", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entries_that_cannot_be_recorded_are_refused_before_they_are_queued()
    {
        await using var audit = await AuditHarness.StartAsync(TestStore.Sqlite);

        var action = await Assert.ThrowsAsync<ArgumentException>(async () => await audit.Log.AppendAsync(new AuditEntry { Action = "Rows Read" }));
        Assert.Contains("action", action.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await audit.Log.AppendAsync(new AuditEntry { Action = "rows.read", RowCount = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await audit.Log.AppendAsync(new AuditEntry { Action = "rows.read", Purpose = new string('x', 5000) }));

        var receipt = await audit.Log.AppendAsync(new AuditEntry { Action = AuditActions.Login });
        Assert.Equal(1, receipt.Sequence);
    }

    [Fact]
    public async Task Details_written_once_are_stored_and_hashed_as_the_same_details_given_as_an_element()
    {
        var at = new DateTimeOffset(2026, 11, 27, 10, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);
        var values = new { serviceId = Guid.NewGuid(), path = "/items/\"7\"\u0000/数据<script>", requestInTs = at, requestOutTs = (DateTimeOffset?)null, size = 214L, ok = true, error = (string?)null };
        var written = AuditDetails.Object(values, static (json, v) =>
        {
            json.WriteString("serviceId", v.serviceId);
            json.WriteString("path", v.path);
            json.WriteString("requestInTs", v.requestInTs);
            json.WriteNull("requestOutTs");
            json.WriteNumber("size", v.size);
            json.WriteBoolean("ok", v.ok);
            json.WriteString("error", v.error);
        });
        var now = DateTime.UtcNow;
        var fromElement = AuditEntries.ToRecord(new AuditEntry { Action = AuditActions.GatewayCall, Time = at, Details = JsonSerializer.SerializeToElement(values) }, now);
        var fromWriter = AuditEntries.ToRecord(new AuditEntry { Action = AuditActions.GatewayCall, Time = at, WrittenDetails = written }, now);
        Assert.Equal(fromElement.Details, fromWriter.Details);
        Assert.DoesNotContain("\0", fromWriter.Details!, StringComparison.Ordinal);

        await using var audit = await AuditHarness.StartAsync(TestStore.Sqlite);
        var first = await audit.Log.AppendAsync(new AuditEntry { Action = AuditActions.GatewayCall, Time = at, WrittenDetails = written });
        Assert.Equal(1, first.Sequence);
        var tooLarge = AuditDetails.Object(0, static (json, _) => json.WriteString("padding", new string('x', AuditEntries.MaxDetailsBytes)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await audit.Log.AppendAsync(new AuditEntry { Action = AuditActions.GatewayCall, WrittenDetails = tooLarge }));
        Assert.Equal(2, (await audit.Log.AppendAsync(new AuditEntry { Action = AuditActions.GatewayCall, WrittenDetails = written })).Sequence);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_record_the_store_refuses_fails_its_append_writes_nothing_and_the_chain_goes_on(string provider)
    {
        await using var audit = await AuditHarness.StartAsync(provider);
        Assert.Equal(1, (await audit.Log.AppendAsync(AuditHarness.Sample(0))).Sequence);
        await audit.ExecuteAsync(provider == TestStore.Sqlite
            ? "CREATE TRIGGER refuse BEFORE INSERT ON audit_records WHEN NEW.request_id = 'refuse-me' BEGIN SELECT RAISE(ABORT, 'refused by the store'); END"
            : "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.request_id = 'refuse-me' THEN RAISE EXCEPTION 'refused by the store'; END IF; RETURN NEW; END $$; "
              + "CREATE TRIGGER refuse BEFORE INSERT ON audit_records FOR EACH ROW EXECUTE FUNCTION refuse()");

        var refused = AuditHarness.Sample(1) with { RequestId = "refuse-me" };
        var failure = await Assert.ThrowsAsync<AuditLogException>(async () => await audit.Log.AppendAsync(refused));
        Assert.Contains("refused by the store", failure.Message, StringComparison.Ordinal);

        var next = await audit.Log.AppendAsync(AuditHarness.Sample(2));
        Assert.Equal(2, next.Sequence);
        var result = await audit.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal(2, result.Records);
    }

    [Fact]
    public async Task A_stopped_log_refuses_appends_instead_of_losing_them()
    {
        await using var audit = await AuditHarness.StartAsync(TestStore.Sqlite);
        await audit.Log.AppendAsync(AuditHarness.Sample(0));
        var log = audit.Log;

        await audit.Services.FlushAuditAsync();

        await Assert.ThrowsAsync<AuditLogException>(async () => await log.AppendAsync(AuditHarness.Sample(1)));
    }

    [Fact]
    public void The_canonical_form_is_fixed_byte_for_byte()
    {
        // A record whose hash is written down here: any change to the encoding breaks every stored chain.
        var record = new AuditRecord
        {
            Sequence = 1,
            Time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Action = "login",
            Outcome = AuditOutcome.Ok,
            UserId = Guid.Parse("01234567-89ab-cdef-0123-456789abcdef"),
            Columns = ["a"],
            PreviousHash = AuditCanonical.Genesis.ToArray(),
        };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        AuditCanonical.Write(record, buffer);
        var bytes = buffer.WrittenSpan.ToArray();

        Assert.Equal("AGORA-AUDIT-1\n"u8.ToArray(), bytes[..14]);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1], bytes[14..22]);
        Assert.Equal(BitConverter.GetBytes(1767225600000000L).Reverse().ToArray(), bytes[22..30]);
        Assert.Equal([0, 0, 0, 5, (byte)'l', (byte)'o', (byte)'g', (byte)'i', (byte)'n'], bytes[30..39]);
        Assert.Equal([0, 0, 0, 2, (byte)'o', (byte)'k', 0, 1, 0x01, 0x23, 0x45, 0x67], bytes[39..51]);
        Assert.Equal(14 + 8 + 8 + 9 + 6 + 1 + 17 + 6 + 1 + 10 + 2 + 3 + 32, bytes.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Convert.ToHexStringLower(AuditCanonical.ComputeHash(record)));
    }
}
