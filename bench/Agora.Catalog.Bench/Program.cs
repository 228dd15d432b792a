using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Catalog;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Import;
using Agora.Catalog.Storage;
using Agora.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Issue 2's figures: start to first answer, idle memory, a page of 50 out of 100,000 datasets over HTTP, and the
// bulk import of 100,000 datasets; on SQLite and, when bench/with-postgres.sh provides one, PostgreSQL.
if (Arg("--profile-page") is { } profiled)
{
    await PageProfile.RunAsync(profiled, Arg("--database"), ArgInt("--pages", 500));
    return;
}

var count = ArgInt("--datasets", 100_000);
var requests = ArgInt("--requests", 1_000);
var output = Arg("--output") ?? Path.Combine(FindRoot(), "bench", "results", "catalog.md");
var report = new StringBuilder();
report.AppendLine("# Catalog figures (issue 2)").AppendLine();
report.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; {count:N0} datasets; {requests:N0} requests per series; load average at start {LoadAverage()}.").AppendLine();
report.AppendLine("Command: `bench/with-postgres.sh dotnet run -c Release --project bench/Agora.Catalog.Bench`").AppendLine();

var ndjson = Path.Combine(Path.GetTempPath(), $"agora-bench-{count}.ndjson");
WriteDatasets(ndjson, count);
Console.WriteLine($"wrote {count:N0} datasets to {ndjson}");

report.AppendLine("| store | import (s) | datasets/s | page of 50, anonymous: median / p99 (ms) | page of 50, bureau: median / p99 (ms) |");
report.AppendLine("|---|---|---|---|---|");
string? sqliteDir = null;
foreach (var provider in new[] { "sqlite", "postgres" })
{
    var server = Environment.GetEnvironmentVariable("AGORA_BENCH_POSTGRES");
    if (provider == "postgres" && server is null)
    {
        report.AppendLine("| postgres | not run (start with bench/with-postgres.sh) | | | |");
        continue;
    }

    var dir = Directory.CreateTempSubdirectory("agora-bench-").FullName;
    string? database = null;
    if (provider == "postgres")
    {
        var name = "agora_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
    else
    {
        sqliteDir = dir;
    }

    var storage = new StorageOptions { DataDirectory = dir, Database = database };
    var services = new ServiceCollection().AddLogging().AddAgoraCatalog(storage).BuildServiceProvider();
    await services.MigrateCatalogAsync();
    TimeSpan elapsed;
    await using (var scope = services.CreateAsyncScope())
    {
        await DemoCatalog.LoadAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
        await using var stream = File.OpenRead(ndjson);
        var result = await scope.ServiceProvider.GetRequiredService<DatasetImporter>().ImportAsync(stream, "bench", null, CancellationToken.None);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Take(5)));
        }

        elapsed = result.Elapsed;
    }

    await services.DisposeAsync();
    Console.WriteLine($"{provider}: imported {count:N0} in {elapsed.TotalSeconds:F1} s");

    await using var app = AgoraHost.Build(new AgoraSettings { DataDirectory = dir, Database = database, Urls = "http://127.0.0.1:0" },
        ["--Logging:LogLevel:Default=Warning"]);
    await AgoraHost.PrepareAsync(app.Services, demo: false);
    await app.StartAsync();
    // A store filled by the bulk path has no search index yet, and the host rebuilds it in the background; pages
    // measured meanwhile would share the two cores with that rebuild (issue 4 measures it).
    var indexWait = Stopwatch.StartNew();
    var index = app.Services.GetRequiredService<Agora.Search.ISearchIndex>();
    while (index.NeedsRebuild || index.Count < count)
    {
        await Task.Delay(200);
        await index.RefreshAsync();
    }

    Console.WriteLine($"{provider}: search index in step after {indexWait.Elapsed.TotalSeconds:F0} s");
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var anonymous = new HttpClient { BaseAddress = new Uri(address) };
    using var bureau = new HttpClient { BaseAddress = new Uri(address) };
    await using (var scope = app.Services.CreateAsyncScope())
    {
        var accounts = scope.ServiceProvider.GetRequiredService<Agora.Catalog.Accounts.AccountService>();
        var user = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Users.FirstAsync(u => u.Email == "bureau@agora.demo");
        var (_, secret) = await accounts.CreateTokenAsync(user.Id, "bench", Agora.Catalog.Model.TokenScope.Read, null, CancellationToken.None);
        bureau.DefaultRequestHeaders.Authorization = new("Bearer", secret);
    }

    var (anon, gov) = await PagesAsync(anonymous, bureau, requests);
    report.AppendLine(CultureInfo.InvariantCulture, $"| {provider} | {elapsed.TotalSeconds:F1} | {count / elapsed.TotalSeconds:N0} | {Median(anon):F2} / {P(anon, 0.99):F2} | {Median(gov):F2} / {P(gov, 0.99):F2} |");
    await app.StopAsync();
}

