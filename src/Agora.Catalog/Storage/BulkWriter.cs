using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Agora.Catalog.Storage;

/// <summary>
/// Inserts many rows of one entity type without change tracking: prepared statements on SQLite, binary COPY on
/// PostgreSQL. Column names and value conversions come from the EF model, so the rows are exactly what EF itself
/// would have written. Runs inside the caller's transaction.
/// </summary>
public static class BulkWriter
{
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, table.Name, columns, rows, cancellationToken);
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                var (property, _, mapping) = columns[i];
                var value = property.GetGetter().GetClrValue(row);
                // The mapping converts the CLR value itself (enum names, JSON for lists, UTC instants).
                command.Parameters.Add(mapping.CreateParameter(command, $"@p{i}", value));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string table,
        List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> columns, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var copy = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var (property, _, mapping) in columns)
            {
                var value = Convert(mapping, property.GetGetter().GetClrValue(row));
                if (value is null)
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    var storeType = mapping.StoreType;
                    var paren = storeType.IndexOf('(', StringComparison.Ordinal);
                    await writer.WriteAsync(value, paren < 0 ? storeType : storeType[..paren], cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>The value as the store holds it; the mapping's converter already includes the property's own.</summary>
    private static object? Convert(RelationalTypeMapping mapping, object? value) =>
        value is null ? null : mapping.Converter is null ? value : mapping.Converter.ConvertToProvider(value);
}
