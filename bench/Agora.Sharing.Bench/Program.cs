using System.Diagnostics;
using System.Globalization;
using System.Text;
using Agora.Sharing.Bench;

// Issue 6's gateway figures: throughput through the gateway (grant checked on every call) against nginx's
// proxy_pass to the same loopback upstream, and against the upstream called directly; and the latency the gateway
// adds. Every target is measured in the same run, in turn, for several rounds; medians are reported.
var seconds = ArgInt("--seconds", 8);
var maxRequests = ArgInt("--requests", 300_000);
var concurrency = ArgInt("--concurrency", 32);
var latencyRequests = ArgInt("--latency-requests", 3_000);
var rounds = ArgInt("--rounds", 3);
// For profiling one target: only the targets whose name contains this text are loaded (the upstream always is).
var only = Arg("--only");
var output = Arg("--output") ?? Path.Combine(FindRoot(), "bench", "results", "sharing.md");
var loadBefore = LoadAverage();

await using var upstream = await Upstream.StartAsync();
var providers = new List<string> { "sqlite" };
if (Environment.GetEnvironmentVariable("AGORA_BENCH_POSTGRES") is { Length: > 0 })
{
    providers.Add("postgres");
}

await using var bare = await BareProxy.StartAsync(upstream.Address);
var nginxPath = Nginx.FindOrInstall();
using var nginx = nginxPath is null ? null : await Nginx.StartAsync(nginxPath, upstream.Address, Environment.ProcessorCount);
var results = new List<(string Store, string Target, List<Series> Throughput, List<Series> Latency, double CpuPerRequest, double AuditBatch)>();

// CPU time of this process (load client, upstream, bare proxy and Agora) and of nginx: a figure that a busy machine
// does not shift as much as throughput, since it counts the work per request rather than the share of CPU obtained.
TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime + (nginx?.CpuTime() ?? TimeSpan.Zero);
foreach (var provider in providers)
{
    await using var agora = await BenchAgora.StartAsync(provider, upstream.Address);
    var targets = new List<(string Name, Uri Url, string? Token)>
    {
        ("upstream, direct", new Uri(upstream.Address, "/api/items/42"), null),
    };
    if (nginx is not null)
    {
        targets.Add(("nginx proxy_pass", new Uri($"http://127.0.0.1:{nginx.Port}/api/items/42"), null));
    }

    targets.Add(("bare .NET proxy (Kestrel + HttpClient, no checks, no audit)", new Uri(bare.Address, "/api/items/42"), null));

    // The floor of any authenticated Agora request (token, account, roles, one query): what the gateway cannot go below.
    targets.Add(("Agora API, authenticated GET /api/v1/users/me (no gateway)", new Uri(agora.Address, "/api/v1/users/me"), agora.ConsumerToken));
    targets.Add(("Agora gateway, grant checked", new Uri(agora.Address, "/gw/beijing-wjw/institutions/items/42"), agora.ConsumerToken));
    targets.Add(("Agora gateway, grant + daily quota counted", new Uri(agora.Address, "/gw/beijing-wjw/institutions-quota/items/42"), agora.ConsumerToken));
    if (only is not null)
    {
        targets.RemoveAll(t => !t.Name.StartsWith("upstream", StringComparison.Ordinal) && !t.Name.Contains(only, StringComparison.OrdinalIgnoreCase));
    }

    var series = targets.ToDictionary(t => t.Name, _ => (Throughput: new List<Series>(), Latency: new List<Series>()));
    var batches = targets.ToDictionary(t => t.Name, _ => new List<double>());
    var cpu = targets.ToDictionary(t => t.Name, _ => new List<double>());
    foreach (var (name, url, token) in targets)
    {
        // Warm-up until the JIT has optimised the hot paths: a count, not a time, so a slow machine warms up as much.
        await LoadClient.RunAsync(name, url, token, 4, 8_000, TimeSpan.FromSeconds(60));
        // Then at full load until the tiered compiler has caught up (under 2 % of the wall time compiling), for at most
        // 30 s: on a busy machine it was still recompiling hot methods in the first measured round, and its CPU counted
        // per request.
        var warming = Stopwatch.StartNew();
        for (var extra = 0; extra < 10 && warming.Elapsed < TimeSpan.FromSeconds(30); extra++)
        {
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var warm = await LoadClient.RunAsync(name, url, token, concurrency, 4_000, TimeSpan.FromSeconds(10));
            if (System.Runtime.JitInfo.GetCompilationTime() - jitBefore < warm.Elapsed * 0.02)
            {
                break;
            }
        }
    }

    for (var round = 1; round <= rounds; round++)
    {
        foreach (var (name, url, token) in targets)
        {
            var before = agora.AuditCounts();
            var cpuBefore = Cpu();
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var throughput = await LoadClient.RunAsync(name, url, token, concurrency, maxRequests, TimeSpan.FromSeconds(seconds));
            cpu[name].Add((Cpu() - cpuBefore).TotalMicroseconds / Math.Max(1, throughput.Requests));
            var jit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMicroseconds / Math.Max(1, throughput.Requests);
            var after = agora.AuditCounts();
            var latency = await LoadClient.RunAsync(name, url, token, 1, latencyRequests, TimeSpan.FromSeconds(seconds));
            if (name.StartsWith("Agora gateway", StringComparison.Ordinal) && after.Commits > before.Commits)
            {
                batches[name].Add((double)(after.Records - before.Records) / (after.Commits - before.Commits));
            }

            series[name].Throughput.Add(throughput);
            series[name].Latency.Add(latency);
            Console.WriteLine($"{provider} round {round} {name}: {throughput.Throughput:N0} req/s ({throughput.Failures} failed), " +
                $"c=1 p50 {latency.Percentile(50):0.000} ms p99 {latency.Percentile(99):0.000} ms, {cpu[name][^1]:0} µs CPU per request (JIT {jit:0.0})" +
                (batches[name].Count == round ? $", {batches[name][^1]:0.0} audit records per commit" : ""));
        }
    }

    results.AddRange(series.Select(s => (provider, s.Key, s.Value.Throughput, s.Value.Latency, Median(cpu[s.Key]), batches[s.Key].Count > 0 ? Median(batches[s.Key]) : double.NaN)));
}

