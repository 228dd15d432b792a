using Agora.Catalog.Storage;
using Agora.Web.Localization;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Portal;

/// <summary>Names for the ids that requests, grants and audit records carry: organizations, accounts, datasets.</summary>
public sealed class NameBook
{
    private readonly Dictionary<Guid, (string Zh, string? En, string Slug)> organizations;
    private readonly Dictionary<Guid, string> users;
    private readonly Dictionary<Guid, (string Identifier, string Zh, string? En)> datasets;

    private NameBook(Dictionary<Guid, (string, string?, string)> organizations, Dictionary<Guid, string> users,
        Dictionary<Guid, (string, string, string?)> datasets)
    {
        this.organizations = organizations;
        this.users = users;
        this.datasets = datasets;
    }

    /// <summary>Every organization (a node has tens to hundreds) and only the accounts and datasets asked for.</summary>
    public static async Task<NameBook> LoadAsync(CatalogDbContext db, IEnumerable<Guid?> userIds, IEnumerable<Guid?> datasetIds, CancellationToken ct)
    {
        var organizations = await db.Organizations.AsNoTracking()
            .Select(o => new { o.Id, o.NameZh, o.NameEn, o.Slug })
            .ToDictionaryAsync(o => o.Id, o => (o.NameZh, o.NameEn, o.Slug), ct);
        var wantedUsers = userIds.OfType<Guid>().Distinct().ToList();
        var users = wantedUsers.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => wantedUsers.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
        var wantedDatasets = datasetIds.OfType<Guid>().Distinct().ToList();
        var datasets = wantedDatasets.Count == 0
            ? []
            : await db.Datasets.AsNoTracking().Where(d => wantedDatasets.Contains(d.Id))
                .Select(d => new { d.Id, d.Identifier, d.TitleZh, d.TitleEn })
                .ToDictionaryAsync(d => d.Id, d => (d.Identifier, d.TitleZh, d.TitleEn), ct);
        return new NameBook(organizations, users, datasets);
    }

    public string Organization(Guid? id) =>
        id is { } key && organizations.TryGetValue(key, out var o) ? Texts.Pick(o.Zh, o.En) : id?.ToString() ?? "";

    public string? OrganizationSlug(Guid? id) => id is { } key && organizations.TryGetValue(key, out var o) ? o.Slug : null;

    public string User(Guid? id) => id is { } key && users.TryGetValue(key, out var email) ? email : id?.ToString() ?? "";

    public string Dataset(Guid? id) =>
        id is { } key && datasets.TryGetValue(key, out var d) ? Texts.Pick(d.Zh, d.En) : id?.ToString() ?? "";

    public string? DatasetIdentifier(Guid? id) => id is { } key && datasets.TryGetValue(key, out var d) ? d.Identifier : null;

    public IEnumerable<(Guid Id, string Name)> Organizations =>
        organizations.Select(o => (o.Key, Texts.Pick(o.Value.Zh, o.Value.En))).OrderBy(o => o.Item2, StringComparer.Ordinal);
}
