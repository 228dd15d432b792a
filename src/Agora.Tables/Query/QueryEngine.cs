using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using Agora.Tables.Access;
using Agora.Tables.Engine;
using Agora.Tables.Storage;
using DuckDB.NET.Data;

namespace Agora.Tables.Query;

/// <summary>A page of rows with the columns that describe them.</summary>
internal sealed record RowsPage(IReadOnlyList<OutputColumn> Columns, List<object?[]> Rows, long? TotalCount, long? Limit, long Offset);

/// <summary>
/// Runs rows queries and downloads on one shared in-memory DuckDB database that reads the Parquet files; it never runs
/// SQL a caller wrote. Pages run on pooled connections (opening one per request cost more than a small page), and
/// Parquet footers stay cached, so a first page costs one short scan.
/// </summary>
internal sealed class QueryEngine : IDisposable
{
    private const int PooledConnections = 8;

    private readonly TablesOptions _options;
    private readonly TableStore _store;
    private readonly DuckDBConnection _root;
    private readonly ConcurrentBag<DuckDBConnection> _pool = [];
    private readonly ConcurrentDictionary<string, RowsPage> _pages = new(StringComparer.Ordinal);

    public QueryEngine(TablesOptions options, TableStore store)
    {
        _options = options;
        _store = store;
        _root = DuckDb.Open(options.QueryMemoryLimit, Math.Max(1, Environment.ProcessorCount), store.TempDirectory);
        // Global, so that every connection (pooled or per download) reads a version's footer once, not per query.
        DuckDb.Execute(_root, "SET GLOBAL parquet_metadata_cache=true;");
    }

    public CompiledQuery Compile(Guid id, TableVersion table, TableAccess access, SoqlRequest request, bool download, bool inline = false)
    {
        var query = QueryBuilder.Build(
            _store.ParquetPath(id, table),
            table.Columns,
            access,
            request,
            download ? null : _options.DefaultPageSize,
            download ? null : _options.MaxPageSize,
            inline,
            inlineTotal: !download);
        var unfiltered = string.IsNullOrWhiteSpace(request.Where) && string.IsNullOrWhiteSpace(request.Search)
            && string.IsNullOrWhiteSpace(access.RowFilter) && access.RowCap is null;
        // Without any filter the count is that of the version (from the Parquet metadata at ingest): no scan needed.
        return query.CountSql is not null && unfiltered ? query with { CountSql = null, KnownTotal = table.RowCount } : query;
    }

    public DuckDBConnection Connect()
    {
        lock (_root)
        {
            var connection = _root.Duplicate();
            connection.Open();
            return connection;
        }
    }

    /// <summary>
    /// A page of rows. Versions are immutable files and the SQL names the file and carries the caller's access, so
    /// a page is cached by its SQL and parameters: the first page of a popular table is read once per version,
    /// instead of decompressing the start of every column chunk on each request.
    /// </summary>
    public RowsPage Page(CompiledQuery query, CancellationToken cancellationToken)
    {
        var key = _options.CachedPages > 0 ? CacheKey(query) : null;
        if (key is not null && _pages.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var page = Read(query, cancellationToken);
        if (key is not null && page.Rows.Count <= _options.DefaultPageSize)
        {
            if (_pages.Count >= _options.CachedPages)
            {
                _pages.Clear();
            }
            _pages[key] = page;
        }
        return page;
    }

    private static string? CacheKey(CompiledQuery query)
    {
        var parts = new List<string>(query.Parameters.Count + 2) { query.Sql, query.CountSql ?? "" };
        foreach (var parameter in query.Parameters)
        {
            if (parameter is not (null or string or long or int or double or decimal or bool))
            {
                return null;
            }
            parts.Add(parameter is null ? "\0" : $"{parameter.GetType().Name}:{Convert.ToString(parameter, CultureInfo.InvariantCulture)}");
        }
        return string.Join('\u0001', parts);
    }

    private RowsPage Read(CompiledQuery query, CancellationToken cancellationToken)
    {
        DuckDBConnection? connection = _pool.TryTake(out var pooled) ? pooled : Connect();
        try
        {
            var page = Page(connection, query, cancellationToken);
            if (_pool.Count < PooledConnections)
            {
                _pool.Add(connection);
                connection = null;
            }
            return page;
        }
        finally
        {
            // A connection whose query failed or was interrupted is not reused.
            connection?.Dispose();
        }
    }

    private RowsPage Page(DuckDBConnection connection, CompiledQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        long? total = query.KnownTotal;
        Run(connection, query.Sql, query.Parameters, cancellationToken, reader =>
        {
            while (reader.Read())
            {
                var row = new object?[query.Columns.Count];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = Cell(reader, i);
                }
                if (query.TotalInline)
                {
                    total = reader.GetInt64(row.Length);
                }
                rows.Add(row);
            }
        });
        if (query.CountSql is not null && total is null)
        {
            if (query.Limit is { } limit && rows.Count < limit && (query.Offset == 0 || rows.Count > 0))
            {
                total = query.Offset + rows.Count;
            }
            else
            {
                Run(connection, query.CountSql, query.Parameters.Take(query.CountParameterCount).ToList(), cancellationToken, reader =>
                {
                    reader.Read();
                    total = reader.GetInt64(0);
                });
            }
        }
        return new RowsPage(query.Columns, rows, total, query.Limit, query.Offset);
    }

    /// <summary>Runs <paramref name="sql"/> with a time limit; cancelling interrupts DuckDB.</summary>
    public void Run(DuckDBConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken, Action<DuckDBDataReader> read)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SqlTimeout);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }
        using var registration = timeout.Token.Register(command.Cancel);
        try
        {
            using var reader = command.ExecuteReader();
            read(reader);
        }
        catch (Exception e) when (e is DuckDBException or OperationCanceledException && timeout.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new QueryTimeoutException(_options.SqlTimeout);
        }
    }

    /// <summary>A cell as a plain .NET value: long, double, decimal, BigInteger, bool, string, DateOnly, DateTime or null.</summary>
    public static object? Cell(DuckDBDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            return null;
        }
        var value = reader.GetValue(i);
        return value switch
        {
            int n => (long)n,
            short n => (long)n,
            sbyte n => (long)n,
            byte n => (long)n,
            ushort n => (long)n,
            uint n => (long)n,
            ulong n => n <= long.MaxValue ? (long)n : (BigInteger)n,
            float f => (double)f,
            _ => value,
        };
    }

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public void Dispose()
    {
        while (_pool.TryTake(out var connection))
        {
            connection.Dispose();
        }
        _root.Dispose();
    }
}

/// <summary>A query ran past its time limit and was interrupted.</summary>
internal sealed class QueryTimeoutException(TimeSpan limit) : Exception($"The query ran longer than {limit.TotalSeconds:0.#} s and was stopped.");
