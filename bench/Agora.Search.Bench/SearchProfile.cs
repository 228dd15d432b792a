using System.Diagnostics;
using System.Runtime.InteropServices;
using Agora.Search.Bench.Engines;

namespace Agora.Search.Bench;

/// <summary>
/// CPU time per query of each kind of the mix against an index built earlier (by a benchmark run, in its work
/// folder), for finding where a search's time goes on a shared machine:
/// <c>dotnet run -c Release --project bench/Agora.Search.Bench -- profile-search FOLDER [queries] [rounds] [ab [query…]]</c>.
/// Each query's own CPU time is read from the thread's clock, so other work on the machine barely moves it (wall
/// time under a load of 10–60 on 2 cores swings by 2–10×). With <c>ab</c>, each round runs the mix twice on the
/// same index, with one of the query-side changes turned off (A) and the defaults (B), in alternating order, so that
/// both see the same moments of the machine. <c>AGORA_PROFILE_AB</c> names the change: <c>window</c> (the default:
/// <see cref="SearchIndexOptions.ProximityWindow"/> 0, the proximity clause on every hit; B's window can be set with
/// <c>AGORA_PROFILE_WINDOW</c>) or <c>pairs</c> (quoted phrases by their words' positions). Queries given
/// after <c>ab</c> are each run <c>rounds</c> times with A and B interleaved instead of the mix.
/// </summary>
internal static partial class SearchProfile
{
    private const int ClockThreadCpuTime = 3;

    public static int Run(string folder, int queries, int rounds, bool ab, IReadOnlyList<string> texts)
    {
        var options = new SearchIndexOptions { IndexDirectory = folder, VerifyOnOpen = false, ResultCacheEntries = 0 };
        var defaultWindow = int.TryParse(Environment.GetEnvironmentVariable("AGORA_PROFILE_WINDOW"), out var given) ? given : options.ProximityWindow;
        // AGORA_PROFILE_AB names what A turns off and B keeps: pairs (quoted phrases by pairs of adjacent words; needs an
        // index of layout 9 or later); else the window.
        var turnedOff = Environment.GetEnvironmentVariable("AGORA_PROFILE_AB") ?? "window";
        List<(string Name, Action<SearchIndexOptions> Apply)> variants = !ab
            ? [("index", o => o.ProximityWindow = defaultWindow)]
            : [
                (turnedOff == "window" ? "A window 0" : $"A no {turnedOff}", o =>
                {
                    o.ProximityWindow = turnedOff == "window" ? 0 : defaultWindow;
                    o.PhrasesByPairs = turnedOff != "pairs";
                }),
                ("B default", o =>
                {
                    o.ProximityWindow = defaultWindow;
                    o.PhrasesByPairs = true;
                }),
            ];
        using var index = new LuceneSearchIndex(options);
        Console.WriteLine($"{index.Count:N0} datasets in {folder}");
        var mix = QueryMix.Build(queries, 20240601);
        foreach (var (_, apply) in variants)
        {
            apply(options);
            foreach (var query in QueryMix.Build(200, 20240602))
            {
                Run(index, query);
            }
        }
        if (texts.Count > 0)
        {
            // Given queries, each run many times with the variants interleaved: fine differences show through the noise.
            foreach (var text in texts)
            {
                var times = variants.ToDictionary(v => v.Name, _ => new Latencies());
                var total = 0;
                for (var round = 0; round < rounds; round++)
                {
                    foreach (var (name, apply) in variants)
                    {
                        apply(options);
                        var started = ThreadCpuMs();
                        total = Run(index, new BenchQuery("given", text, new Dictionary<string, IReadOnlyList<string>>(), false, false)).Total;
                        times[name].Add(ThreadCpuMs() - started);
                    }
                }
                Console.WriteLine($"{text,-24} {total,9:N0} hits  " + string.Join("   ", times.Select(t => $"{t.Key}: median {t.Value.Median,6:N2} p10 {t.Value.Percentile(10),6:N2} ms")));
            }
            return 0;
        }
        var cpu = variants.ToDictionary(v => v.Name, _ => new Dictionary<int, List<double>>());
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? variants : Enumerable.Reverse(variants).ToList();
            foreach (var (name, apply) in order)
            {
                apply(options);
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                var wall = new Latencies();
                for (var i = 0; i < mix.Count; i++)
                {
                    var started = ThreadCpuMs();
                    var one = Stopwatch.StartNew();
                    Run(index, mix[i]);
                    wall.Add(one.Elapsed.TotalMilliseconds);
                    var used = ThreadCpuMs() - started;
                    if (!cpu[name].TryGetValue(i, out var times))
                    {
                        cpu[name][i] = times = [];
                    }
                    times.Add(used);
                }
                var kib = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / mix.Count;
                Console.WriteLine($"round {round + 1} {name,-11} wall median {wall.Median,6:N2} p99 {wall.P99,7:N2} ms   alloc {kib,5:N0} KiB/query   load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            }
        }

        // Per query, the least CPU of its rounds: what it costs when the caches and the machine are kind.
        Console.WriteLine();
        Console.WriteLine($"CPU ms per query (least of {rounds} rounds), median / p90 / p99 / mean:");
        foreach (var (name, _) in variants)
        {
            foreach (var kind in mix.Select(q => q.Category).Distinct().Prepend("all"))
            {
                var latencies = new Latencies();
                foreach (var (i, times) in cpu[name])
                {
                    if (kind == "all" || mix[i].Category == kind)
                    {
                        latencies.Add(times.Min());
                    }
                }
                Console.WriteLine($"  {name,-11} {kind,-20} {latencies.Median,6:N2} / {latencies.P90,6:N2} / {latencies.P99,6:N2} / {latencies.Mean,6:N2}");
            }
        }
        // The tail is what p99 is made of: the queries that cost most CPU, to tell a slow shape from a slow moment.
        foreach (var (name, _) in variants)
        {
            Console.WriteLine();
            Console.WriteLine($"Most CPU, {name}:");
            foreach (var (i, times) in cpu[name].OrderByDescending(c => c.Value.Min()).Take(20))
            {
                var query = mix[i];
                Console.WriteLine($"{times.Min(),8:N2} ms  {query.Category,-20} {(query.WithFacets ? "facets " : "")}{(query.Visibility.IsGovernment ? "gov " : "")}{query}");
            }
        }
        if (ab)
        {
            // Where the two variants differ most per query, both ways: a change should show on the shapes it targets.
            var (a, b) = (cpu[variants[0].Name], cpu[variants[1].Name]);
            var deltas = a.Keys.Select(i => (i, A: a[i].Min(), B: b[i].Min())).OrderBy(d => d.B - d.A).ToList();
            Console.WriteLine();
            Console.WriteLine($"Largest differences, B - A (sum over the mix {deltas.Sum(d => d.B - d.A):N1} ms):");
            foreach (var (i, ta, tb) in deltas.Take(10).Concat(deltas.TakeLast(10)))
            {
                Console.WriteLine($"{tb - ta,8:N2} ms  (A {ta,6:N2}, B {tb,6:N2})  {mix[i].Category,-20} {mix[i]}");
            }
        }
        return 0;
    }

    private static SearchResult Run(LuceneSearchIndex index, BenchQuery query) =>
        index.Search(new SearchQuery { Text = query.Text, Filters = query.Filters, Facets = query.WithFacets ? null : [], Limit = 10 }, query.Visibility);

    private static double ThreadCpuMs()
    {
        ClockGetTime(ClockThreadCpuTime, out var time);
        return time.Seconds * 1000.0 + time.Nanoseconds / 1e6;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
