// Appends to the audit log from many tasks without end and prints each sequence number the moment its receipt
// completes, so that a test can kill this process with SIGKILL and then check that every printed record is stored.
// Usage: dotnet Agora.Audit.CrashWriter.dll DATA_DIR [DATABASE]
using Agora.Audit;
using Agora.Catalog.Storage;
using Microsoft.Extensions.DependencyInjection;

var storage = new StorageOptions { DataDirectory = args[0], Database = args.Length > 1 && args[1].Length > 0 ? args[1] : null };
var services = new ServiceCollection();
services.AddAgoraAudit(storage, new AuditOptions { CheckpointEveryRecords = 1000, CheckpointInterval = TimeSpan.FromMilliseconds(100) });
var provider = services.BuildServiceProvider();
await provider.MigrateAuditAsync();
var log = provider.GetRequiredService<IAuditLog>();

var stdout = Console.OpenStandardOutput();
var gate = new Lock();
void Acknowledge(long sequence)
{
    var line = System.Text.Encoding.ASCII.GetBytes(sequence + "\n");
    lock (gate)
    {
        stdout.Write(line);
        stdout.Flush();
    }
}

lock (gate)
{
    stdout.Write("ready\n"u8);
    stdout.Flush();
}

var organization = Guid.NewGuid();
var writers = Enumerable.Range(0, 32).Select(w => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var receipt = await log.AppendAsync(new AuditEntry
        {
            Action = AuditActions.RowsRead,
            OrganizationId = organization,
            DatasetId = Guid.NewGuid(),
            Purpose = $"writer {w} append {i}",
            Columns = ["name", "district"],
            RowCount = i,
            StatusCode = 200,
        });
        Acknowledge(receipt.Sequence);
    }
}));
await Task.WhenAll(writers);
