using System.Diagnostics;
using Agora.Search.Bench.Engines;

namespace Agora.Search.Bench;

/// <summary>
/// CPU time per query of each kind of the mix against an index built earlier (by a benchmark run, in its work
/// folder), for finding where a search's time goes on a shared machine:
/// <c>dotnet run -c Release --project bench/Agora.Search.Bench -- profile-search FOLDER [queries] [rounds]</c>.
/// </summary>
internal static class SearchProfile
{
    public static int Run(string folder, int queries, int rounds)
    {
        using var index = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = folder, VerifyOnOpen = false, ResultCacheEntries = 0 });
        Console.WriteLine($"{index.Count:N0} datasets in {folder}");
        var mix = QueryMix.Build(queries, 20240601);
        foreach (var query in QueryMix.Build(200, 20240602))
        {
            Run(index, query);
        }
        var process = Process.GetCurrentProcess();
        var slowest = new List<(double Ms, BenchQuery Query)>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var group in mix.GroupBy(q => q.Category))
            {
                var latencies = new Latencies();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var collections = GC.CollectionCount(0);
                foreach (var query in group)
                {
                    var watch = Stopwatch.StartNew();
                    Run(index, query);
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                    slowest.Add((watch.Elapsed.TotalMilliseconds, query));
                }
                process.Refresh();
                var used = (process.TotalProcessorTime - cpu).TotalMilliseconds / group.Count();
                var kib = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / group.Count();
                var gcs = GC.CollectionCount(0) - collections;
                Console.WriteLine($"{group.Key,-20} cpu {used,6:N2} ms/query   wall median {latencies.Median,6:N2} p99 {latencies.P99,7:N2} ms   alloc {kib,6:N0} KiB/query ({gcs} GCs)   load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            }
        }
        // The tail is what p99 is made of: the slowest queries of all rounds, to tell a slow kind from a slow moment.
        foreach (var (ms, query) in slowest.OrderByDescending(s => s.Ms).Take(15))
        {
            Console.WriteLine($"{ms,8:N2} ms  {query.Category,-20} {(query.WithFacets ? "facets " : "")}{query}");
        }
        return 0;
    }

    private static void Run(LuceneSearchIndex index, BenchQuery query) =>
        index.Search(new SearchQuery { Text = query.Text, Filters = query.Filters, Facets = query.WithFacets ? null : [], Limit = 10 }, query.Visibility);
}
