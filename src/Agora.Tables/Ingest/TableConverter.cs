using System.Globalization;
using System.Text;
using Agora.Tables.Engine;
using DuckDB.NET.Data;

namespace Agora.Tables.Ingest;

/// <summary>
/// The converting pass: DuckDB reads the delimited file with every column as text and writes Parquet, casting each
/// column with exactly the work its values need (thousands separators, percent, Chinese date spellings).
/// </summary>
internal static class TableConverter
{
    public static long CsvToParquet(
        DuckDBConnection connection,
        string csvPath,
        char delimiter,
        bool header,
        IReadOnlyList<string> names,
        IReadOnlyList<ColumnInference> columns,
        int maxFieldChars,
        string target)
    {
        var sql = new StringBuilder("COPY (SELECT ");
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                sql.Append(", ");
            }
            sql.Append(Cast($"c{i}", columns[i])).Append(" AS ").Append(DuckDb.Ident(names[i]));
        }
        sql.Append(" FROM read_csv(").Append(DuckDb.Literal(csvPath))
            .Append(", delim=").Append(DuckDb.Literal(delimiter.ToString()))
            .Append(", quote='\"', escape='\"', auto_detect=false, strict_mode=true, encoding='utf-8'")
            .Append(", header=").Append(header ? "true" : "false")
            .Append(", max_line_size=").Append(Math.Max(2 << 20, maxFieldChars * 4L).ToString(CultureInfo.InvariantCulture))
            .Append(", nullstr=[").Append(string.Join(", ", ValueClassifier.NullTokens.Select(DuckDb.Literal))).Append(']')
            .Append(", columns={");
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(i > 0 ? ", " : "").Append($"'c{i}': 'VARCHAR'");
        }
        sql.Append("})) TO ").Append(DuckDb.Literal(target)).Append(" (FORMAT parquet, COMPRESSION lz4_raw)");
        return Copy(connection, sql.ToString(), target);
    }

    public static long Copy(DuckDBConnection connection, string copySql, string target)
    {
        DuckDb.Execute(connection, copySql);
        return Convert.ToInt64(DuckDb.Scalar(connection, $"SELECT count(*) FROM read_parquet({DuckDb.Literal(target)})"), CultureInfo.InvariantCulture);
    }

    /// <summary>The SQL that turns one text column into its inferred type.</summary>
    internal static string Cast(string column, ColumnInference inference)
    {
        var type = inference.Type;
        var traits = inference.Traits;
        if (type == ColumnType.Text)
        {
            return column;
        }
        var x = traits.Padded || inference.Forced is not null ? $"NULLIF(trim({column}), '')" : column;
        switch (type)
        {
            case ColumnType.Integer:
                return $"CAST({(traits.Thousands ? $"replace({x}, ',', '')" : x)} AS BIGINT)";
            case ColumnType.Decimal:
                var number = traits.Thousands ? $"replace({x}, ',', '')" : x;
                number = traits.Percent ? $"rtrim({number}, '%')" : number;
                return $"CAST({number} AS DOUBLE)";
            case ColumnType.Boolean:
                // Anything else fails the cast (and sends a sampled scan back to a full one) instead of becoming null.
                return $"CASE WHEN {x} IS NULL THEN NULL WHEN lower({x}) IN ('是', 'true', 'y', 'yes') THEN true WHEN lower({x}) IN ('否', 'false', 'n', 'no') THEN false ELSE CAST({x} AS BOOLEAN) END";
            case ColumnType.Date:
                return IsoOnly(traits.DateForms, time: false) ? $"CAST({x} AS DATE)" : $"CAST(strptime({x}, {Formats(traits.DateForms)}) AS DATE)";
            case ColumnType.DateTime:
                return $"CAST(strptime({x}, {Formats(traits.DateForms)}) AS TIMESTAMP)";
            case ColumnType.YearMonth:
                return $"CAST(strptime({x}, {Formats(traits.DateForms)}) AS DATE)";
            default:
                return column;
        }
    }

    private static bool IsoOnly(ulong forms, bool time) => forms == 1UL << DateForms.Id(0, 0, false) && !time;

    private static string Formats(ulong forms)
    {
        var ids = DateForms.Ids(forms).ToList();
        if (ids.Count == 0)
        {
            // Only a steward's override gets here without having seen a value: accept every spelling.
            ids = [.. Enumerable.Range(0, 8).SelectMany(d => Enumerable.Range(0, 4).Select(t => DateForms.Id(d, d >= DateForms.YearMonthFirst ? 0 : t, false))).Distinct()];
        }
        var formats = ids.Select(DateForms.StrptimeFormat).Distinct().Select(DuckDb.Literal).ToList();
        return formats.Count == 1 ? formats[0] : "[" + string.Join(", ", formats) + "]";
    }
}
