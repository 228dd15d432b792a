using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Portal;

/// <summary>One organization's figures on the bureau's overview, all read from the stored catalog and exchange.</summary>
public sealed class OrganizationFigures
{
    public required Guid Id { get; init; }
    public required string NameZh { get; init; }
    public string? NameEn { get; init; }
    public required string Slug { get; init; }
    public int Datasets { get; set; }
    public Dictionary<SharingAttribute, int> BySharing { get; } = [];
    public Dictionary<OpeningAttribute, int> ByOpening { get; } = [];
    public Dictionary<SecurityGrade, int> ByGrade { get; } = [];

    /// <summary>Requests this organization received as provider.</summary>
    public int Received { get; set; }

    /// <summary>Received requests approved or refused (automatic grants of unconditionally shared data included).</summary>
    public int Answered { get; set; }

    /// <summary>Received requests still waiting for the provider (submitted, or waiting for the requester's answer).</summary>
    public int Open { get; set; }

    /// <summary>Received requests past their deadline without an answer, now.</summary>
    public int Overdue { get; set; }

    /// <summary>Median working days from submission to the provider's own decision; null without any.</summary>
    public double? MedianAnswerDays { get; set; }

    public int Decisions { get; set; }
    public int GrantsGiven { get; set; }
    public int GrantsHeld { get; set; }
}

/// <summary>The bureau's overview: per organization, its catalog by attribute, its answers to requests, its grants.</summary>
internal static class BureauFigures
{
    /// <returns>Every organization's figures, and the median over every provider's decisions.</returns>
    public static async Task<(List<OrganizationFigures> Organizations, double? MedianAnswerDays)> LoadAsync(CatalogDbContext catalog, SharingDbContext db, WorkingCalendar calendar, DateTime now,
        CancellationToken ct)
    {
        var figures = (await catalog.Organizations.AsNoTracking().OrderBy(o => o.Slug).ToListAsync(ct))
            .ToDictionary(o => o.Id, o => new OrganizationFigures { Id = o.Id, NameZh = o.NameZh, NameEn = o.NameEn, Slug = o.Slug });

        var datasets = await catalog.Datasets.AsNoTracking()
            .GroupBy(d => new { d.OrganizationId, d.Sharing, d.Opening, d.SecurityGrade })
            .Select(g => new { g.Key.OrganizationId, g.Key.Sharing, g.Key.Opening, g.Key.SecurityGrade, Count = g.Count() })
            .ToListAsync(ct);
        foreach (var group in datasets)
        {
            if (figures.TryGetValue(group.OrganizationId, out var o))
            {
                o.Datasets += group.Count;
                o.BySharing[group.Sharing] = o.BySharing.GetValueOrDefault(group.Sharing) + group.Count;
                o.ByOpening[group.Opening] = o.ByOpening.GetValueOrDefault(group.Opening) + group.Count;
                o.ByGrade[group.SecurityGrade] = o.ByGrade.GetValueOrDefault(group.SecurityGrade) + group.Count;
            }
        }

        var states = await db.Requests.AsNoTracking()
            .GroupBy(r => new { r.ProviderOrganizationId, r.State })
            .Select(g => new { g.Key.ProviderOrganizationId, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);
        foreach (var group in states)
        {
            if (figures.TryGetValue(group.ProviderOrganizationId, out var o))
            {
                o.Received += group.Count;
                if (group.State is RequestState.Approved or RequestState.Refused)
                {
                    o.Answered += group.Count;
                }
                else if (group.State is RequestState.Submitted or RequestState.InfoRequested)
                {
                    o.Open += group.Count;
                }
            }
        }

        var overdue = await db.Requests.AsNoTracking()
            .Where(r => r.State == RequestState.Submitted && r.DueAt <= now)
            .GroupBy(r => r.ProviderOrganizationId)
            .Select(g => new { Organization = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        foreach (var group in overdue)
        {
            if (figures.TryGetValue(group.Organization, out var o))
            {
                o.Overdue = group.Count;
            }
        }

        // Automatic grants take no time and would hide how long providers take; only their own decisions count.
        var decisions = await db.Requests.AsNoTracking()
            .Where(r => (r.State == RequestState.Approved || r.State == RequestState.Refused) && r.DecidedByUserId != null && r.Decided != null)
            .Select(r => new { r.ProviderOrganizationId, r.Submitted, Decided = r.Decided!.Value })
            .ToListAsync(ct);
        var allDays = decisions.Select(d => SharingLabels.WorkingDaysBetween(calendar, d.Submitted, d.Decided)).Order().ToList();
        foreach (var group in decisions.GroupBy(d => d.ProviderOrganizationId))
        {
            if (figures.TryGetValue(group.Key, out var o))
            {
                var days = group.Select(d => SharingLabels.WorkingDaysBetween(calendar, d.Submitted, d.Decided)).Order().ToList();
                o.Decisions = days.Count;
                o.MedianAnswerDays = Median(days);
            }
        }

        var active = db.Grants.AsNoTracking().Where(g => g.Revoked == null && g.ValidFrom <= now && now < g.ValidTo);
        foreach (var group in await active.GroupBy(g => g.OwnerOrganizationId).Select(g => new { Organization = g.Key, Count = g.Count() }).ToListAsync(ct))
        {
            if (figures.TryGetValue(group.Organization, out var o))
            {
                o.GrantsGiven = group.Count;
            }
        }

        foreach (var group in await active.Where(g => g.ConsumerOrganizationId != null).GroupBy(g => g.ConsumerOrganizationId!.Value)
                     .Select(g => new { Organization = g.Key, Count = g.Count() }).ToListAsync(ct))
        {
            if (figures.TryGetValue(group.Organization, out var o))
            {
                o.GrantsHeld = group.Count;
            }
        }

        return ([.. figures.Values], Median(allDays));
    }

    /// <summary>The middle value of sorted numbers, or the mean of the middle two.</summary>
    public static double? Median(IReadOnlyList<int> sorted) =>
        sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
        : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
}
