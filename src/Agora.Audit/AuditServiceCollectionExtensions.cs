using Agora.Audit.Api;
using Agora.Audit.Export;
using Agora.Audit.Storage;
using Agora.Audit.Verification;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers the audit log (<see cref="IAuditLog"/>, a hosted service whose writer starts with the host or on the
    /// first append, and which flushes and signs a checkpoint when the host stops or the container is disposed), its
    /// store, <see cref="AuditVerifier"/> and <see cref="AuditExporter"/>.
    /// </summary>
    public static IServiceCollection AddAgoraAudit(this IServiceCollection services, StorageOptions storage, AuditOptions? options = null)
    {
        options ??= new AuditOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddAgoraDbContext<AuditDbContext, SqliteAuditDbContext, PostgresAuditDbContext>(storage);
        services.AddSingleton(options);
        services.AddSingleton(new AuditPaths(storage.DataDirectory, options));
        services.AddSingleton(sp => new AuditLog(
            sp.GetRequiredService<Func<AuditDbContext>>(),
            sp.GetRequiredService<AuditPaths>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<AuditLog>>() ?? NullLogger<AuditLog>.Instance));
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        services.AddSingleton(sp => new AuditVerifier(sp.GetRequiredService<Func<AuditDbContext>>(), sp.GetRequiredService<AuditPaths>()));
        services.AddSingleton(sp => new AuditExporter(sp.GetRequiredService<Func<AuditDbContext>>()));
        return services;
    }

    /// <summary>
    /// Brings the audit table's schema up to date (its history is <c>__audit_migrations</c>). Works on a container
    /// without <see cref="AddAgoraAudit"/> too, from the registered <see cref="StorageOptions"/>.
    /// </summary>
    public static async Task MigrateAuditAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetService<Func<AuditDbContext>>();
        await using var db = factory is not null ? factory() : CreateContext(services.GetRequiredService<StorageOptions>());
        await db.Database.MigrateIfBehindAsync(cancellationToken);
    }

    private static AuditDbContext CreateContext(StorageOptions storage)
    {
        if (storage.Provider == StorageProvider.Postgres)
        {
            var postgres = new DbContextOptionsBuilder<PostgresAuditDbContext>();
            StorageServiceCollectionExtensions.ConfigurePostgres(postgres, storage);
            return new PostgresAuditDbContext(postgres.Options);
        }

        Directory.CreateDirectory(storage.DataDirectory);
        var sqlite = new DbContextOptionsBuilder<SqliteAuditDbContext>();
        StorageServiceCollectionExtensions.ConfigureSqlite(sqlite, storage);
        return new SqliteAuditDbContext(sqlite.Options);
    }

    /// <summary>Flushes what is queued and signs a final checkpoint; for hosts that stop without the generic host.</summary>
    public static Task FlushAuditAsync(this IServiceProvider services) =>
        services.GetRequiredService<AuditLog>().FlushAndStopAsync();

    /// <summary><c>GET /api/v1/audit</c> (search) and <c>GET /api/v1/audit/verify</c>.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapAuditEndpoints();
        return routes;
    }
}