var loadAfter = LoadAverage();
var report = new StringBuilder();
report.AppendLine("# Sharing figures (issue 6): the API service gateway").AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {nginx?.Version ?? "nginx not installed"}; load average before {loadBefore}, after {loadAfter} (the machine is shared: read the ratios, not the absolute figures).").AppendLine();
report.AppendLine("Command: `dotnet run -c Release --project bench/Agora.Sharing.Bench` (add `bench/with-postgres.sh` in front for PostgreSQL; options `--seconds`, `--requests`, `--concurrency`, `--latency-requests`, `--rounds`).").AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Setup: a Kestrel upstream on loopback answers `GET /api/items/42` with 214 bytes of JSON. Each target gets a closed-loop load of {concurrency} connections for at most {seconds} s or {maxRequests:N0} requests, then one connection for {latencyRequests:N0} requests (latency); {rounds} rounds in turn, medians shown. nginx runs {Environment.ProcessorCount} workers with keep-alive to the upstream and no access log. The gateway authenticates the bearer token, resolves the caller's roles, finds the service, checks the grant on every call from in-process caches that this node empties on every token, membership, grant, service or dataset change before that change's response completes (other nodes: a 3 s TTL; expiry is compared with the clock on every call), applies the token-bucket rate limit, forwards without the caller's credentials and with X-Request-Id and X-Agora-Client-Organization, and streams the answer back; and appends one audit record per call (with X-Road's operational fields) that is committed before the response completes — the host is built by `AgoraHost.Build`, as `agora serve` builds it. The quota row also counts each call against a daily request quota, served from blocks of calls that the node reserved in the store with one conditional UPDATE each. A bare Kestrel + HttpClient proxy (no authentication, grant or audit) is measured as the floor of any ASP.NET Core gateway. The load client, the upstream and the bare proxy run in the gateway's process, so they take CPU from the gateway as from every other target; CPU per request is this process's CPU time (plus nginx's master and workers for nginx) divided by the requests served.").AppendLine();
report.AppendLine("| store | target | throughput (req/s) | p50 / p99 at " + concurrency + " connections (ms) | p50 / p99 at 1 connection (ms) | CPU per request (µs, all processes of the path) | audit records per commit | failed |");
report.AppendLine("|---|---|---|---|---|---|---|---|");
foreach (var (store, target, throughput, latency, cpuPerRequest, auditBatch) in results)
{
    var t = Median(throughput.Select(s => s.Throughput));
    report.AppendLine(CultureInfo.InvariantCulture,
        $"| {store} | {target} | {t:N0} | {Median(throughput.Select(s => s.Percentile(50))):0.00} / {Median(throughput.Select(s => s.Percentile(99))):0.00} | {Median(latency.Select(s => s.Percentile(50))):0.000} / {Median(latency.Select(s => s.Percentile(99))):0.000} | {cpuPerRequest:0} | {(double.IsNaN(auditBatch) ? "" : auditBatch.ToString("0.0", CultureInfo.InvariantCulture))} | {throughput.Sum(s => s.Failures) + latency.Sum(s => s.Failures)} |");
}

report.AppendLine();
report.AppendLine("| store | gateway ÷ nginx throughput (goal ≥ 0.5) | gateway ÷ direct throughput | nginx ÷ gateway CPU per request | added latency at 1 connection, p50 / p99 (goal p99 < 5 ms) |");
report.AppendLine("|---|---|---|---|---|");
foreach (var store in providers)
{
    var direct = results.Single(r => r.Store == store && r.Target.StartsWith("upstream", StringComparison.Ordinal));
    var proxy = results.SingleOrDefault(r => r.Store == store && r.Target.StartsWith("nginx", StringComparison.Ordinal));
    foreach (var gateway in results.Where(r => r.Store == store && r.Target.StartsWith("Agora gateway", StringComparison.Ordinal)))
    {
        var g = Median(gateway.Throughput.Select(s => s.Throughput));
        var ratio = proxy.Target is null ? "n/a" : (g / Median(proxy.Throughput.Select(s => s.Throughput))).ToString("0.00", CultureInfo.InvariantCulture);
        var added50 = Median(gateway.Latency.Select(s => s.Percentile(50))) - Median(direct.Latency.Select(s => s.Percentile(50)));
        var added99 = Median(gateway.Latency.Select(s => s.Percentile(99))) - Median(direct.Latency.Select(s => s.Percentile(99)));
        var cpuRatio = proxy.Target is null ? "n/a" : (proxy.CpuPerRequest / gateway.CpuPerRequest).ToString("0.00", CultureInfo.InvariantCulture);
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {store} | {gateway.Target[15..]}: {ratio} | {g / Median(direct.Throughput.Select(s => s.Throughput)):0.00} | {cpuRatio} | {added50:0.000} / {added99:0.000} ms |");
    }
}

report.AppendLine();
report.AppendLine("""
    Reading the figures. Profiled under this bench's load with dotnet-trace (EventPipe sampling) and perf (perf maps on;
    DOTNET_EnableWriteXorExecute=0 is needed for perf to name JIT-compiled frames). Round 1 of the gateway work took
    the EF Core DbContexts, the per-call quota UPDATE and the request culture off a warm call. Round 2: a call whose
    token and account are in the caller cache is served by a middleware placed before routing, so it skips routing,
    the authentication handlers, authorization and antiforgery; the audit details are written once, and SQLite's
    pragmas run once per physical connection (436 to about 350 µs per call). Round 3 (perf of the gateway's second
    round: kernel sockets and scheduling 40 %, thread-pool spinning in sched_yield 11 %, the audit receipts one pool
    work item per call): the audit writer completes a batch's receipts in at most one pool work item per core, which
    runs the callers' continuations one after another (never on the writer), so a batch of 13 wakes two threads, not
    13; the gateway forwards through one HttpMessageInvoker over the guarded SocketsHttpHandler (no HttpClient linked
    cancellation source and factory wrapper per call) without injecting its own trace context, copies headers
    without parsing them (NonValidated) or boxing, keys the rate limiter by a value instead of a formatted string,
    runs ahead of the status code pages, and the security-headers middleware no longer allocates a state machine; the
    host's appsettings.json turns off the Microsoft.AspNetCore.Hosting.Diagnostics log category, whose mere
    Critical level made ASP.NET Core start an Activity and a log scope for every request. Correctness: an answer with
    a Content-Length used to reach the consumer whole before its audit record was committed (its last byte was
    written before the append); the last read of such an answer is now held back and written once the record is
    committed, so a response the consumer sees complete always has its record. The bench now warms up until the
    tiered JIT has caught up (at most 30 s) and prints the JIT time per request with each round. On this machine
    (load average 25 to 56 from other work while measuring, 2 cores) CPU per request swings by a factor of two
    between runs of the same binary; in one run with the old and new binaries side by side (same moments, same
    load) the gateway's CPU per call was 1,563 / 1,449 / 952 µs (old) against 877 / 742 / 977 µs (new), and in
    alternate runs 467 / 508 (old) against 340 / 332 and 370 / 438 (new). At one connection the added latency is
    the audit commit's fsync plus two pool hand-offs; this disk's fsync alone measured p50 0.28 ms, p90 4.3 ms,
    p99 10.2 ms while other engineers' builds ran, so p99 < 5 ms cannot be met here whatever the gateway does.
    SQLite's automatic WAL checkpoint also runs inside whichever commit crosses 1,000 pages (about every 140
    single-record commits with the table's six indexes), adding two fsyncs to that call; a checkpointer on its own
    connection (PASSIVE) was tried and dropped: under continuous commits it never caught up, so the WAL was never
    reset (10.5 MB after 1,500 appends). The goals (0.5x nginx, p99 < 5 ms added) are not met here.
    """);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine(report);
Console.WriteLine($"written to {output}");

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string? Arg(string name)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int ArgInt(string name, int fallback) => Arg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

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
