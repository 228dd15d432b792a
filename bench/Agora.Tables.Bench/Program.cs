using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Agora.Tables;
using Agora.Tables.Access;
using Agora.Tables.Audit;
using Agora.Tables.Bench;
using Agora.Tables.Jobs;
using Agora.Tables.Query;
using Agora.Tables.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// Usage: Agora.Tables.Bench [--rows N] [--work DIR] [--out FILE] [--runs N]
//        Agora.Tables.Bench --http-only [--rows N] [--work DIR] [--requests N]   (first page over HTTP only; prints the figures)
//        Agora.Tables.Bench --grants [--rows N] [--work DIR] [--runs N] [--out FILE] [--explain]   (grant enforcement; writes results/grants.md)
//        Agora.Tables.Bench ingest FILE DATADIR   (child process: one ingest, prints JSON with peak RSS)
if (args.Length == 3 && args[0] == "ingest")
{
    return await IngestChild(args[1], args[2]);
}
var rows = Option("--rows", 5_000_000);
var runs = Option("--runs", 3);
var work = OptionText("--work", Path.Combine(Path.GetTempPath(), "agora-tables-bench"));
if (args.Length > 1 && args[0] == "--sql")
{
    return await GrantsBench.SqlAsync(Path.Combine(Path.GetTempPath(), "agora-grants-bench"), Option("--rows", 10_000_000), args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToList());
}
if (args.Contains("--grants"))
{
    // Its own work folder by default: the 10-million-row table is ingested once and reused by later runs.
    return await GrantsBench.RunAsync(
        OptionText("--work", Path.Combine(Path.GetTempPath(), "agora-grants-bench")),
        Option("--rows", 10_000_000),
        Option("--runs", 7),
        OptionText("--out", Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../results/grants.md"))),
        args.Contains("--explain"),
        Array.IndexOf(args, "--only") is var o and >= 0 ? int.Parse(args[o + 1], CultureInfo.InvariantCulture) : null);
}
if (args.Contains("--http-only"))
{
    return await HttpOnly.RunAsync(work, rows, Option("--requests", 50));
}
var output = OptionText("--out", Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../results/tables.md")));
Directory.CreateDirectory(work);
var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
var utf8 = Path.Combine(work, $"visits-{rows}.utf8.csv");
var gb = Path.Combine(work, $"visits-{rows}.gb18030.csv");
if (!File.Exists(utf8))
{
    Log($"generating {rows:N0} rows");
    DataGenerator.Write(utf8 + ".tmp", rows);
    File.Move(utf8 + ".tmp", utf8);
}
if (!File.Exists(gb))
{
    DataGenerator.ToGb18030(utf8, gb + ".tmp");
    File.Move(gb + ".tmp", gb);
}
if (!OperatingSystem.IsWindows())
{
    // The PostgreSQL server reads the files for COPY as its own user.
    foreach (var file in new[] { utf8, gb })
    {
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
    File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
}
var utf8Mb = new FileInfo(utf8).Length / 1e6;
var gbMb = new FileInfo(gb).Length / 1e6;
Log($"files: {utf8Mb:0} MB UTF-8, {gbMb:0} MB GB18030");

// Ingest: each in a fresh process, so peak RSS is the ingest's own.
var dataDir = Path.Combine(work, "data");
var utf8Runs = new List<JsonElement>();
var gbRuns = new List<JsonElement>();
for (var i = 0; i < runs; i++)
{
    utf8Runs.Add(RunChild(utf8, dataDir));
    gbRuns.Add(RunChild(gb, dataDir));
}
double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
var utf8Queryable = Median(utf8Runs.Select(r => r.GetProperty("queryable").GetDouble()));
var utf8Total = Median(utf8Runs.Select(r => r.GetProperty("total").GetDouble()));
var gbQueryable = Median(gbRuns.Select(r => r.GetProperty("queryable").GetDouble()));
var gbTotal = Median(gbRuns.Select(r => r.GetProperty("total").GetDouble()));
var peakMb = utf8Runs.Concat(gbRuns).Max(r => r.GetProperty("peakRssMb").GetDouble());
var distribution = utf8Runs[^1].GetProperty("distribution").GetGuid();

// PostgreSQL: COPY into a typed table, then the same queries.
Log("starting PostgreSQL");
using var pg = Postgres.Start();
var pgVersion = pg.Version();
await using var connection = new NpgsqlConnection(pg.ConnectionString);
await connection.OpenAsync();
async Task Exec(string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}
const string Table = "CREATE TABLE visits (record_id bigint, region_code bigint, hospital text, visit_date date, amount double precision, category text, age bigint, sex text)";
var pgCopy = new List<double>();
var pgCopyGb = new List<double>();
for (var i = 0; i < runs; i++)
{
    await Exec("DROP TABLE IF EXISTS visits");
    await Exec(Table);
    var watch = Stopwatch.StartNew();
    await Exec($"COPY visits FROM '{gb}' WITH (FORMAT csv, HEADER true, ENCODING 'GB18030')");
    pgCopyGb.Add(watch.Elapsed.TotalSeconds);
    await Exec("DROP TABLE visits");
    await Exec(Table);
    watch.Restart();
    await Exec($"COPY visits FROM '{utf8}' WITH (FORMAT csv, HEADER true)");
    await Exec("ANALYZE visits");
    pgCopy.Add(watch.Elapsed.TotalSeconds);
}
Log($"PostgreSQL COPY {Median(pgCopy):0.00} s");

var queries = new (string Name, string PgSql, string? PgCount, SoqlRequest Soql)[]
{
    ("group-by aggregate over all rows",
        "SELECT category, count(*), sum(amount), avg(age) FROM visits GROUP BY category",
        null,
        new SoqlRequest(Select: "category, count(*) AS n, sum(amount) AS total, avg(age) AS mean_age", Group: "category")),
    ("filtered, sorted page (100 rows + total count)",
        "SELECT * FROM visits WHERE region_code = 110105 AND amount > 5000 ORDER BY visit_date DESC, record_id LIMIT 100",
        "SELECT count(*) FROM visits WHERE region_code = 110105 AND amount > 5000",
        new SoqlRequest(Where: "region_code = 110105 AND amount > 5000", Order: "visit_date DESC, record_id", Limit: 100)),
    ("$q text search (100 rows + total count)",
        "SELECT * FROM visits WHERE hospital ILIKE '%协和%' OR category ILIKE '%协和%' OR sex ILIKE '%协和%' LIMIT 100",
        "SELECT count(*) FROM visits WHERE hospital ILIKE '%协和%' OR category ILIKE '%协和%' OR sex ILIKE '%协和%'",
        new SoqlRequest(Search: "协和", Limit: 100)),
};
var pgTimes = new List<double>();
foreach (var (name, sql, count, _) in queries)
{
    var times = new List<double>();
    for (var i = 0; i < runs + 1; i++)
    {
        var watch = Stopwatch.StartNew();
        await using (var command = new NpgsqlCommand(sql, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
            }
        }
        if (count is not null)
        {
            await using var command = new NpgsqlCommand(count, connection);
            await command.ExecuteScalarAsync();
        }
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    pgTimes.Add(Median(times.Skip(1)));
    Log($"PostgreSQL {name}: {pgTimes[^1]:0.0} ms");
}
await connection.CloseAsync();

// The engine, in this process: the same queries through the rows API's engine (compile, run, read the values).
// Without the page cache: every run pays for its query, as a query nobody asked before does.
var options = new TablesOptions { DataDirectory = dataDir, CachedPages = 0 };
var services = new ServiceCollection().AddLogging().AddAgoraTables(options)
    .AddSingleton<ITableAccessResolver, OpenAccess>()
    .AddSingleton<IReadAuditSink, CountingAudit>()
    .BuildServiceProvider();
var store = services.GetRequiredService<TableStore>();
var engine = services.GetRequiredService<QueryEngine>();
var table = store.Current(distribution)!;
var engineTimes = new List<double>();
foreach (var (name, _, _, soql) in queries)
{
    var times = new List<double>();
    for (var i = 0; i < runs + 1; i++)
    {
        var watch = Stopwatch.StartNew();
        var compiled = engine.Compile(distribution, table, TableAccess.Full, soql, download: false);
        var page = engine.Page(compiled, CancellationToken.None);
        times.Add(watch.Elapsed.TotalMilliseconds);
        if (i == 0)
        {
            Log($"engine {name}: {page.Rows.Count} rows, total {page.TotalCount}");
        }
    }
    engineTimes.Add(Median(times.Skip(1)));
    Log($"engine {name}: {engineTimes[^1]:0.0} ms");
}

// First page over HTTP (Kestrel on loopback), median of 50 requests.
var (httpMedian, pageBytes) = await HttpOnly.FirstPageAsync(dataDir, distribution, 50);
Log($"first page over HTTP: median {httpMedian:0.0} ms ({pageBytes:N0} bytes)");

// Report.
var report = new StringBuilder();
report.AppendLine("# Tables engine benchmark");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Generated by `bench/Agora.Tables.Bench` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, DuckDB via DuckDB.NET, PostgreSQL {pgVersion} (default settings except fsync=off, no indexes, plain typed table).");
report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Agora.Tables.Bench -- --rows {rows} --runs {runs}` (medians of {runs} runs; queries: median of {runs} after one warm-up).");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Data: {rows:N0} hospital visit rows (record id, GB/T 2260 region code, hospital name in Chinese, visit date, amount in yuan, category in Chinese, age, sex): {utf8Mb:0} MB UTF-8 CSV, {gbMb:0} MB GB18030 copy.");
report.AppendLine();
report.AppendLine("| measure | Agora (DuckDB over Parquet) | PostgreSQL | ratio (PostgreSQL time / Agora time) | target |");
report.AppendLine("|---|---:|---:|---:|---|");
string F(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
string M(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
string R(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
report.AppendLine(CultureInfo.InvariantCulture, $"| ingest to queryable, UTF-8 ({utf8Mb / utf8Queryable:0} MB/s) | {F(utf8Queryable)} | {F(Median(pgCopy))} (COPY + ANALYZE) | {R(Median(pgCopy) / utf8Queryable)} | ≥ 1.5× |");
report.AppendLine(CultureInfo.InvariantCulture, $"| ingest to queryable, GB18030 | {F(gbQueryable)} | {F(Median(pgCopyGb))} (COPY ENCODING 'GB18030') | {R(Median(pgCopyGb) / gbQueryable)} | GB18030 ≤ 1.2× UTF-8 time: **{gbQueryable / utf8Queryable:0.00}×** |");
report.AppendLine(CultureInfo.InvariantCulture, $"| whole ingest job incl. profile and keeping the source, UTF-8 / GB18030 | {F(utf8Total)} / {F(gbTotal)} | – | – | – |");
report.AppendLine(CultureInfo.InvariantCulture, $"| peak resident memory of the ingest process | {peakMb:0} MB | – | – | < 1 GB |");
for (var i = 0; i < queries.Length; i++)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {queries[i].Name} | {M(engineTimes[i])} | {M(pgTimes[i])} | {R(pgTimes[i] / engineTimes[i])} | ≥ 3× |");
}
report.AppendLine(CultureInfo.InvariantCulture, $"| first page over HTTP (1,000 rows JSON, {pageBytes / 1024.0:0} KB, with total count), median of 50 (served from the page cache after the first) | {M(httpMedian)} | – | – | < 50 ms |");
report.AppendLine(CultureInfo.InvariantCulture, $"| a page nobody asked for before over HTTP (a new `$offset` each time, not cached), median of 21 | {M(HttpOnly.Uncached)} | – | – | < 50 ms |");
report.AppendLine();
report.AppendLine("Notes:");
report.AppendLine("- Agora's ingest time is the job's own clock from start to the atomic publish of the Parquet version (encoding check of the whole file, GB18030 transcoding, scan with type inference, DuckDB conversion, publish); profiling and copying the source file into the store come after and are in the \"whole ingest job\" row.");
report.AppendLine("- Each ingest runs in a fresh process; peak memory is that process's VmHWM (.NET runtime + DuckDB, DuckDB memory_limit 512MB).");
report.AppendLine("- The PostgreSQL queries are the same SQL on the typed table, run over Npgsql with all rows read; the page and search queries also run the count query, as CKAN's datastore_search does for `total`. `$q` is `ILIKE '%…%'` over the text columns in PostgreSQL: CKAN's `_full_text` tsvector does not segment Chinese.");
report.AppendLine("- Agora's query times are the engine path the rows API uses (compile the Socrata parameters, run on DuckDB, read every value), without HTTP and with the page cache off; the HTTP rows add Kestrel, JSON and the audit call.");
var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
report.AppendLine(CultureInfo.InvariantCulture, $"- Both engines share the same {Environment.ProcessorCount} cores with whatever else runs: the 1-minute load average was {loadBefore} at the start and {loadAfter} at the end of this run. Under contention the ratio tends to the ratio of CPU time; on a quiet machine DuckDB's parallel conversion widens it.");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, report.ToString());
Log($"wrote {output}");
Console.WriteLine(report);
return 0;

JsonElement RunChild(string file, string data)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!, $"\"{typeof(DataGenerator).Assembly.Location}\" ingest \"{file}\" \"{data}\"") { RedirectStandardOutput = true };
    if (!Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal))
    {
        start = new ProcessStartInfo(Environment.ProcessPath!, $"ingest \"{file}\" \"{data}\"") { RedirectStandardOutput = true };
    }
    using var process = Process.Start(start)!;
    var text = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"ingest of {file} failed: {text}");
    }
    var result = JsonDocument.Parse(text.Trim().Split('\n')[^1]).RootElement.Clone();
    Log($"ingest {Path.GetFileName(file)}: queryable {result.GetProperty("queryable").GetDouble():0.00} s, total {result.GetProperty("total").GetDouble():0.00} s, peak {result.GetProperty("peakRssMb").GetDouble():0} MB");
    return result;
}

static async Task<int> IngestChild(string file, string data)
{
    var services = new ServiceCollection().AddLogging().AddAgoraTables(new TablesOptions { DataDirectory = data })
        .AddSingleton<ITableAccessResolver, OpenAccess>()
        .AddSingleton<IReadAuditSink, CountingAudit>()
        .BuildServiceProvider();
    var ingest = services.GetRequiredService<TableIngest>();
    var id = Guid.NewGuid();
    var clock = Stopwatch.StartNew();
    var last = "";
    var result = await ingest.RunNowAsync(
        id,
        new IngestRequest(file, Path.GetFileName(file)),
        (phase, _) =>
        {
            if (phase != last)
            {
                Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:0.00} s {phase}");
                last = phase;
            }
        },
        CancellationToken.None);
    var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    var kb = double.Parse(peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        distribution = id,
        queryable = result.SecondsToQueryable,
        total = result.SecondsTotal,
        rows = result.RowCount,
        encoding = result.Encoding,
        peakRssMb = kb / 1024,
    }));
    return 0;
}

int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string OptionText(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
