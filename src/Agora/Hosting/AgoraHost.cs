using Agora.Audit;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Hosting;
using Agora.Catalog.Storage;
using Agora.Search.Catalog;
using Agora.Sharing;
using Agora.Sharing.Audit;
using Agora.Sharing.Gateway;
using Agora.Sharing.Workflow;
using Agora.Tables;
using Agora.Tables.Access;
using Agora.Tables.Audit;
using Agora.Web;
using Agora.Wiring;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Scalar.AspNetCore;

namespace Agora.Hosting;

/// <summary>Wires the capabilities into one web host; it holds no logic of its own.</summary>
public static class AgoraHost
{
    public static WebApplication Build(AgoraSettings settings, string[]? args = null)
    {
        var app = Create(settings, args);
        MapEndpoints(app);
        return app;
    }

    /// <summary>The host with its services and middleware but no endpoints yet: <c>agora serve</c> migrates the
    /// store on another thread while this one maps them.</summary>
    public static WebApplication Create(AgoraSettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables("AGORA_");
        // Outside a published folder the pages' assets are in the projects' wwwroot folders, which the build lists in
        // this manifest; without it every stylesheet and script would be served empty.
        var assets = Path.Combine(AppContext.BaseDirectory, "agora.staticwebassets.runtime.json");
        if (File.Exists(assets))
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, assets);
            builder.WebHost.UseStaticWebAssets();
        }

        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Metadata requests are small; uploads raise the limit on their own endpoints.
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });

        var storage = Storage(settings);
        var oidc = builder.Configuration.GetSection("Agora:Oidc").Get<OidcSettings>();
        AddServices(builder.Services, storage, oidc, builder.Configuration.GetSection("Agora:Audit").Get<AuditOptions>(),
            builder.Configuration.GetSection("Agora:Sharing").Get<SharingOptions>(),
            builder.Configuration.GetValue<int?>("Agora:Search:ResultCacheEntries"),
            builder.Configuration.GetValue("Agora:Search:RebuildWhenOutOfStep", true));

        var app = builder.Build();
        app.UseExceptionHandler();
        HostStart.TrackFirstAnswer(app);
        app.UseSecurityHeaders();
        // A warm gateway call is served here, before routing and authentication; routing is placed after it on purpose.
        // Status code pages come after it: the gateway answers every status with a body of its own or the upstream's
        // answer as it is (it turned the pages off for each call), so on its calls they were only a cost.
        app.UseGatewayFastPath();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAgoraAuthentication();
        app.UseAgoraWeb();
        return app;
    }

    public static StorageOptions Storage(AgoraSettings settings) => new()
    {
        DataDirectory = Path.GetFullPath(settings.DataDirectory),
        Database = settings.Database,
    };

    /// <param name="searchResultCacheEntries">Searches answered from the search index's result cache per reader
    /// (<c>Agora:Search:ResultCacheEntries</c>; 0 turns it off, as benchmarks of the engine's own work do).</param>
    /// <param name="rebuildSearchWhenOutOfStep">Rebuild the search index at start when its count differs from the store's
    /// (<c>Agora:Search:RebuildWhenOutOfStep</c>; false keeps an index filled from elsewhere, as the web benchmark's).</param>
    public static void AddServices(
        IServiceCollection services, StorageOptions storage, OidcSettings? oidc, AuditOptions? audit = null, SharingOptions? sharing = null,
        int? searchResultCacheEntries = null, bool rebuildSearchWhenOutOfStep = true)
    {
        services.Configure<JsonOptions>(o => CatalogJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Framework-made problems (unknown route, wrong method, body over the limit) get Agora's stable types too.
            if (context.ProblemDetails.Type?.StartsWith("https://tools.ietf.org", StringComparison.Ordinal) == true)
            {
                context.ProblemDetails.Type = Problems.TypePrefix + context.ProblemDetails.Status switch
                {
                    404 => "not-found",
                    405 => "method-not-allowed",
                    413 => "payload-too-large",
                    415 => "unsupported-media-type",
                    _ => "http-" + context.ProblemDetails.Status,
                };
            }
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Agora API";
            document.Info.Description = "Government data sharing and open data: catalog, tables, search, sharing and audit.";
            return Task.CompletedTask;
        }));
        services.AddAgoraCatalog(storage, oidc);
        services.AddHttpContextAccessor();
        services.AddAgoraAudit(storage, audit);
        services.AddAgoraTables(new TablesOptions { DataDirectory = storage.DataDirectory });
        services.AddScoped<ITableAccessResolver, CatalogTableAccessResolver>();
        services.AddScoped<IReadAuditSink, AuditedTableReads>();
        services.AddSingleton<ISharingAuditSink, AuditedSharing>();
        services.AddSingleton<IAccountEventSink, AuditedAccounts>();
        services.AddSingleton<IRowFilterValidator, TablesRowFilterValidator>();
        services.AddAgoraSharing(storage, sharing);
        services.AddAgoraCatalogSearch(SearchIndexDirectory(storage), o =>
        {
            if (searchResultCacheEntries is { } entries and >= 0)
            {
                o.ResultCacheEntries = entries;
            }
        }, rebuildSearchWhenOutOfStep);
        Wiring.Privacy.PrivacyGateWiring.AddAgoraPrivacyGate(services);
        services.AddAgoraWeb();
    }

    public static void MapEndpoints(WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o
            .WithTitle("Agora API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapCatalogApi();
        app.MapTablesApi();
        app.MapAuditApi();
        app.MapSharingApi();
        app.MapSearchApi();
        Wiring.Privacy.PrivacyGateWiring.MapPrivacyGateApi(app);
        app.MapAgoraWeb(Path.Combine(AppContext.BaseDirectory, "agora.staticwebassets.endpoints.json"));
    }

    /// <summary>The catalog search index lives in the data directory; it can always be rebuilt from the store.</summary>
    public static string SearchIndexDirectory(StorageOptions storage) => Path.Combine(storage.DataDirectory, "search");

    /// <summary>
    /// Builds every endpoint once (request delegates, JSON contracts, page routes) while the store is migrated, instead
    /// of at the first request after it. The JSON contracts and the page routes are cached; the host's own build of
    /// the endpoints then finds them ready.
    /// </summary>
    public static Task BuildEndpointsAsync(WebApplication app) => Task.Run(() =>
    {
        foreach (var source in ((IEndpointRouteBuilder)app).DataSources)
        {
            _ = source.Endpoints;
        }
    });

    /// <summary>Applies migrations and, when asked and the store is empty, loads the demo catalog.</summary>
    public static async Task PrepareAsync(IServiceProvider services, bool demo, CancellationToken cancellationToken = default)
    {
        await services.MigrateCatalogAsync(cancellationToken);
        await services.MigrateAuditAsync(cancellationToken);
        await services.MigrateSharingAsync(cancellationToken);
        if (!demo)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        if (!await db.Organizations.AnyAsync(cancellationToken))
        {
            await DemoCatalog.LoadAsync(db, cancellationToken);
        }
    }
}
