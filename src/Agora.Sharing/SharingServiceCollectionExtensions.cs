using Agora.Catalog.Storage;
using Agora.Sharing.Access;
using Agora.Sharing.Api;
using Agora.Sharing.Audit;
using Agora.Sharing.Gateway;
using Agora.Sharing.Net;
using Agora.Sharing.Notifications;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agora.Sharing;

public static class SharingServiceCollectionExtensions
{
    /// <summary>
    /// Requests, grants, notifications and the API gateway. Needs <c>AddAgoraCatalog</c> (accounts, the catalog store).
    /// Register an <see cref="ISharingAuditSink"/> (the audit log) and, if wanted, an <see cref="IRowFilterValidator"/>
    /// before or after this call; the defaults record nothing and check filters without the tables engine.
    /// </summary>
    public static IServiceCollection AddAgoraSharing(this IServiceCollection services, StorageOptions storage, SharingOptions? options = null)
    {
        options ??= new SharingOptions();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAgoraDbContext<SharingDbContext, SqliteSharingDbContext, PostgresSharingDbContext>(storage);
        services.TryAddSingleton<ISharingAuditSink, NullSharingAuditSink>();
        services.TryAddSingleton<IRowFilterValidator, BasicRowFilterValidator>();
        services.AddSingleton<WorkingCalendar>();
        services.AddSingleton<NetworkGuard>();
        services.AddSingleton(_ => new WebhookSecrets(storage, options));
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<GatewayRateLimiter>();
        services.AddSingleton<GatewayDirectory>();
        services.AddSingleton<GrantCache>();
        services.AddSingleton<QuotaReservations>();
        services.AddHostedService<QuotaReservationReturner>();
        services.AddSingleton<Agora.Catalog.Api.ICatalogObserver, SharingCatalogObserver>();
        services.AddScoped<IGrantResolver, GrantResolver>();
        services.AddScoped<AgreementService>();
        services.AddScoped<Notifier>();
        services.AddScoped<RequestWorkflow>();
        services.AddScoped<SharingSweep>();
        services.AddScoped<Views>();
        // A singleton: it keeps nothing per call, and the fast path holds one for the host's life.
        services.AddSingleton<GatewayProxy>();
        services.TryAddSingleton<Agora.Catalog.Hosting.HostStart>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService<SharingSweeper>();

        // Neither the webhooks' client nor the gateway's own invoker follows redirects, and both re-check every address
        // they connect to (DNS rebinding).
        services.AddHttpClient(WebhookDispatcher.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<NetworkGuard>().CreateHandler(maxConnectionsPerServer: 4))
            .RemoveAllLoggers();
        return services;
    }

    public static IEndpointRouteBuilder MapSharingApi(this IEndpointRouteBuilder routes)
    {
        routes.MapRequestsApi();
        routes.MapGrantsApi();
        routes.MapInboxApi();
        routes.MapWebhooksApi();
        routes.MapAgreementsApi();
        routes.MapServicesApi();
        routes.Map("/gw/{organization}/{service}/{**path}", (HttpContext http, string organization, string service, GatewayProxy proxy) =>
                proxy.HandleAsync(http, organization, service))
            .WithName("Gateway")
            .WithTags("Gateway")
            .WithSummary("Forwards a call to a registered API service, if the caller holds a grant for its dataset.")
            .ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// Brings the sharing tables up to date (history in <c>__sharing_migrations</c>). Works on a container without
    /// <see cref="AddAgoraSharing"/> too (the command line's), from the registered <see cref="StorageOptions"/>: a store
    /// is then always complete, whichever command touched it first.
    /// </summary>
    public static async Task MigrateSharingAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetService<Func<SharingDbContext>>();
        if (factory is null)
        {
            await using var own = new ServiceCollection()
                .AddAgoraDbContext<SharingDbContext, SqliteSharingDbContext, PostgresSharingDbContext>(services.GetRequiredService<StorageOptions>())
                .BuildServiceProvider();
            await using var db = own.GetRequiredService<Func<SharingDbContext>>()();
            await db.Database.MigrateIfBehindAsync(cancellationToken);
            return;
        }

        await using var context = factory();
        await context.Database.MigrateIfBehindAsync(cancellationToken);
    }
}
