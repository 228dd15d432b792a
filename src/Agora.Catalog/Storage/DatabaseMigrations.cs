using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Agora.Catalog.Storage;

public static class DatabaseMigrations
{
    /// <summary>
    /// Applies the migrations that the store lacks. When it lacks none, only the history table is read: a full
    /// <c>Migrate</c> also builds the model and compares it with the migrations' snapshot, which costs most of a
    /// second of every start for nothing.
    /// </summary>
    public static async Task MigrateIfBehindAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        var applied = await AppliedMigrationsAsync(database, cancellationToken);
        if (applied is null || database.GetMigrations().Any(id => !applied.Contains(id)))
        {
            await database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The identifiers in the history table, or null when there is no history table yet. Read with one plain command:
    /// EF's own reader first builds a model of the history table, a tenth of a second of every start per store.
    /// </summary>
    private static async Task<HashSet<string>?> AppliedMigrationsAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        var relational = RelationalOptionsExtension.Extract(database.GetService<IDbContextOptions>());
        var table = database.GetService<ISqlGenerationHelper>().DelimitIdentifier(
            relational.MigrationsHistoryTableName ?? HistoryRepository.DefaultTableName, relational.MigrationsHistoryTableSchema);
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT \"MigrationId\" FROM {table}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }

            return applied;
        }
        catch (DbException)
        {
            // No history table yet (a new store), or a store that cannot be read: the migration says which.
            return null;
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }
}