report.AppendLine().AppendLine("Each series walks the list with `limit=50` and the returned cursor (sorted by last modified, newest first), restarting at the first page when it reaches the end; the two series alternate request by request after 300 shared warm-up requests, and a page is timed from the request to its last byte (the client parses it afterwards); each answer carries the count of all visible datasets (cached per visibility and filter, emptied by any catalog change). The pages are measured after the host's background rebuild of the search index for the imported datasets has finished.");
report.AppendLine();
var plain = new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "agora.dll") };
var published = PublishReadyToRun();
report.AppendLine("| process | start to first answered request (ms) | resident memory after 5 s idle (MB) |");
report.AppendLine("|---|---|---|");
foreach (var (label, command) in new[] { ("`dotnet agora.dll` (build output)", plain), ("`agora` (published for linux-x64, ReadyToRun)", published) })
{
    // Each start twice: the first pays for the files coming into the page cache.
    var (startEmpty, rssEmpty) = await StartProcessAsync(command, Directory.CreateTempSubdirectory("agora-bench-empty-").FullName);
    var empty = Directory.CreateTempSubdirectory("agora-bench-empty-").FullName;
    (startEmpty, rssEmpty) = await StartProcessAsync(command, empty);
    var (restart, rssRestart) = await StartProcessAsync(command, empty);
    report.AppendLine(CultureInfo.InvariantCulture, $"| {label}, new empty store (migrations run) | {startEmpty:F0} | {rssEmpty / 1024.0 / 1024:F0} |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| {label}, restart on that store | {restart:F0} | {rssRestart / 1024.0 / 1024:F0} |");
    if (sqliteDir is not null)
    {
        var (startFull, rssFull) = await StartProcessAsync(command, sqliteDir);
        report.AppendLine(CultureInfo.InvariantCulture, $"| {label}, SQLite store with {count:N0} datasets | {startFull:F0} | {rssFull / 1024.0 / 1024:F0} |");
    }
}

report.AppendLine().AppendLine($"Load average at the end: {LoadAverage()}.");
report.AppendLine().AppendLine("Peer: CKAN cannot be installed on this machine (its Python packages come from PyPI, which this workplace does not reach), so no CKAN figure was taken in the same run.");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, report.ToString());
Console.WriteLine(report);

// The two series alternate request by request after a shared warm-up: run one after the other, the first paid for
// the JIT's promotion of the hot path to optimised code on one of the two cores, and read as the slower.
static async Task<(List<double> Anonymous, List<double> Bureau)> PagesAsync(HttpClient anonymous, HttpClient bureau, int requests)
{
    var walks = new[] { new PageWalk(anonymous), new PageWalk(bureau) };
    for (var i = 0; i < 300; i++)
    {
        await walks[i % 2].NextAsync();
    }

    for (var i = 0; i < requests; i++)
    {
        await walks[0].NextAsync(record: true);
        await walks[1].NextAsync(record: true);
    }

    return (walks[0].Times, walks[1].Times);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string[] PublishReadyToRun()
{
    var folder = Path.Combine(Path.GetTempPath(), "agora-bench-r2r");
    var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(FindRoot(), "src", "Agora"), "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", folder, "-nologo", "-v", "quiet"]))!;
    publish.WaitForExit();
    if (publish.ExitCode != 0)
    {
        throw new InvalidOperationException("dotnet publish of src/Agora failed");
    }

    return [Path.Combine(folder, "agora")];
}

static async Task<(double StartMs, long Rss)> StartProcessAsync(string[] command, string dataDir)
{
    var port = System.Net.Sockets.TcpListener.Create(0);
    port.Start();
    var number = ((System.Net.IPEndPoint)port.LocalEndpoint).Port;
    port.Stop();
    var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in command.Skip(1).Concat(["serve", "--urls", $"http://127.0.0.1:{number}", "--data-dir", dataDir]))
    {
        start.ArgumentList.Add(a);
    }

    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    _ = process.StandardOutput.ReadToEndAsync();
    _ = process.StandardError.ReadToEndAsync();
    double startMs;
    while (true)
    {
        try
        {
            if ((await client.GetAsync($"http://127.0.0.1:{number}/healthz")).IsSuccessStatusCode)
            {
                startMs = watch.Elapsed.TotalMilliseconds;
                break;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Task.Delay(10);
        }

        if (watch.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException("agora serve did not answer within 60 s");
        }
    }

    await Task.Delay(5000);
    var rss = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    var kb = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    process.Kill();
    await process.WaitForExitAsync();
    return (startMs, kb * 1024);
}

static void WriteDatasets(string path, int count)
{
    var (_, demo, _) = DemoCatalog.Build();
    var slugs = DemoOrganizations.All.ToDictionary(o => DemoCatalog.DeterministicGuid($"org:{o.Slug}"), o => o.Slug);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
    for (var i = 0; i < count; i++)
    {
        var d = demo[i % demo.Count].ToDto();
        var year = 2000 + (i / demo.Count % 26);
        var line = new Dictionary<string, object?>
        {
            ["identifier"] = $"bench-{i:D7}",
            ["title"] = new LocalizedText($"{d.Title.Zh}（{year}年第{i / demo.Count % 4 + 1}批）", $"{d.Title.En} — {year} batch {i / demo.Count % 4 + 1}"),
            ["description"] = d.Description,
            ["organization"] = slugs[d.OrganizationId],
            ["themes"] = d.Themes,
            ["keywords"] = d.Keywords,
            ["license"] = d.License,
            ["contactPoint"] = d.ContactPoint,
            ["issued"] = d.Issued,
            ["updateFrequency"] = d.UpdateFrequency,
            ["temporal"] = d.Temporal,
            ["spatialRegionCode"] = d.SpatialRegionCode,
            ["sharing"] = d.Sharing,
            ["sharingConditions"] = d.SharingConditions,
            ["legalBasis"] = d.LegalBasis,
            ["opening"] = d.Opening,
            ["openingConditions"] = d.OpeningConditions,
            ["securityGrade"] = d.SecurityGrade,
            ["fields"] = d.Fields,
        };
        writer.WriteLine(JsonSerializer.Serialize(line, CatalogJson.Options));
    }
}

static double Median(List<double> values) => P(values, 0.5);

static double P(List<double> values, double q)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
}

static string? Arg(string name)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int ArgInt(string name, int fallback) => int.TryParse(Arg(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;

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
