using System.Diagnostics;
using System.Globalization;
using Agora.Tables.Access;
using Agora.Tables.Audit;
using Agora.Tables.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Tables.Bench;

/// <summary>
/// The first page of a big table over HTTP, alone: the table is generated and ingested once into the work folder
/// and reused by later runs, so the measurement can be repeated after each change to the read path.
/// </summary>
internal static class HttpOnly
{
    public static async Task<int> RunAsync(string work, int rows, int requests)
    {
        Directory.CreateDirectory(work);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var dataDir = Path.Combine(work, "http-data");
        var marker = Path.Combine(work, $"http-table-{rows}.txt");
        Guid distribution;
        if (File.Exists(marker))
        {
            distribution = Guid.Parse(File.ReadAllText(marker).Trim());
        }
        else
        {
            var csv = Path.Combine(work, $"visits-{rows}.utf8.csv");
            if (!File.Exists(csv))
            {
                DataGenerator.Write(csv + ".tmp", rows);
                File.Move(csv + ".tmp", csv);
            }
            var services = new ServiceCollection().AddLogging().AddAgoraTables(new TablesOptions { DataDirectory = dataDir })
                .AddSingleton<ITableAccessResolver, OpenAccess>()
                .AddSingleton<IReadAuditSink, CountingAudit>()
                .BuildServiceProvider();
            distribution = Guid.NewGuid();
            await services.GetRequiredService<TableIngest>().RunNowAsync(distribution, new IngestRequest(csv, Path.GetFileName(csv)), null, CancellationToken.None);
            await File.WriteAllTextAsync(marker, distribution.ToString());
        }
        var (median, bytes, p90, cold) = await MeasureAsync(dataDir, distribution, requests);
        var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first page over HTTP ({rows:N0} rows, 1,000-row JSON page of {bytes / 1024.0:0} KB, with total count): median {median:0.0} ms, p90 {p90:0.0} ms over {requests} requests after 5 warm-ups (the first request after start, which reads the Parquet file: {cold:0.0} ms; a page not read before, median of 21: {Uncached:0.0} ms); 1-minute load average {load} before, {loadAfter} after, {Environment.ProcessorCount} cores"));
        return 0;
    }

    /// <summary>Median of the last run's uncached pages.</summary>
    public static double Uncached { get; private set; }

    public static async Task<(double Median, long Bytes)> FirstPageAsync(string dataDir, Guid distribution, int requests)
    {
        var (median, bytes, _, _) = await MeasureAsync(dataDir, distribution, requests);
        return (median, bytes);
    }

    private static async Task<(double Median, long Bytes, double P90, double Cold)> MeasureAsync(string dataDir, Guid distribution, int requests)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAgoraTables(new TablesOptions { DataDirectory = dataDir });
        builder.Services.AddSingleton<ITableAccessResolver, OpenAccess>();
        builder.Services.AddSingleton<IReadAuditSink, CountingAudit>();
        await using var app = builder.Build();
        app.MapTablesApi();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var times = new List<double>();
        long bytes = 0;
        var cold = 0.0;
        for (var i = 0; i < requests + 5; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync($"/api/v1/distributions/{distribution}/rows");
            if (i == 0)
            {
                cold = watch.Elapsed.TotalMilliseconds;
            }
            if (i >= 5)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            bytes = body.Length;
        }
        // Pages no one asked for before (a new offset each time): what a request costs when the page is not cached.
        var uncached = new List<double>();
        for (var i = 1; i <= 21; i++)
        {
            var watch = Stopwatch.StartNew();
            await http.GetByteArrayAsync($"/api/v1/distributions/{distribution}/rows?$offset={i * 7}");
            uncached.Add(watch.Elapsed.TotalMilliseconds);
        }
        uncached.Sort();
        Uncached = uncached[uncached.Count / 2];
        await app.StopAsync();
        times.Sort();
        return (times[times.Count / 2], bytes, times[(int)(times.Count * 0.9)], cold);
    }
}
