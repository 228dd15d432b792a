using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;

namespace Agora.Catalog.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers a capability's DbContext on the configured provider. <typeparamref name="TBase"/> is what the
    /// capability injects; the two subclasses only carry each provider's migrations. The options are built once (a
    /// singleton): built per scope, as EF Core does by default, they cost more than the rest of a warm request.
    /// </summary>
    public static IServiceCollection AddAgoraDbContext<TBase, TSqlite, TPostgres>(this IServiceCollection services, StorageOptions storage)
        where TBase : DbContext
        where TSqlite : TBase
        where TPostgres : TBase
    {
        if (storage.Provider == StorageProvider.Postgres)
        {
            services.AddDbContext<TPostgres>(o => ConfigurePostgres(o, storage), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
            services.AddScoped<TBase>(sp => sp.GetRequiredService<TPostgres>());
            services.AddSingleton<Func<TBase>>(sp => () => CreatePostgres<TPostgres>(storage));
        }
        else
        {
            Directory.CreateDirectory(storage.DataDirectory);
            services.AddDbContext<TSqlite>(o => ConfigureSqlite(o, storage), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
            services.AddScoped<TBase>(sp => sp.GetRequiredService<TSqlite>());
            services.AddSingleton<Func<TBase>>(sp => () => CreateSqlite<TSqlite>(storage));
        }

        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, StorageOptions storage) =>
        WithoutModelCheckAtMigrate(options.UseSqlite(storage.ConnectionString).AddInterceptors(SqlitePragmas.Instance));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, StorageOptions storage) =>
        WithoutModelCheckAtMigrate(options.UseNpgsql(storage.ConnectionString));

    /// <summary>
    /// Before applying migrations, EF Core builds the design-time model and diffs it with the migrations' snapshot
    /// only to warn that a migration was forgotten: on a new store that was most of a second of the first start, for
    /// each of the three stores. A test asserts that no store's model has changes without a migration, on both
    /// providers, so the check happens once in CI instead of at every start.
    /// </summary>
    private static void WithoutModelCheckAtMigrate(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    private static T CreateSqlite<T>(StorageOptions storage)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        ConfigureSqlite(builder, storage);
        return (T)Activator.CreateInstance(typeof(T), builder.Options)!;
    }

    private static T CreatePostgres<T>(StorageOptions storage)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        ConfigurePostgres(builder, storage);
        return (T)Activator.CreateInstance(typeof(T), builder.Options)!;
    }
}

/// <summary>Every SQLite pragma Agora relies on, set once per physical connection.</summary>
/// <remarks>
/// A pooled open hands back a physical connection that already has them (they last as long as the connection), so they
/// are run only the first time a connection's native handle is seen; running them on every open was a round of four
/// statements on every request that touched the store.
/// </remarks>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    // Keyed by the native handle, which the pool keeps with the physical connection; a closed handle drops out.
    private static readonly ConditionalWeakTable<sqlite3, object> Prepared = new();

    // WAL lets readers run while a writer commits; NORMAL sync is durable across process crashes in WAL mode;
    // busy_timeout turns writer contention into a short wait instead of an error.
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (AlreadyPrepared(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (AlreadyPrepared(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    /// <summary>Whether this physical connection has run the pragmas (tests use it to see the pool reuse one).</summary>
    internal static bool AlreadyPrepared(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Prepared.TryGetValue(handle, out _);

    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Prepared.TryAdd(handle, Instance);
        }
    }
}
