using Agora.Tables.Ingest;
using Agora.Tables.Jobs;
using Agora.Tables.Query;
using Agora.Tables.Sql;
using Agora.Tables.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agora.Tables;

public static class TablesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tables engine: ingest jobs (run in-process by a hosted service), the Parquet store and DuckDB queries.
    /// The host must also register an <see cref="Access.ITableAccessResolver"/> and an <see cref="Audit.IReadAuditSink"/>;
    /// an <see cref="IIngestJobStore"/> registered before this call replaces the default, which keeps jobs as files in
    /// the data directory (<see cref="FileIngestJobStore"/>).
    /// </summary>
    public static IServiceCollection AddAgoraTables(this IServiceCollection services, TablesOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);
        services.AddSingleton(options);
        services.AddSingleton<TableStore>();
        services.AddSingleton<OutboundFetcher>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<IngestSignal>();
        services.TryAddSingleton<IIngestJobStore>(_ => new FileIngestJobStore(options));
        services.AddSingleton<IngestJobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestJobRunner>());
        services.AddSingleton(sp => new TableIngest(
            sp.GetRequiredService<IIngestJobStore>(),
            sp.GetRequiredService<IngestSignal>(),
            sp.GetRequiredService<IngestPipeline>(),
            sp.GetRequiredService<IngestJobRunner>(),
            sp.GetRequiredService<TableStore>()));
        services.AddSingleton<QueryEngine>();
        services.AddSingleton<SqlRunner>();
        services.AddSingleton(sp => new TableReader(sp.GetRequiredService<TableStore>(), sp.GetRequiredService<QueryEngine>()));
        return services;
    }
}
