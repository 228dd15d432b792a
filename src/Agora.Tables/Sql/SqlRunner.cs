using Agora.Tables.Access;
using Agora.Tables.Engine;
using Agora.Tables.Query;
using Agora.Tables.Storage;
using DuckDB.NET.Data;

namespace Agora.Tables.Sql;

/// <summary>A readable table for one SQL query: where its file is and what of it the caller may see.</summary>
internal sealed record SqlTable(Guid Id, TableVersion Version, TableAccess Access);

internal sealed record SqlResult(IReadOnlyList<OutputColumn> Columns, List<object?[]> Rows, bool Truncated);

/// <summary>
/// Runs a checked SQL query in a database of its own: one view per readable table (named by distribution id, over
/// the access-restricted Parquet), then external access off and the configuration locked before the caller's SQL
/// runs, with a memory limit, a thread count, a time limit and a row cap.
/// </summary>
internal sealed class SqlRunner(TablesOptions options, TableStore store, QueryEngine engine)
{
    public DuckDBConnection Open() => DuckDb.Open(options.SqlMemoryLimit, options.SqlThreads, store.TempDirectory);

    public SqlResult Run(DuckDBConnection connection, string sql, IReadOnlyList<SqlTable> tables, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        foreach (var table in tables)
        {
            var path = store.ParquetPath(table.Id, table.Version);
            paths.Add(path);
            var body = QueryBuilder.Restricted(path, table.Version.Columns, table.Access);
            DuckDb.Execute(connection, $"CREATE VIEW {DuckDb.Ident(table.Id.ToString("D"))} AS {body}");
        }
        DuckDb.Execute(
            connection,
            $"SET allowed_paths=[{string.Join(", ", paths.Select(DuckDb.Literal))}]; SET enable_external_access=false; SET lock_configuration=true;");
        var rows = new List<object?[]>();
        var columns = new List<OutputColumn>();
        var truncated = false;
        try
        {
            engine.Run(connection, sql, [], cancellationToken, reader =>
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    columns.Add(new OutputColumn(reader.GetName(i), Map(reader.GetDataTypeName(i))));
                }
                while (reader.Read())
                {
                    if (rows.Count == options.SqlRowCap)
                    {
                        truncated = true;
                        break;
                    }
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = QueryEngine.Cell(reader, i);
                    }
                    rows.Add(row);
                }
            });
        }
        catch (DuckDBException e)
        {
            var message = e.Message.Split('\n')[0];
            if (message.Contains("Out of Memory", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqlRefusedException("sql-memory-limit", $"The query needs more than {options.SqlMemoryLimit} of memory.", 422);
            }
            throw new SqlRefusedException("sql-failed", message, 400);
        }
        return new SqlResult(columns, rows, truncated);
    }

    private static ColumnType Map(string type) => type.ToUpperInvariant() switch
    {
        "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" => ColumnType.Integer,
        "FLOAT" or "DOUBLE" => ColumnType.Decimal,
        var t when t.StartsWith("DECIMAL", StringComparison.Ordinal) => ColumnType.Decimal,
        "BOOLEAN" => ColumnType.Boolean,
        "DATE" => ColumnType.Date,
        var t when t.StartsWith("TIMESTAMP", StringComparison.Ordinal) => ColumnType.DateTime,
        _ => ColumnType.Text,
    };
}
