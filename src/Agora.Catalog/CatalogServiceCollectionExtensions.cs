using System.Security.Claims;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Hosting;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agora.Catalog;

public static class CatalogServiceCollectionExtensions
{
    public static IServiceCollection AddAgoraCatalog(this IServiceCollection services, StorageOptions storage, OidcSettings? oidc = null)
    {
        services.AddSingleton(storage);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HostStart>();
        services.AddAgoraDbContext<CatalogDbContext, SqliteCatalogDbContext, PostgresCatalogDbContext>(storage);
        services.AddSingleton<CallerCache>();
        services.AddSingleton<CachedBearer>();
        services.AddSingleton<ICatalogObserver, CallerCacheObserver>();
        services.AddSingleton<DatasetCountCache>();
        services.AddSingleton<ICatalogObserver, DatasetCountCacheObserver>();
        services.AddScoped<CallerAccessor>();
        services.AddScoped<AccountService>();
        services.TryAddSingleton<IAccountEventSink, NullAccountEventSink>();
        services.AddScoped<CatalogEvents>();
        services.AddScoped<Import.DatasetImporter>();
        services.TryAddScoped<Privacy.IPublishGate, Privacy.PassingPublishGate>();
        services.AddSingleton(oidc ?? new OidcSettings());

        var authentication = services.AddAuthentication(AgoraClaims.PolicyScheme)
            .AddPolicyScheme(AgoraClaims.PolicyScheme, "Agora", o => o.ForwardDefaultSelector = context =>
                HasBearer(context.Request) ? AgoraClaims.BearerScheme : AgoraClaims.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(AgoraClaims.BearerScheme, null)
            .AddCookie(AgoraClaims.CookieScheme, o =>
            {
                o.Cookie.Name = "agora.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // An API client gets a status code and a problem, never a redirect to an HTML form.
                o.Events.OnRedirectToLogin = context => IsApi(context.Request)
                    ? Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "not-authenticated", "Authentication required", "this needs a bearer token or a signed-in session")
                    : RedirectAsync(context);
                o.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
                    ? Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "the account may not do this")
                    : RedirectAsync(context);
            });

        if (oidc is { Enabled: true })
        {
            authentication.AddOpenIdConnect(AgoraClaims.OidcScheme, oidc.DisplayName ?? "OpenID Connect", o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SignInScheme = AgoraClaims.CookieScheme;
                o.Scope.Add("email");
                o.MapInboundClaims = false;
                o.Events.OnTokenValidated = OidcAccounts.MapToLocalAccountAsync;
            });
        }

        services.AddAuthorization();
        return services;
    }

    /// <summary>Authentication, then a rule: a request that presents a bearer token that fails is refused, never served as anonymous.</summary>
    public static IApplicationBuilder UseAgoraAuthentication(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (HasBearer(context.Request) && context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync(AgoraClaims.BearerScheme);
                return;
            }

            await next(context);
        });
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder routes)
    {
        routes.MapStatusApi();
        routes.MapOrganizationsApi();
        routes.MapDatasetsApi();
        routes.MapDistributionsApi();
        routes.MapUsersApi();
        routes.MapTokensApi();
        return routes;
    }

    /// <summary>Brings the metadata store's schema up to date.</summary>
    public static async Task MigrateCatalogAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        await db.Database.MigrateIfBehindAsync(cancellationToken);
        await db.AnalyzeAsync(cancellationToken);
    }

    /// <summary>
    /// Refreshes the query planner's statistics. Without them SQLite guesses that a filter on the opening attribute is
    /// selective and sorts every open dataset to find the newest fifty, instead of walking the (modified) index.
    /// </summary>
    public static async Task AnalyzeAsync(this CatalogDbContext db, CancellationToken cancellationToken = default)
    {
        var sql = db.Database.IsNpgsql() ? "ANALYZE" : "PRAGMA analysis_limit=2000; ANALYZE;";
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }

    private static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/gw");

    private static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

internal static class OidcAccounts
{
    /// <summary>Replaces the provider's principal with the local account's, found by subject or e-mail.</summary>
    public static async Task MapToLocalAccountAsync(TokenValidatedContext context)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<OidcSettings>();
        var db = context.HttpContext.RequestServices.GetRequiredService<CatalogDbContext>();
        var subject = context.Principal?.FindFirstValue("sub");
        var email = context.Principal?.FindFirstValue("email")?.ToLowerInvariant();
        var issuerSubject = $"{context.Options.Authority}|{subject}";
        var user = await db.Users.FirstOrDefaultAsync(u => u.ExternalSubject == issuerSubject)
            ?? (email is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Email == email));
        if (user is null && settings.AutoProvision && email is not null)
        {
            var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
            user = await accounts.CreateUserAsync(email, null, context.Principal?.FindFirstValue("name"), false, false, context.HttpContext.RequestAborted);
        }

        if (user is null || user.Disabled)
        {
            context.Fail("no Agora account matches this identity");
            return;
        }

        user.ExternalSubject ??= issuerSubject;
        user.LastLogin = DateTime.UtcNow;
        await db.SaveChangesAsync();
        await context.HttpContext.RequestServices.GetRequiredService<IAccountEventSink>().RecordAsync(
            new AccountEvent { Action = AccountActions.Login, SubjectUserId = user.Id, Detail = "openid connect" }, context.HttpContext.RequestAborted);
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(AgoraClaims.UserId, user.Id.ToString()), new Claim(AgoraClaims.Email, user.Email)],
            AgoraClaims.OidcScheme, AgoraClaims.Email, null));
    }
}
