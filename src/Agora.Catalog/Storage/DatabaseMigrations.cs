using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

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
        if ((await database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await database.MigrateAsync(cancellationToken);
        }
    }
}
