namespace Agora.Hosting;

/// <summary>
/// Strict headers on every response; the API reference at /docs needs inline scripts and gets its own policy. Responses
/// that carry rows are never cached.
/// </summary>
internal static class SecurityHeaders
{
    private const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    // Not an async lambda: it only registers the callback and hands on, so it returns the next task as it is rather than
    // allocating a state machine per request to await it.
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs") || context.Request.Path.StartsWithSegments("/scalar")
                ? DocsPolicy
                : PagePolicy;
            // Rows and gateway answers depend on the caller's grant as it is at this moment: no browser or shared cache
            // may keep one and serve it after the grant is revoked or has expired, or to someone else (DESIGN.md rule 5).
            if (ServesGrantedData(context.Request.Path))
            {
                headers.CacheControl = "private, no-store";
                headers.Pragma = "no-cache";
            }

            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    private static bool ServesGrantedData(PathString path) =>
        path.StartsWithSegments("/gw") || path.StartsWithSegments("/api/v1/sql") || path.StartsWithSegments("/api/v1/distributions")
        || path.StartsWithSegments("/api/v1/audit");
}
