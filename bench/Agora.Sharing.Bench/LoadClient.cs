using System.Diagnostics;

namespace Agora.Sharing.Bench;

/// <summary>What one series measured: requests, failures, wall time and each request's latency.</summary>
internal sealed record Series(string Name, int Concurrency, long Requests, long Failures, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double Throughput => Requests / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }
}

/// <summary>
/// A closed-loop load client: <c>concurrency</c> workers each send the next request when the last one answered,
/// until <c>maxRequests</c> are sent or <c>maxTime</c> has passed, whichever comes first.
/// </summary>
internal static class LoadClient
{
    public static async Task<Series> RunAsync(string name, Uri url, string? token, int concurrency, long maxRequests, TimeSpan maxTime)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        var latencies = new double[concurrency][];
        var counts = new int[concurrency];
        var failures = 0L;
        var sent = 0L;
        var perWorker = (int)Math.Min(int.MaxValue, maxRequests / concurrency + 1);
        var clock = Stopwatch.StartNew();
        var deadline = maxTime;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new double[perWorker];
            var buffer = new byte[16 * 1024];
            while (clock.Elapsed < deadline && Interlocked.Increment(ref sent) <= maxRequests)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }

                if (counts[worker] < mine.Length)
                {
                    mine[counts[worker]++] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }
        }));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany((l, i) => l.Take(counts[i])).ToArray();
        Array.Sort(all);
        return new Series(name, concurrency, all.Length, failures, elapsed, all);
    }
}
