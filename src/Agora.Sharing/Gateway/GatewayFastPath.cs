using Agora.Catalog.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Sharing.Gateway;

/// <summary>
/// Serves a gateway call whose bearer token and account are in the caller cache straight from the middleware, before
/// routing, the authentication handlers, authorization and the pages' middleware, none of which a gateway call needs:
/// on a warm call they were most of the host's CPU. Every other gateway request (no bearer token, a token or account
/// not cached, expired, disabled, or due for its last-used write, a cookie session) goes on down the full pipeline to
/// the mapped endpoint, which answers as before. The checks of the call itself (grant, revocation, expiry, rate limit,
/// quota, audit before the response completes) are the proxy's, the same on both paths.
/// </summary>
public static class GatewayFastPath
{
    private const string Prefix = "/gw/";

    /// <summary>Put it after the middleware whose headers every answer needs (security headers) and the exception handler, and
    /// before status code pages and routing.</summary>
    public static IApplicationBuilder UseGatewayFastPath(this IApplicationBuilder app)
    {
        var bearer = app.ApplicationServices.GetRequiredService<CachedBearer>();
        var proxy = app.ApplicationServices.GetRequiredService<GatewayProxy>();
        return app.Use((context, next) =>
            TryMatch(context.Request.Path.Value, out var organization, out var service) && bearer.TryResolve(context.Request) is { } caller
                ? proxy.HandleAsync(context, organization, service, caller)
                : next(context));
    }

    /// <summary>The organization and service of <c>/gw/{organization}/{service}/{**path}</c>, as the route reads them.</summary>
    internal static bool TryMatch(string? path, out string organization, out string service)
    {
        organization = service = "";
        if (path is null || !path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var after = rest[(slash + 1)..];
        var end = after.IndexOf('/');
        var serviceSpan = end < 0 ? after : after[..end];
        if (serviceSpan.IsEmpty)
        {
            return false;
        }

        organization = rest[..slash].ToString();
        service = serviceSpan.ToString();
        return true;
    }
}
