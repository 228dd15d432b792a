using System.Collections.Concurrent;
using Agora.Catalog.Storage;
using Agora.Sharing.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Sharing.Gateway;

internal sealed record GatewayTarget(Guid Id, Guid DistributionId, Guid DatasetId, Guid OrganizationId, string UpstreamUrl, IReadOnlyList<string> Endpoints, int? RatePerSecond);

internal sealed record GatewayOrganization(Guid Id, string Slug, string CreditCode);

/// <summary>
/// Finds registered services and the client organization's names. Registrations are kept for two seconds (and
/// dropped at once when changed on this node); grants are never cached, they are checked on every call.
/// </summary>
internal sealed class GatewayDirectory(TimeProvider time)
{
    private static readonly TimeSpan ServiceTtl = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OrganizationTtl = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string, string), (GatewayTarget? Target, DateTime Until)> services = new();
    private readonly ConcurrentDictionary<Guid, (GatewayOrganization? Organization, DateTime Until)> organizations = new();

    public async Task<GatewayTarget?> FindAsync(IServiceProvider scope, string organization, string service, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (services.TryGetValue((organization, service), out var cached) && cached.Until > now)
        {
            return cached.Target;
        }

        var catalog = scope.GetRequiredService<CatalogDbContext>();
        var orgId = await catalog.Organizations.AsNoTracking().Where(o => o.Slug == organization).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
        GatewayTarget? target = null;
        if (orgId is { } id)
        {
            var db = scope.GetRequiredService<SharingDbContext>();
            var found = await db.ApiServices.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == id && s.Slug == service, ct);
            target = found is null ? null : new GatewayTarget(found.Id, found.DistributionId, found.DatasetId, found.OrganizationId, found.UpstreamUrl, found.Endpoints, found.RatePerSecond);
        }

        if (services.Count > 10_000)
        {
            services.Clear();
        }

        services[(organization, service)] = (target, now + ServiceTtl);
        return target;
    }

    public async Task<GatewayOrganization?> OrganizationAsync(IServiceProvider scope, Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (organizations.TryGetValue(id, out var cached) && cached.Until > now)
        {
            return cached.Organization;
        }

        var catalog = scope.GetRequiredService<CatalogDbContext>();
        var organization = await catalog.Organizations.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new GatewayOrganization(o.Id, o.Slug, o.CreditCode)).FirstOrDefaultAsync(ct);
        if (organizations.Count > 10_000)
        {
            organizations.Clear();
        }

        organizations[id] = (organization, now + OrganizationTtl);
        return organization;
    }

    /// <summary>Forgets every cached registration (after one changed on this node).</summary>
    public void Invalidate() => services.Clear();
}
