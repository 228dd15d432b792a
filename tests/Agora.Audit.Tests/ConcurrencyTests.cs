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
