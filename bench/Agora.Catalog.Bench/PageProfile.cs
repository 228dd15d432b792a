using System.Diagnostics;
using System.Text.Json;
using Agora.Catalog;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// `--profile-page DIR [--database CONN] [--pages N]`: where the public list's page of 50 spends its CPU, by stage,
/// on an existing store. Process CPU time, which a shared machine's load distorts far less than wall time; every
/// stage runs once unmeasured first so that none pays for the others' JIT.
/// </summary>
internal static class PageProfile
{
    private static DateTime[] starts = [];

    public static async Task RunAsync(string dataDir, string? database, int pages)
    {
        await using var services = new ServiceCollection().AddLogging()
            .AddAgoraCatalog(new StorageOptions { DataDirectory = dataDir, Database = database }).BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            // Keyset positions spread over the list, as a client walking it with cursors reaches them.
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var all = await db.Datasets.AsNoTracking().OrderByDescending(d => d.Modified).Select(d => d.Modified).ToListAsync();
            starts = Enumerable.Range(0, 997).Select(i => all[i * 97 % all.Count]).ToArray();
        }

        (string Name, Func<CatalogDbContext, Task<int>> Run)[] stages =
        [
            ("ids only", async db => (await Page(db).Select(d => d.Id).ToListAsync()).Count),
            ("entities", async db => (await Page(db).ToListAsync()).Count),
            ("entities, ToDto, JSON", async db => Json((await Page(db).ToListAsync()).Select(d => d.ToDto()).ToList())),
            ("projection", async db => (await Page(db).Select(Mapping.DatasetProjection).ToListAsync()).Count),
            ("projection, JSON", async db => Json(await Page(db).Select(Mapping.DatasetProjection).ToListAsync())),
        ];
        foreach (var (_, run) in stages)
        {
            await Measure(services, pages, run);
        }

        foreach (var (name, run) in stages)
        {
            var (cpu, wall) = await Measure(services, pages, run);
            Console.WriteLine($"{name,-24} CPU {cpu,8:F0} µs/page   wall {wall,8:F0} µs/page");
        }
    }

    private static int Json(List<DatasetDto> items) =>
        JsonSerializer.SerializeToUtf8Bytes(new Page<DatasetDto>(items, 0, null), CatalogJson.Options).Length;

    private static IQueryable<Dataset> Page(CatalogDbContext db)
    {
        var start = starts[Random.Shared.Next(starts.Length)];
        return db.Datasets.AsNoTracking()
            .Where(d => d.Opening == OpeningAttribute.Open || d.Opening == OpeningAttribute.Conditional)
            .Where(d => d.Modified < start)
            .OrderByDescending(d => d.Modified).ThenByDescending(d => d.Identifier)
            .Take(51);
    }

    private static async Task<(double CpuMicroseconds, double WallMicroseconds)> Measure(
        IServiceProvider services, int pages, Func<CatalogDbContext, Task<int>> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < pages; i++)
        {
            await using var scope = services.CreateAsyncScope();
            await run(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
        }

        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return (used.TotalMicroseconds / pages, wall.Elapsed.TotalMicroseconds / pages);
    }
}
