using Agora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Audit.Tests;

public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Many_concurrent_appenders_get_a_gap_free_chain_that_verifies(string provider)
    {
        await using var audit = await AuditHarness.StartAsync(provider, new AuditOptions { CheckpointEveryRecords = 1000, CheckpointInterval = TimeSpan.Zero });
        const int tasks = 48;
        const int each = 100;

        var receipts = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var mine = new List<AuditReceipt>();
            for (var i = 0; i < each; i++)
            {
                mine.Add(await audit.Log.AppendAsync(AuditHarness.Sample(t * each + i)));
            }

            return mine;
        })));
        await audit.RestartAsync();

        var sequences = receipts.SelectMany(r => r).Select(r => r.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(1, tasks * each).Select(i => (long)i), sequences);
        var result = await audit.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal(tasks * each, result.Records);
        Assert.True(result.Checkpoints >= 2);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_receipt_completes_only_once_its_record_is_committed(string provider)
    {
        await using var audit = await AuditHarness.StartAsync(provider);

        // Each appender reads its record back on a connection of its own the moment its receipt completes.
        var missing = await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            var notFound = 0;
            for (var i = 0; i < 15; i++)
            {
                var receipt = await audit.Log.AppendAsync(AuditHarness.Sample(i));
                await using var connection = await audit.OpenConnectionAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT hash FROM audit_records WHERE sequence = {receipt.Sequence}";
                var hash = await command.ExecuteScalarAsync() as byte[];
                if (hash is null || Convert.ToHexStringLower(hash) != receipt.Hash)
                {
                    notFound++;
                }
            }

            return notFound;
        })));

        Assert.All(missing, m => Assert.Equal(0, m));
    }

    [Fact]
    public async Task An_appender_that_blocks_once_its_receipt_is_in_does_not_hold_up_the_log()
    {
        // The receipts' continuations run on pool threads, never on the writer: an appender that waits synchronously
        // for a second append right after its first (here on every appender at once) must still get it.
        await using var audit = await AuditHarness.StartAsync(TestStore.Sqlite);

        var pairs = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var first = await audit.Log.AppendAsync(AuditHarness.Sample(t));
            var second = audit.Log.AppendAsync(AuditHarness.Sample(100 + t)).AsTask();
            Assert.True(second.Wait(TimeSpan.FromSeconds(30)), "the second append never completed");
            return (first.Sequence, second.Result.Sequence);
        })));

        Assert.All(pairs, p => Assert.True(p.Item2 > p.Item1));
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), pairs.SelectMany(p => new[] { p.Item1, p.Item2 }).Order());
        await audit.RestartAsync();
        var result = await audit.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Failure?.Message);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_commit_that_fails_fails_every_waiting_append_and_the_next_one_commits(string provider)
    {
        await using var audit = await AuditHarness.StartAsync(provider);
        await audit.Log.AppendAsync(AuditHarness.Sample(0));
        await audit.ExecuteAsync("ALTER TABLE audit_records RENAME TO audit_records_away");

        var failed = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await audit.Log.AppendAsync(AuditHarness.Sample(i));
                return false;
            }
            catch (AuditLogException)
            {
                return true;
            }
        })));

        Assert.All(failed, Assert.True);
        await audit.ExecuteAsync("ALTER TABLE audit_records_away RENAME TO audit_records");
        Assert.Equal(2, (await audit.Log.AppendAsync(AuditHarness.Sample(21))).Sequence);
        await audit.RestartAsync();
        var result = await audit.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal(2, result.Records);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Two_logs_on_one_store_never_fork_the_chain(string provider)
    {
        // Two writers (say, two nodes on one PostgreSQL, or the server and a command) share the table: each writer chains
        // onto the head it last wrote, the store writes the batch only if that is still the head under the table's write
        // lock, and otherwise the batch is chained onto the head read under the lock.
        await using var audit = await AuditHarness.StartAsync(provider);
        await using var second = new ServiceProviderScope(audit);

        await Task.WhenAll(
            Task.Run(() => audit.AppendAsync(200)),
            Task.Run(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    await second.Log.AppendAsync(AuditHarness.Sample(i));
                }
            }));
        await audit.RestartAsync();

        var result = await audit.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal(400, result.Records);
    }

    /// <summary>A second, independent log over the same store.</summary>
    private sealed class ServiceProviderScope(AuditHarness audit) : IAsyncDisposable
    {
        private readonly ServiceProvider services = Build(audit);

        public IAuditLog Log => services.GetRequiredService<IAuditLog>();

        private static ServiceProvider Build(AuditHarness audit)
        {
            var collection = new ServiceCollection();
            collection.AddAgoraAudit(audit.Store.Options, new AuditOptions { CheckpointInterval = TimeSpan.Zero });
            return collection.BuildServiceProvider();
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
