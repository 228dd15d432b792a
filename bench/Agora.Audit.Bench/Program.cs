// Audit log figures (issue 6): durable appends per second on SQLite and PostgreSQL with many concurrent appenders, and
// a full verification over 1,000,000 records. Writes bench/results/audit.md.
//
//   dotnet run --project bench/Agora.Audit.Bench -c Release -- [--seconds 10] [--appenders 256] [--records 1000000]
//       [--postgres "Host=...;Username=...;Database=postgres"] [--output bench/results/audit.md]
//       [--postgres-only] [--appends-only]   (quicker runs while comparing changes: one store, no verify)
//       [--search [--rounds 50]]   (fills --records records per store, then times each search shape; prints a table)
//       [--warmup-seconds 30]   (at most this long: appends at full concurrency, not counted, until the JIT settles)
//
// PostgreSQL comes from --postgres, else AGORA_BENCH_POSTGRES, else AGORA_TEST_POSTGRES; without one only SQLite runs.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Agora.Audit;
using Agora.Audit.Verification;
using Agora.Catalog.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

var seconds = Option("--seconds", 10);
var appenders = Option("--appenders", 256);
var records = Option("--records", 1_000_000);
var warmup = Option("--warmup-seconds", 30);
var postgres = OptionText("--postgres") ?? Environment.GetEnvironmentVariable("AGORA_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("AGORA_TEST_POSTGRES");
var output = OptionText("--output") ?? Path.Combine(FindRoot(), "bench", "results", "audit.md");

if (args.Contains("--profile"))
{
    var dir = Directory.CreateTempSubdirectory("agora-audit-profile-").FullName;
    await Profile.RunAsync(new StorageOptions { DataDirectory = dir, Database = OptionText("--database") }, records);
    return;
}

if (args.Contains("--search"))
{
    var table = new StringBuilder();
    table.AppendLine(CultureInfo.InvariantCulture, $"Search at {records:N0} records, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average before {LoadAverage()}.");
    table.AppendLine();
    table.AppendLine("| store | search (first page of 50, newest first) | records found | median | p99 |");
    table.AppendLine("|---|---|---:|---:|---:|");
    foreach (var (name, server) in new[] { ("SQLite", (string?)null), ("PostgreSQL", postgres) })
    {
        if ((server is null && args.Contains("--postgres-only")) || (name == "PostgreSQL" && server is null))
        {
            continue;
        }

        await using var store = await BenchStore.CreateAsync(server);
        await using var services = Build(store.Options, new AuditOptions { CheckpointEveryRecords = 100_000 });
        table.Append(await Search.RunAsync(name, services, records, Option("--rounds", 50)));
    }

    table.AppendLine();
    table.AppendLine(CultureInfo.InvariantCulture, $"Load average after {LoadAverage()}.");
    if (OptionText("--output") is { } searchOutput)
    {
        await File.WriteAllTextAsync(searchOutput, table.ToString());
    }

    Console.WriteLine(table);
    return;
}

var report = new StringBuilder();
report.AppendLine("# Audit log benchmark");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}), load average before the run {LoadAverage()}.");
report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run --project bench/Agora.Audit.Bench -c Release -- --seconds {seconds} --appenders {appenders} --records {records}`.");
report.AppendLine();
report.AppendLine("Durability: SQLite in WAL mode, the audit writer's connection at `synchronous=FULL` (each commit fsyncs the WAL);");
report.AppendLine("PostgreSQL with the writer's session at `synchronous_commit=on` (each commit waits for its WAL flush). A receipt");
report.AppendLine("completes only after its transaction committed. Appenders await each receipt before their next append.");
report.AppendLine("Each store first takes appends at full concurrency that are not counted, one second at a time, until a second");
report.AppendLine(CultureInfo.InvariantCulture, $"spends under 20 ms in the JIT (at most {warmup} s): the measured seconds are then a running server's, not the tiered");
report.AppendLine("JIT's recompilations of the hot paths, which took a quarter of this process's CPU in a 10 s run after a 3 s warm-up.");
report.AppendLine("The last column shows the JIT time left in the measured run.");
report.AppendLine();
report.AppendLine("## Appends");
report.AppendLine();
report.AppendLine("The machine is shared (see the load average): *records per CPU-second* is what this process spent (user + system,");
report.AppendLine("appenders and writer together; the PostgreSQL server's own CPU is not in it), the figure that does not depend on");
report.AppendLine("how much of the machine the run got.");
report.AppendLine();
report.AppendLine("| store | appenders | seconds | records | records/s | records per CPU-second | commits (fsyncs) | records per commit | append latency p50 | p99 | JIT during the run |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

var verifyRows = new List<string>();
var appendsOnly = args.Contains("--appends-only");
if (!args.Contains("--postgres-only"))
{
    await RunAsync("SQLite", null);
}

if (postgres is not null)
{
    var settings = await PostgresSettingsAsync(postgres);
    report.Insert(report.ToString().IndexOf("## Appends", StringComparison.Ordinal),
        $"PostgreSQL server settings: {settings}.\n\n");
    await RunAsync("PostgreSQL", postgres);
}
else
{
    Console.Error.WriteLine("no PostgreSQL (set AGORA_BENCH_POSTGRES or pass --postgres): only SQLite runs");
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"## Verify ({records:N0} records)");
report.AppendLine();
report.AppendLine("Streams every record in sequence order, recomputes its SHA-256, checks each link and each signed checkpoint");
report.AppendLine("(the library call behind `agora audit verify`). The log was filled by the same durable writer first.");
report.AppendLine();
report.AppendLine("| store | records | checkpoints | fill records/s | verify seconds | verified records/s | verify CPU seconds | result |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var row in verifyRows)
{
    report.AppendLine(row);
}

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine(report);
Console.WriteLine($"written to {output}");
return;

async Task RunAsync(string name, string? server)
{
    {
        await using var store = await BenchStore.CreateAsync(server);
        await using var services = Build(store.Options, new AuditOptions());
        var log = services.GetRequiredService<IAuditLog>();
        await log.AppendAsync(Entry(0, 0)); // connection, key
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed.TotalSeconds < warmup
            && (await AppendForAsync(services, TimeSpan.FromSeconds(1), appenders)).Jit >= 20)
        {
        }

        Console.WriteLine($"{name}: warmed up for {warming.Elapsed.TotalSeconds:F0} s");

        var figure = await AppendForAsync(services, TimeSpan.FromSeconds(seconds), appenders);
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {appenders} | {figure.Seconds:F1} | {figure.Records:N0} | **{figure.Records / figure.Seconds:N0}** | {figure.Records / figure.Cpu:N0} | {figure.Batches:N0} | {(double)figure.Records / Math.Max(1, figure.Batches):N0} | {figure.P50:F1} ms | {figure.P99:F1} ms | {figure.Jit:N0} ms |");
        Console.WriteLine($"{name}: {figure.Records / figure.Seconds:N0} records/s");
        foreach (var few in new[] { 1, 16 })
        {
            var small = await AppendForAsync(services, TimeSpan.FromSeconds(Math.Max(2, seconds / 3)), few);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {few} | {small.Seconds:F1} | {small.Records:N0} | {small.Records / small.Seconds:N0} | {small.Records / small.Cpu:N0} | {small.Batches:N0} | {(double)small.Records / Math.Max(1, small.Batches):N1} | {small.P50:F1} ms | {small.P99:F1} ms | {small.Jit:N0} ms |");
        }
    }

    if (!appendsOnly)
    {
        await using var store = await BenchStore.CreateAsync(server);
        var fillWatch = Stopwatch.StartNew();
        await using (var services = Build(store.Options, new AuditOptions { CheckpointEveryRecords = 10_000 }))
        {
            await FillAsync(services, records, 512);
        }

        var fillRate = records / fillWatch.Elapsed.TotalSeconds;
        await using var verifying = Build(store.Options, new AuditOptions());
        var verifier = verifying.GetRequiredService<AuditVerifier>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await verifier.VerifyAsync();
        watch.Stop();
        var verifyCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        verifyRows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {result.Records:N0} | {result.Checkpoints:N0} | {fillRate:N0} | **{watch.Elapsed.TotalSeconds:F2}** | {result.Records / watch.Elapsed.TotalSeconds:N0} | {verifyCpu:F2} | {(result.Ok ? "ok" : result.Failure!.Message)} |"));
        Console.WriteLine($"{name}: verified {result.Records:N0} records in {watch.Elapsed.TotalSeconds:F2} s ({(result.Ok ? "ok" : result.Failure!.Message)})");
    }
}

static ServiceProvider Build(StorageOptions storage, AuditOptions options)
{
    var services = new ServiceCollection();
    services.AddAgoraAudit(storage, options);
    var provider = services.BuildServiceProvider();
    provider.MigrateAuditAsync().GetAwaiter().GetResult();
    return provider;
}

static AuditEntry Entry(int appender, long i) => new()
{
    Action = AuditActions.RowsRead,
    UserId = Guid.CreateVersion7(),
    OrganizationId = Guid.CreateVersion7(),
    TokenId = Guid.CreateVersion7(),
    DatasetId = Guid.CreateVersion7(),
    OwnerOrganizationId = Guid.CreateVersion7(),
    DistributionId = Guid.CreateVersion7(),
    Purpose = "低保资格复核 (minimum living allowance review)",
    Columns = ["姓名", "身份证号", "district", "amount"],
    RowCount = i,
    Bytes = i * 120,
    StatusCode = 200,
    ClientAddress = "10.12.0." + (appender % 250),
    RequestId = $"0HNA{appender:X4}:{i:X8}",
};

static async Task<(long Records, double Seconds, double Cpu, long Batches, double P50, double P99, double Jit)> AppendForAsync(ServiceProvider services, TimeSpan duration, int concurrency)
{
    var log = services.GetRequiredService<IAuditLog>();
    var inner = services.GetRequiredService<AuditLog>();
    var batchesBefore = inner.Batches;
    var latencies = new List<double>[concurrency];
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var jit = System.Runtime.JitInfo.GetCompilationTime();
    var watch = Stopwatch.StartNew();
    var deadline = duration;
    var tasks = Enumerable.Range(0, concurrency).Select(a => Task.Run(async () =>
    {
        var mine = latencies[a] = new List<double>(4096);
        long i = 0;
        while (watch.Elapsed < deadline)
        {
            var start = Stopwatch.GetTimestamp();
            await log.AppendAsync(Entry(a, i++));
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    })).ToArray();
    await Task.WhenAll(tasks);
    watch.Stop();
    var all = latencies.SelectMany(l => l).Order().ToArray();
    var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    var jitUsed = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds;
    return (all.Length, watch.Elapsed.TotalSeconds, used, inner.Batches - batchesBefore, all[all.Length / 2], all[(int)(all.Length * 0.99)], jitUsed);
}

static async Task FillAsync(ServiceProvider services, int count, int concurrency)
{
    var log = services.GetRequiredService<IAuditLog>();
    long next = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(a => Task.Run(async () =>
    {
        long i;
        while ((i = Interlocked.Increment(ref next)) <= count)
        {
            await log.AppendAsync(Entry(a, i));
        }
    })));
}

static async Task<string> PostgresSettingsAsync(string connection)
{
    await using var c = new NpgsqlConnection(connection);
    await c.OpenAsync();
    var parts = new List<string>();
    foreach (var setting in new[] { "server_version", "fsync", "synchronous_commit", "wal_sync_method" })
    {
        await using var command = new NpgsqlCommand($"SHOW {setting}", c);
        parts.Add($"`{setting}={await command.ExecuteScalarAsync()}`");
    }

    return string.Join(", ", parts);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int Option(string name, int fallback) =>
    OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Agora.slnx")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

/// <summary>A throwaway store: SQLite in a temporary folder, or a new database on the PostgreSQL server.</summary>
internal sealed class BenchStore : IAsyncDisposable
{
    private readonly string? server;
    private readonly string? database;

    private BenchStore(StorageOptions options, string? server, string? database)
    {
        Options = options;
        this.server = server;
        this.database = database;
    }

    public StorageOptions Options { get; }

    public static async Task<BenchStore> CreateAsync(string? server)
    {
        var directory = Directory.CreateTempSubdirectory("agora-audit-bench-").FullName;
        if (server is null)
        {
            return new BenchStore(new StorageOptions { DataDirectory = directory }, null, null);
        }

        var name = "agora_audit_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new BenchStore(new StorageOptions { DataDirectory = directory, Database = builder.ConnectionString }, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Options.DataDirectory, recursive: true);
    }
}
