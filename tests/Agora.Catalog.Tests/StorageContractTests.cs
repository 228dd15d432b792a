using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Catalog.Tests;

/// <summary>Every storage behaviour the catalog relies on, run against SQLite and PostgreSQL alike.</summary>
public sealed class StorageContractTests
{
    private static async Task<(TestStore Store, ServiceProvider Services)> OpenAsync(string provider)
    {
        var store = await TestStore.CreateAsync(provider);
        var services = new ServiceCollection().AddLogging().AddAgoraCatalog(store.Options).BuildServiceProvider();
        await services.MigrateCatalogAsync();
        return (store, services);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Demo_catalog_loads_once_and_round_trips(string provider)
    {
        var (store, services) = await OpenAsync(provider);
        await using (store)
        await using (services)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.True(await DemoCatalog.LoadAsync(db));
            Assert.False(await DemoCatalog.LoadAsync(db));

            Assert.Equal(DemoCatalog.TargetDatasets, await db.Datasets.CountAsync());
            var (_, expected, _) = DemoCatalog.Build();
            var stored = await db.Datasets.AsNoTracking().FirstAsync(d => d.Identifier == expected[0].Identifier);
            Assert.Equal(expected[0].ToDto(), stored.ToDto() with { Themes = expected[0].Themes, Keywords = expected[0].Keywords, Fields = expected[0].Fields });
            Assert.Equal(expected[0].Themes, stored.Themes);
            Assert.Equal(expected[0].Fields, stored.Fields);
            Assert.Equal(DateTimeKind.Utc, stored.Modified.Kind);
        }
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_store_one_migration_behind_is_brought_up_to_date_at_start_and_a_current_one_is_left_alone(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var services = new ServiceCollection().AddLogging().AddAgoraCatalog(store.Options).BuildServiceProvider();
        string[] all;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            all = [.. db.Database.GetMigrations()];
            Assert.True(all.Length > 1);
            await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync(all[^2]);
            Assert.Equal([all[^1]], await db.Database.GetPendingMigrationsAsync());
        }

        await services.MigrateCatalogAsync();
        await services.MigrateCatalogAsync();

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
            Assert.True(await DemoCatalog.LoadAsync(db));
        }
    }

    [Fact]
    public async Task A_pooled_sqlite_connection_keeps_every_pragma_though_they_run_once_per_physical_connection()
    {
        var (store, services) = await OpenAsync(TestStore.Sqlite);
        await using (store)
        await using (services)
        {
            for (var open = 0; open < 3; open++)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
                await db.Database.OpenConnectionAsync();
                var connection = db.Database.GetDbConnection();
                Assert.True(SqlitePragmas.AlreadyPrepared(connection));
                Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));
                Assert.Equal(10_000L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
                Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous"));
                Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Themes_are_queryable_inside_the_store(string provider)
    {
        var (store, services) = await OpenAsync(provider);
        await using (store)
        await using (services)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await DemoCatalog.LoadAsync(db);
            var (_, all, _) = DemoCatalog.Build();

            var healthcare = await db.Datasets.Where(d => d.Themes.Contains("healthcare")).Select(d => d.Identifier).ToListAsync();

            Assert.Equal(all.Where(d => d.Themes.Contains("healthcare")).Select(d => d.Identifier).Order(), healthcare.Order());
            Assert.NotEmpty(healthcare);
        }
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Unique_identifiers_and_credit_codes_are_enforced_by_the_store(string provider)
    {
        var (store, services) = await OpenAsync(provider);
        await using (store)
        await using (services)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await DemoCatalog.LoadAsync(db);
            var existing = await db.Organizations.AsNoTracking().FirstAsync();
            db.Organizations.Add(new Organization
            {
                Id = Guid.NewGuid(),
                Slug = "another",
                NameZh = "另一个",
                CreditCode = existing.CreditCode,
                RegionCode = "110000",
            });

            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Deleting_a_dataset_removes_its_distributions(string provider)
    {
        var (store, services) = await OpenAsync(provider);
        await using (store)
        await using (services)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await DemoCatalog.LoadAsync(db);
            var dataset = await db.Datasets.FirstAsync();
            Assert.True(await db.Distributions.AnyAsync(d => d.DatasetId == dataset.Id));

            db.Datasets.Remove(dataset);
            await db.SaveChangesAsync();

            Assert.False(await db.Distributions.AnyAsync(d => d.DatasetId == dataset.Id));
        }
    }
}
