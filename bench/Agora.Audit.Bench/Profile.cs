using System.Diagnostics;
using Agora.Audit;
using Agora.Audit.Chain;
using Agora.Audit.Storage;
using Agora.Catalog.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Where the time of one append and one verified record goes, in CPU time (the machine is shared).</summary>
internal static class Profile
{
    public static async Task RunAsync(StorageOptions storage, int count)
    {
        var services = new ServiceCollection().AddAgoraAudit(storage, new AuditOptions()).BuildServiceProvider();
        await services.MigrateAuditAsync();
        var records = Enumerable.Range(0, count).Select(i => AuditEntries.ToRecord(new AuditEntry
        {
            Action = AuditActions.RowsRead,
            UserId = Guid.CreateVersion7(),
            OrganizationId = Guid.CreateVersion7(),
            TokenId = Guid.CreateVersion7(),
            DatasetId = Guid.CreateVersion7(),
            OwnerOrganizationId = Guid.CreateVersion7(),
            DistributionId = Guid.CreateVersion7(),
            Purpose = "低保资格复核",
            Columns = ["姓名", "身份证号", "district", "amount"],
            RowCount = i,
            Bytes = i * 120,
            StatusCode = 200,
            ClientAddress = "10.12.0.1",
            RequestId = $"0HNA:{i:X8}",
        }, DateTime.UtcNow)).ToList();

        var previous = AuditCanonical.Genesis.ToArray();
        await Measure("hash", count, () =>
        {
            long sequence = 0;
            foreach (var r in records)
            {
                r.Sequence = ++sequence;
                r.PreviousHash = previous;
                r.Hash = new byte[32];
                AuditCanonical.ComputeHash(r, r.Hash);
                previous = r.Hash;
            }

            return Task.CompletedTask;
        });

        previous = AuditCanonical.Genesis.ToArray();
        await Measure("hash again", count, () =>
        {
            long sequence = 0;
            foreach (var r in records)
            {
                r.Sequence = ++sequence;
                r.PreviousHash = previous;
                r.Hash = new byte[32];
                AuditCanonical.ComputeHash(r, r.Hash);
                previous = r.Hash;
            }

            return Task.CompletedTask;
        });

        var contexts = services.GetRequiredService<Func<AuditDbContext>>();
        await using var db = contexts();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var store = AuditStore.For(connection);
        await store.PrepareWriterAsync(connection, CancellationToken.None);
        await Measure("insert", count, async () =>
        {
            for (var i = 0; i < records.Count; i += 8192)
            {
                await using var tx = await store.BeginAppendAsync(connection, CancellationToken.None);
                await store.InsertAsync(connection, tx, records.Skip(i).Take(8192).ToList(), CancellationToken.None);
                await tx.CommitAsync();
            }
        });
        if (Environment.GetEnvironmentVariable("PROFILE_NOINDEX") == "1")
        {
            await using var wipe = connection.CreateCommand();
            wipe.CommandText = "DROP TRIGGER audit_records_no_delete; DELETE FROM audit_records; DROP INDEX ix_audit_records_time; DROP INDEX ix_audit_records_organization; DROP INDEX ix_audit_records_owner; DROP INDEX ix_audit_records_dataset; DROP INDEX ix_audit_records_user; DROP INDEX ix_audit_records_action;";
            await wipe.ExecuteNonQueryAsync();
            await Measure("insert without secondary indexes", count, async () =>
            {
                for (var i = 0; i < records.Count; i += 8192)
                {
                    await using var tx = await store.BeginAppendAsync(connection, CancellationToken.None);
                    await store.InsertAsync(connection, tx, records.Skip(i).Take(8192).ToList(), CancellationToken.None);
                    await tx.CommitAsync();
                }
            });
        }

        await Measure("read", count, async () =>
        {
            await foreach (var r in store.ReadAsync(connection, null, null, null, CancellationToken.None))
            {
            }
        });
        await Measure("verify", count, async () =>
        {
            var result = await services.GetRequiredService<Agora.Audit.Verification.AuditVerifier>().VerifyAsync();
            Console.WriteLine($"  verify ok={result.Ok} {result.Failure?.Message}");
        });
    }

    private static async Task Measure(string name, int count, Func<Task> action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await action();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"{name}: {watch.Elapsed.TotalSeconds:F2} s wall, {used.TotalSeconds:F2} s CPU, {used.TotalMicroseconds / count:F1} µs CPU per record");
    }
}
