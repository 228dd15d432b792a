using System.Globalization;
using Agora.Tables.Access;
using Agora.Tables.Engine;
using Agora.Tables.Storage;
using DuckDB.NET.Data;

namespace Agora.Tables.Query;

/// <summary>Rows of a table as text, column by column; <see cref="Sampled"/> when they are a sample of a bigger table.</summary>
public sealed record TableSample(TableVersion Table, IReadOnlyList<string> Columns, string[][] Values, bool Sampled);

/// <summary>A <c>$where</c> or column that the table cannot answer; <see cref="Parameter"/> names the part at fault.</summary>
public sealed class TableQueryException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>
/// In-process reading for other capabilities of the host (the privacy scan, differentially private aggregates). It
/// reads with full access and writes no audit record: the caller decides who may have what it derives from the rows
/// and audits what it releases. It runs on the same engine as the Data API, so <c>$where</c> means the same here.
/// </summary>
public sealed class TableReader
{
    private readonly TableStore _store;
    private readonly QueryEngine _engine;

    internal TableReader(TableStore store, QueryEngine engine)
    {
        _store = store;
        _engine = engine;
    }

    /// <summary>The published version of a distribution's table; null when no data was loaded.</summary>
    public TableVersion? Current(Guid distributionId) => _store.Current(distributionId);

    /// <summary>
    /// Every row when the table has at most <paramref name="maxRows"/>, otherwise a fixed-seed reservoir sample of
    /// that many, so memory stays bounded and a rescan of the same version sees the same rows.
    /// </summary>
    public TableSample? Sample(Guid distributionId, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        var table = _store.Current(distributionId);
        if (table is null)
        {
            return null;
        }

        var query = Compile(distributionId, table, null);
        var sampled = table.RowCount > maxRows;
        var sql = sampled
            ? $"SELECT * FROM ({query.Sql}) USING SAMPLE reservoir({maxRows.ToString(CultureInfo.InvariantCulture)} ROWS) REPEATABLE (20240501)"
            : query.Sql;
        var columns = query.Columns.Select(_ => new List<string>()).ToArray();
        using var connection = _engine.Connect();
        _engine.Run(connection, sql, query.Parameters, cancellationToken, reader =>
        {
            while (reader.Read())
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    columns[i].Add(QueryEngine.Text(QueryEngine.Cell(reader, i)));
                }
            }
        });
        return new TableSample(table, query.Columns.Select(c => c.Name).ToArray(), columns.Select(c => c.ToArray()).ToArray(), sampled);
    }

    /// <summary>
    /// The values of one column in the rows that match <paramref name="where"/> (the Data API's <c>$where</c>), streamed:
    /// long, double, decimal, BigInteger, bool, string, DateOnly, DateTime or null.
    /// </summary>
    public IEnumerable<object?> ReadColumn(Guid distributionId, string column, string? where, CancellationToken cancellationToken)
    {
        var table = _store.Current(distributionId) ?? throw new TableQueryException("distribution", $"distribution {distributionId} has no table data");
        var target = table.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.Ordinal))
            ?? throw new TableQueryException("column", $"the table has no column '{column}'; its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}");
        var query = Compile(distributionId, table, where);
        var index = query.Columns.Select((c, i) => (c, i)).First(p => string.Equals(p.c.Name, target.Name, StringComparison.Ordinal)).i;
        return Stream(query.Sql, query.Parameters, index, cancellationToken);
    }

    private CompiledQuery Compile(Guid distributionId, TableVersion table, string? where)
    {
        try
        {
            return _engine.Compile(distributionId, table, TableAccess.Full, new SoqlRequest(Where: where), download: true);
        }
        catch (SoqlException e)
        {
            throw new TableQueryException(e.Parameter, e.Message);
        }
    }

    private IEnumerable<object?> Stream(string sql, IReadOnlyList<object?> parameters, int column, CancellationToken cancellationToken)
    {
        using var connection = _engine.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        using var registration = cancellationToken.Register(command.Cancel);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return QueryEngine.Cell(reader, column);
        }
    }
}
