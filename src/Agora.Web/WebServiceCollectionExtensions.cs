using System.Globalization;
using System.Threading.RateLimiting;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web;

public static class WebServiceCollectionExtensions
{
    public const string LoginRateLimit = "login";

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static IServiceCollection AddAgoraWeb(this IServiceCollection services)
    {
        // The pages live in this library, whichever program hosts it (the agora executable or a test runner).
        // The exchange's pages need an account; whether it may see a given request or record is decided on the page.
        services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/Console").AuthorizeFolder("/Requests").AuthorizeFolder("/Grants")
                .AuthorizeFolder("/Inbox").AuthorizeFolder("/Audit").AuthorizeFolder("/Bureau"))
            .AddApplicationPart(typeof(WebServiceCollectionExtensions).Assembly);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "agora.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__csrf";
        });
        services.AddSingleton<Texts>();
        services.AddSingleton<Portal.LoopbackApi>();
        // Chinese text goes out as characters, not as numeric entities (which would triple the page size).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // A cookie set by the language switch wins; then ?lang=; the browser's preference is not used so
            // that the default stays Chinese, as the portal promises.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new CookieRequestCultureProvider()];
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in attempts are limited, not the form that shows them: counting every view of the page let ten
            // page loads from one office's address lock its people out for a minute.
            o.AddPolicy(LoginRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("view"));
        });
        return services;
    }

    public static IApplicationBuilder UseAgoraWeb(this IApplicationBuilder app)
    {
        // A gateway call is forwarded as it came: it shows no page and signs nobody in, so neither the culture nor the
        // sign-in limit applies to it. Setting the culture is not free: it is an AsyncLocal whose change callback runs
        // on every thread hop of the request, and the gateway's calls hop on every await.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/gw"), web =>
        {
            web.UseRequestLocalization();
            web.UseRateLimiter();
        });
        app.UseAntiforgery();
        return app;
    }

    /// <param name="staticAssetsManifest">The host's static assets manifest; the default names it after the entry
    /// assembly, which is wrong when another program (a test runner) hosts Agora.</param>
    public static IEndpointRouteBuilder MapAgoraWeb(this IEndpointRouteBuilder routes, string? staticAssetsManifest = null)
    {
        routes.MapStaticAssets(staticAssetsManifest);
        routes.MapRazorPages().WithStaticAssets();
        routes.MapLanguageSwitch();
        return routes;
    }
}
