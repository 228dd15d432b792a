using System.Diagnostics;
using System.Globalization;
using System.Text;
using Agora.Search;
using Agora.Search.Bench;
using Agora.Search.Bench.Engines;
using BenchmarkDotNet.Running;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkRunner.Run<MicroBenchmarks>(args: args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "profile-build")
{
    return BuildProfile.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
}

if (args.Length > 1 && args[0] == "profile-search")
{
    return SearchProfile.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2, args.Length > 4 && args[4] == "ab",
        args.Length > 5 ? args[5..] : []);
}

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: Agora.Search.Bench [--records N] [--queries N] [--engines lucene,sqlite,postgres] [--postgres CONNSTR]
                                  [--work DIR] [--reuse] [--out FILE] [--seed N] [--sql-budget-minutes N]
               Agora.Search.Bench micro [BenchmarkDotNet arguments]
        """);
    return 2;
}
return new BenchRun(options).Run();

internal sealed record BenchOptions(
    int Records, int Queries, string[] Engines, string? Postgres, string Work, string? Out, int Seed, double SqlBudgetMinutes, bool Reuse = false)
{
    public static BenchOptions? Parse(string[] args)
    {
        var records = 1_000_000;
        var queries = 1000;
        string[] engines = ["lucene", "sqlite", "postgres"];
        var postgres = Environment.GetEnvironmentVariable("AGORA_BENCH_POSTGRES");
        var work = Path.Combine(Path.GetTempPath(), "agora-search-bench");
        string? output = null;
        var seed = 20240601;
        var budget = 20.0;
        var reuse = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--records" when int.TryParse(value, out var n) && n > 0: records = n; i++; break;
                case "--queries" when int.TryParse(value, out var q) && q > 0: queries = q; i++; break;
                case "--engines" when value is not null: engines = value.Split(','); i++; break;
                case "--postgres" when value is not null: postgres = value; i++; break;
                case "--work" when value is not null: work = value; i++; break;
                case "--reuse": reuse = true; break;
                case "--out" when value is not null: output = value; i++; break;
                case "--seed" when int.TryParse(value, out var s): seed = s; i++; break;
                case "--sql-budget-minutes" when double.TryParse(value, out var b): budget = b; i++; break;
                default: return null;
            }
        }
        return new BenchOptions(records, queries, engines, postgres, work, output, seed, budget, reuse);
    }
}

internal sealed class BenchRun(BenchOptions options)
{
    private const int PageSize = 10;
    private readonly StringBuilder log = new();

    public int Run()
    {
        Directory.CreateDirectory(options.Work);
        var generator = new CatalogGenerator(options.Records, options.Seed);
        var warmup = QueryMix.Build(200, options.Seed + 1);
        var mix = QueryMix.Build(options.Queries, options.Seed);
        Say($"{options.Records:N0} records, {mix.Count} queries, engines: {string.Join(", ", options.Engines)}");

        var engines = new List<IBenchEngine>();
        if (options.Engines.Contains("lucene"))
        {
            engines.Add(new LuceneEngine(Path.Combine(options.Work, "lucene"), options.Reuse));
        }
        if (options.Engines.Contains("sqlite"))
        {
            engines.Add(new SqliteEngine(Path.Combine(options.Work, "fts5.db")));
        }
        if (options.Engines.Contains("postgres"))
        {
            if (options.Postgres is null)
            {
                Say("PostgreSQL skipped: no --postgres connection string (run-bench.sh starts a throwaway cluster)");
            }
            else
            {
                engines.Add(new PostgresEngine(options.Postgres));
            }
        }

        var report = new Report(options, generator);
        foreach (var engine in engines)
        {
            using (engine)
            {
                try
                {
                    report.Add(Measure(engine, generator, warmup, mix, report));
                }
                catch (Exception ex) when (engine is not LuceneEngine)
                {
                    Say($"{engine.Name}: failed: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        var markdown = report.ToMarkdown(log.ToString());
        if (options.Out is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
            File.WriteAllText(options.Out, markdown);
            Say($"wrote {options.Out}");
        }
        else
        {
            Console.WriteLine(markdown);
        }
        return 0;
    }

    private EngineFigures Measure(IBenchEngine engine, CatalogGenerator generator, IReadOnlyList<BenchQuery> warmup, IReadOnlyList<BenchQuery> mix, Report report)
    {
        Say($"{engine.Name}: loading");
        GC.Collect();
        var (elapsed, bytes) = engine.Load(generator);
        var build = new BuildFigures(elapsed, bytes, Process.GetCurrentProcess().PeakWorkingSet64);
        Say(engine is LuceneEngine { Reused: true }
            ? $"{engine.Name}: reused the index in {options.Work} (--reuse), {bytes / 1048576.0:N0} MiB; build figures not measured"
            : $"{engine.Name}: built in {elapsed.TotalSeconds:N1} s = {options.Records / elapsed.TotalSeconds:N0} records/s, {bytes / 1048576.0:N0} MiB");
        if (engine is LuceneEngine lucene)
        {
            var (hits, misses) = LuceneSearchIndex.SegmentationCacheStatistics;
            build = build with { CacheHitRate = hits / (double)Math.Max(1, hits + misses) };
            report.Suggest = MeasureSuggest(lucene);
        }
        var budget = engine is LuceneEngine ? TimeSpan.MaxValue : TimeSpan.FromMinutes(options.SqlBudgetMinutes);
        foreach (var query in warmup.Take(engine is LuceneEngine ? 200 : 20))
        {
            engine.Run(query, PageSize);
        }
        var latencies = Time(engine, mix, budget);
        var summary = new Latencies();
        foreach (var (_, ms) in latencies.Values)
        {
            summary.Add(ms);
        }
        Say($"{engine.Name}: {summary.Count} queries, median {summary.Median:N2} ms, p99 {summary.P99:N2} ms");
        var precision = JudgePrecision(engine, generator);
        Say($"{engine.Name}: precision@10 {precision.Average(p => p.Precision):P1}");
        return new EngineFigures(engine.Name, build, latencies, precision);
    }

    private Dictionary<int, (string Category, double Ms)> Time(IBenchEngine engine, IReadOnlyList<BenchQuery> mix, TimeSpan budget)
    {
        var times = new Dictionary<int, (string, double)>();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < mix.Count && total.Elapsed < budget; i++)
        {
            var watch = Stopwatch.StartNew();
            engine.Run(mix[i], PageSize);
            watch.Stop();
            times[i] = (mix[i].Category, watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static List<JudgedFigure> JudgePrecision(IBenchEngine engine, CatalogGenerator generator)
    {
        var figures = new List<JudgedFigure>();
        foreach (var judged in JudgedSet.Queries)
        {
            var query = new BenchQuery("judged", judged.Text, new Dictionary<string, IReadOnlyList<string>>(), false, false);
            var result = engine.Run(query, 10, bureau: true);
            var relevant = result.Top.Count(i => judged.IsRelevant(generator.Generate(i)));
            figures.Add(new JudgedFigure(judged.Text, relevant / 10.0, result.Total));
        }
        return figures;
    }

    private static SuggestFigures MeasureSuggest(LuceneEngine lucene)
    {
        string[] prefixes = ["医", "医疗", "公交", "空气", "北京", "北京市", "朝阳区", "hosp", "bus", "air q", "养老", "学", "停车", "s", "co"];
        var latencies = new Latencies();
        var byPrefix = prefixes.ToDictionary(p => p, _ => new Latencies());
        // The index reads each segment's suggestion dictionary in the background when it opens, and a keystroke leaves
        // out a large segment until then: the time until the first suggestion, and the memory kept, are reported apart.
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var first = Stopwatch.StartNew();
        while (lucene.Index.Suggest(prefixes[0], SearchVisibility.Public).Count == 0 && first.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(10);
        }
        var firstMs = first.Elapsed.TotalMilliseconds;
        var firstCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var prefix in prefixes)
        {
            lucene.Index.Suggest(prefix, SearchVisibility.Public);
        }
        for (var round = 0; round < 20; round++)
        {
            foreach (var prefix in prefixes)
            {
                var watch = Stopwatch.StartNew();
                lucene.Index.Suggest(prefix, SearchVisibility.Public);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                byPrefix[prefix].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        return new SuggestFigures(latencies, firstMs, firstCpuMs, heapAfter - heapBefore, [.. prefixes.Select(p => (p, byPrefix[p].Median))]);
    }

    private void Say(string line)
    {
        var stamped = $"[{DateTime.Now:HH:mm:ss}] {line}";
        Console.WriteLine(stamped);
        log.AppendLine(stamped);
    }
}

internal sealed record BuildFigures(TimeSpan Elapsed, long Bytes, long PeakWorkingSet, double? CacheHitRate = null);

internal sealed record JudgedFigure(string Query, double Precision, int Total);

internal sealed record EngineFigures(string Name, BuildFigures Build, Dictionary<int, (string Category, double Ms)> Times, List<JudgedFigure> Precision);
