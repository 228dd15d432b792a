using Agora.Audit.Storage;
using Agora.Catalog.Storage;
using Agora.Hosting;
using Agora.Sharing.Storage;
using Agora.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

public sealed class StoreModelTests
{
    /// <summary>
    /// The host does not let EF Core compare the model with the migrations at every start (it cost most of a second of
    /// a new store's first start), so this is where a change to an entity without its migration is caught.
    /// </summary>
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Every_store_model_is_matched_by_its_migrations_and_a_new_store_gets_every_migration(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var settings = new AgoraSettings { DataDirectory = store.DataDirectory, Database = store.Database, Urls = "http://127.0.0.1:0" };
        await using var app = AgoraHost.Build(settings, ["--Logging:LogLevel:Default=Warning"]);
        await AgoraHost.PrepareAsync(app.Services, demo: false);

        await using var scope = app.Services.CreateAsyncScope();
        DbContext[] stores =
        [
            scope.ServiceProvider.GetRequiredService<CatalogDbContext>(),
            scope.ServiceProvider.GetRequiredService<AuditDbContext>(),
            scope.ServiceProvider.GetRequiredService<SharingDbContext>(),
        ];
        foreach (var db in stores)
        {
            Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration");
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
    }
}
