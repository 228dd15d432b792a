using System.Diagnostics;
using System.Text;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Agora.Tables;
using Agora.Tables.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Agora.Wiring;

/// <summary>
/// Gives demo datasets a table distribution with generated rows. Each table is written as the file a government
/// body would publish (some GB18030 with a title row and a note) and goes through the upload path's ingest, so its
/// schema, profile and Parquet version are real. The catalog room does not know tables, hence this lives here.
/// </summary>
public static class DemoTables
{
    public static int Count => DemoTableSpecs.All.Length;

    /// <summary>The id of the table distribution a demo dataset gets.</summary>
    public static Guid DistributionId(string datasetIdentifier) => DemoCatalog.DeterministicGuid($"distribution:{datasetIdentifier}:table");

    /// <summary>The identifiers of the demo datasets that get a table.</summary>
    public static IEnumerable<string> Datasets => DemoTableSpecs.All.Select(s => s.Dataset);

    /// <summary>
    /// Loads every demo table whose dataset is in the catalog and whose table has no data yet; returns how many were
    /// loaded. <paramref name="rowScale"/> below 1 writes fewer rows (at least 1,000 each), for tests.
    /// </summary>
    public static async Task<int> LoadAsync(IServiceProvider services, double rowScale = 1, CancellationToken cancellationToken = default)
    {
        var ingest = services.GetRequiredService<TableIngest>();
        var scratch = Directory.CreateDirectory(Path.Combine(services.GetRequiredService<TablesOptions>().DataDirectory, "tmp")).FullName;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(DemoTables).FullName!);
        var clock = Stopwatch.StartNew();
        var loaded = 0;
        long rows = 0;
        foreach (var spec in DemoTableSpecs.All)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Identifier == spec.Dataset, cancellationToken);
            if (dataset is null)
            {
                continue;
            }

            var id = DistributionId(spec.Dataset);
            if (ingest.Current(id) is not null)
            {
                continue;
            }

            var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == dataset.OrganizationId, cancellationToken);
            if (!await db.Distributions.AnyAsync(d => d.Id == id, cancellationToken))
            {
                db.Distributions.Add(new Distribution
                {
                    Id = id,
                    DatasetId = dataset.Id,
                    TitleZh = $"{dataset.TitleZh}数据表",
                    TitleEn = "Queryable table",
                    Kind = DistributionKind.Table,
                    Format = "CSV",
                    MediaType = "text/csv",
                    Created = dataset.Modified,
                    Modified = dataset.Modified,
                });
                await db.SaveChangesAsync(cancellationToken);
            }

            ingest.SetColumnTypes(id, ColumnTypes(dataset.Fields));
            var generator = new DemoRows(
                new Random(Seed(spec.Dataset)),
                organization.RegionCode,
                organization.Level == OrganizationLevel.National ? "全国" : RegionCodes.Find(organization.RegionCode)?.Name ?? "",
                Divisions(organization),
                Math.Max(1000, (int)(spec.Rows * rowScale)));
            var path = Path.Combine(scratch, $"demo-{Guid.NewGuid():N}.csv");
            try
            {
                DemoCsv.Write(path, spec, dataset, organization, generator);
                var fileName = $"{dataset.TitleZh}.csv";
                IngestResult result;
                try
                {
                    result = await ingest.RunNowAsync(id, new IngestRequest(path, fileName), null, cancellationToken);
                }
                catch (TableIngestException e)
                {
                    throw new InvalidOperationException($"The demo table of {spec.Dataset} was refused by the ingest: {e.Message}", e);
                }

                var expected = dataset.Fields.Select(f => f.Name);
                if (!result.Columns.Select(c => c.Name).SequenceEqual(expected))
                {
                    throw new InvalidOperationException($"The demo table of {spec.Dataset} has columns {string.Join(", ", result.Columns.Select(c => c.Name))}, but its dataset's fields are {string.Join(", ", expected)}.");
                }

                loaded++;
                rows += result.RowCount;
                logger?.LogDebug("Demo table of {Dataset}: {Rows} rows, {Encoding}, {Skipped} rows skipped, in {Seconds:0.00} s", spec.Dataset, result.RowCount, result.Encoding, result.SkippedRows.Count, result.SecondsTotal);
            }
            finally
            {
                File.Delete(path);
            }
        }

        if (loaded > 0)
        {
            logger?.LogInformation("Loaded {Tables} demo tables ({Rows} rows) in {Seconds:0.0} s", loaded, rows, clock.Elapsed.TotalSeconds);
        }

        return loaded;
    }

    /// <summary>The table column types that a dataset's field schema declares.</summary>
    internal static Dictionary<string, ColumnType> ColumnTypes(IEnumerable<FieldSpec> fields) =>
        fields.ToDictionary(
            f => f.Name,
            f => Enum.TryParse<ColumnType>(f.Type, ignoreCase: true, out var type) ? type : ColumnType.Text,
            StringComparer.Ordinal);

    /// <summary>
    /// The divisions a publisher reports on: the counties of its province or city, itself for a county, and for a
    /// national body every prefecture (and the districts of the four municipalities).
    /// </summary>
    internal static List<Region> Divisions(Organization organization)
    {
        var code = organization.RegionCode;
        IEnumerable<Region> divisions = organization.Level == OrganizationLevel.National
            ? RegionCodes.All.Where(r => r.Name is not ("市辖区" or "县") && (r.Level == RegionLevel.Prefecture || (r.Level == RegionLevel.County && r.Code[..2] is "11" or "12" or "31" or "50")))
            : code.EndsWith("0000", StringComparison.Ordinal) ? RegionCodes.All.Where(r => r.Level == RegionLevel.County && r.Code[..2] == code[..2])
            : code.EndsWith("00", StringComparison.Ordinal) ? RegionCodes.All.Where(r => r.Level == RegionLevel.County && r.Code[..4] == code[..4])
            : RegionCodes.All.Where(r => r.Code == code);
        var list = divisions.Where(r => r.Name is not ("市辖区" or "县")).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        return list.Count > 0 ? list : [RegionCodes.Find(code) ?? new Region(code, organization.NameZh, RegionLevel.County, null)];
    }

    /// <summary>A seed that is the same on every machine and run (string.GetHashCode is not).</summary>
    private static int Seed(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
