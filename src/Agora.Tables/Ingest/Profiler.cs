using System.Globalization;
using System.Text;
using Agora.Tables.Engine;
using Agora.Tables.Storage;
using DuckDB.NET.Data;

namespace Agora.Tables.Ingest;

/// <summary>Column statistics in three scans of the Parquet file, whatever the number of columns.</summary>
internal static class Profiler
{
    private const int TopK = 5;
    private const int Bins = 10;

    // Above this many distinct values a column has no meaningful top values (ids, amounts): they are not sought.
    private const long TopKMaxDistinct = 100_000;

    public static TableProfile Profile(DuckDBConnection connection, string parquet, int version, IReadOnlyList<TableColumn> columns)
    {
        var source = $"read_parquet({DuckDb.Literal(parquet)})";
        var sql = new StringBuilder("SELECT count(*)");
        foreach (var column in columns)
        {
            var c = DuckDb.Ident(column.Name);
            sql.Append($", count({c}), approx_count_distinct({c}), CAST(min({c}) AS VARCHAR), CAST(max({c}) AS VARCHAR)");
        }
        sql.Append(" FROM ").Append(source);
        long rows;
        var stats = new (long Count, long Distinct, string? Min, string? Max, List<string> Top)[columns.Count];
        using (var command = connection.CreateCommand())
        {
            command.CommandText = sql.ToString();
            using var reader = command.ExecuteReader();
            reader.Read();
            rows = reader.GetInt64(0);
            for (var i = 0; i < columns.Count; i++)
            {
                var o = 1 + (i * 4);
                stats[i] = (reader.GetInt64(o), Convert.ToInt64(reader.GetValue(o + 1), CultureInfo.InvariantCulture), reader.IsDBNull(o + 2) ? null : reader.GetString(o + 2), reader.IsDBNull(o + 3) ? null : reader.GetString(o + 3), []);
            }
        }

        var wanted = Enumerable.Range(0, columns.Count).Where(i => stats[i].Count > 0 && stats[i].Distinct <= TopKMaxDistinct).ToList();
        if (wanted.Count > 0)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT " + string.Join(", ", wanted.Select(i => $"approx_top_k(CAST({DuckDb.Ident(columns[i].Name)} AS VARCHAR), {TopK})")) + " FROM " + source;
            using var reader = command.ExecuteReader();
            reader.Read();
            for (var k = 0; k < wanted.Count; k++)
            {
                if (!reader.IsDBNull(k))
                {
                    stats[wanted[k]].Top = [.. ((System.Collections.IEnumerable)reader.GetValue(k)).Cast<object?>().Where(v => v is not null).Select(v => v!.ToString()!)];
                }
            }
        }

        // Exact counts of the top values and the numeric histograms, all in one more scan.
        var counts = new StringBuilder("SELECT 0");
        var parameters = new List<object>();
        for (var i = 0; i < columns.Count; i++)
        {
            var c = DuckDb.Ident(columns[i].Name);
            foreach (var value in stats[i].Top)
            {
                parameters.Add(value);
                counts.Append($", count(*) FILTER (WHERE CAST({c} AS VARCHAR) = ${parameters.Count})");
            }
            if (IsNumeric(columns[i].Type) && stats[i].Min is not null)
            {
                var (min, width) = Range(stats[i].Min!, stats[i].Max!);
                counts.Append($", histogram(least(CAST(floor((CAST({c} AS DOUBLE) - {min.ToString("R", CultureInfo.InvariantCulture)}) / {width.ToString("R", CultureInfo.InvariantCulture)}) AS INTEGER), {Bins - 1})) FILTER (WHERE {c} IS NOT NULL)");
            }
        }
        counts.Append(" FROM ").Append(source);
        var profiles = new List<ColumnProfile>(columns.Count);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = counts.ToString();
            foreach (var p in parameters)
            {
                command.Parameters.Add(new DuckDBParameter(p));
            }
            using var reader = command.ExecuteReader();
            reader.Read();
            var o = 1;
            for (var i = 0; i < columns.Count; i++)
            {
                var top = new List<ValueCount>();
                foreach (var value in stats[i].Top)
                {
                    top.Add(new ValueCount(value, reader.GetInt64(o++)));
                }
                List<HistogramBin>? histogram = null;
                if (IsNumeric(columns[i].Type) && stats[i].Min is not null)
                {
                    var (min, width) = Range(stats[i].Min!, stats[i].Max!);
                    histogram = [.. Enumerable.Range(0, Bins).Select(b => new HistogramBin(min + (b * width), min + ((b + 1) * width), 0))];
                    if (!reader.IsDBNull(o) && reader.GetValue(o) is System.Collections.IDictionary map)
                    {
                        foreach (System.Collections.DictionaryEntry entry in map)
                        {
                            if (entry.Key is null)
                            {
                                continue;
                            }
                            var bin = Convert.ToInt32(entry.Key, CultureInfo.InvariantCulture);
                            histogram[bin] = histogram[bin] with { Count = Convert.ToInt64(entry.Value, CultureInfo.InvariantCulture) };
                        }
                    }
                    o++;
                }
                profiles.Add(new ColumnProfile(
                    columns[i].Name,
                    columns[i].Type,
                    stats[i].Count,
                    rows - stats[i].Count,
                    Math.Min(stats[i].Distinct, stats[i].Count),
                    stats[i].Min,
                    stats[i].Max,
                    [.. top.OrderByDescending(t => t.Count)],
                    histogram));
            }
        }
        return new TableProfile(version, rows, profiles);
    }

    private static bool IsNumeric(ColumnType type) => type is ColumnType.Integer or ColumnType.Decimal;

    private static (double Min, double Width) Range(string min, string max)
    {
        var lo = double.Parse(min, CultureInfo.InvariantCulture);
        var hi = double.Parse(max, CultureInfo.InvariantCulture);
        var width = hi > lo ? (hi - lo) / Bins : 1;
        return (lo, width);
    }
}
