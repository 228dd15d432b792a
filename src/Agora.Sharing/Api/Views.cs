using Agora.Catalog.Storage;
using Agora.Sharing.Access;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Api;

/// <summary>Turns stored requests and grants into what the API shows, with their datasets named.</summary>
internal sealed class Views(CatalogDbContext catalog, SharingDbContext db, WorkingCalendar calendar, TimeProvider time, QuotaReservations reservations)
{
    public async Task<List<AccessRequestDto>> RequestsAsync(IReadOnlyList<AccessRequest> requests, bool history, CancellationToken ct)
    {
        var datasets = await DatasetsAsync(requests.Select(r => r.DatasetId), ct);
        var ids = requests.Select(r => r.Id).ToList();
        var attachments = (await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.RequestId)).OrderBy(a => a.Uploaded).ToListAsync(ct))
            .ToLookup(a => a.RequestId);
        var acceptanceIds = requests.Where(r => r.AgreementAcceptanceId is not null).Select(r => r.AgreementAcceptanceId!.Value).ToList();
        var acceptances = acceptanceIds.Count == 0
            ? new Dictionary<Guid, AgreementAcceptance>()
            : await db.AgreementAcceptances.AsNoTracking().Where(a => acceptanceIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var events = history
            ? (await db.RequestEvents.AsNoTracking().Where(e => ids.Contains(e.RequestId)).OrderBy(e => e.At).ToListAsync(ct)).ToLookup(e => e.RequestId)
            : null;
        var now = time.GetUtcNow().UtcDateTime;
        return requests.Select(r => new AccessRequestDto(
            r.Id, r.Kind, r.State, datasets.GetValueOrDefault(r.DatasetId), r.DatasetId, r.ProviderOrganizationId, r.ConsumerOrganizationId,
            r.RequesterUserId, r.Purpose, r.LegalBasis, r.Fields, r.RowScope, new Period(r.PeriodFrom, r.PeriodTo), r.Submitted, r.DueAt,
            calendar.LocalDate(r.DueAt.AddTicks(-1)), r.AnswerWorkingDays, r.State == RequestState.Submitted && now >= r.DueAt,
            r.InfoQuestion, r.InfoAnswer, r.Decided, r.DecidedByUserId, r.DecisionReason, r.GrantId,
            r.AgreementAcceptanceId is { } a && acceptances.TryGetValue(a, out var acceptance) ? Acceptance(acceptance) : null,
            attachments[r.Id].Select(Attachment).ToList(),
            events?[r.Id].Select(e => new RequestEventDto(e.At, e.ActorUserId, e.ActorOrganizationId, e.Action, e.FromState, e.ToState, e.Message)).ToList(),
            r.Updated)).ToList();
    }

    public async Task<AccessRequestDto> RequestAsync(AccessRequest request, CancellationToken ct) =>
        (await RequestsAsync([request], true, ct))[0];

    public async Task<List<GrantDto>> GrantsAsync(IReadOnlyList<Grant> grants, CancellationToken ct)
    {
        var datasets = await DatasetsAsync(grants.Select(g => g.DatasetId), ct);
        var now = time.GetUtcNow().UtcDateTime;
        var day = calendar.DayNumber(now);
        var ids = grants.Select(g => g.Id).ToList();
        var usage = await db.GrantUsage.AsNoTracking().Where(u => ids.Contains(u.GrantId) && u.Day == day).ToDictionaryAsync(u => u.GrantId, ct);
        // Calls this node counted in advance and has not served are not calls made (QuotaReservations).
        return grants.Select(g =>
        {
            var used = usage.GetValueOrDefault(g.Id);
            var status = g.Revoked is not null ? GrantStatus.Revoked
                : now >= g.ValidTo ? GrantStatus.Expired
                : now < g.ValidFrom ? GrantStatus.Pending
                : GrantStatus.Active;
            return new GrantDto(g.Id, g.RequestId, g.Kind, status, datasets.GetValueOrDefault(g.DatasetId), g.DatasetId, g.OwnerOrganizationId,
                g.ConsumerOrganizationId, g.ConsumerUserId, g.AllowedFields, g.RowFilter, g.AllowedEndpoints, g.ValidFrom, g.ValidTo,
                new QuotaDto(g.MaxRowsPerDay, g.MaxRequestsPerDay, used?.Rows ?? 0, Math.Max(0, (used?.Requests ?? 0) - reservations.Unused(g.Id, day))), g.Purpose, g.Created,
                g.ApprovedByUserId, g.Revoked, g.RevokeReason);
        }).ToList();
    }

    public static AcceptanceDto Acceptance(AgreementAcceptance a) => new(a.Id, a.DatasetId, a.UserId, a.Version, a.TextSha256, a.Accepted);

    public static AttachmentDto Attachment(RequestAttachment a) =>
        new(a.Id, a.Name, a.MediaType, a.Size, a.Sha256, a.UploadedByUserId, a.Uploaded, $"/api/v1/requests/{a.RequestId}/attachments/{a.Id}");

    private async Task<Dictionary<Guid, DatasetRef>> DatasetsAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await catalog.Datasets.AsNoTracking().Where(d => wanted.Contains(d.Id))
            .Select(d => new { d.Id, d.Identifier, d.TitleZh, d.TitleEn })
            .ToDictionaryAsync(d => d.Id, d => new DatasetRef(d.Id, d.Identifier, new(d.TitleZh, d.TitleEn)), ct);
    }
}

/// <summary>An opaque cursor over an offset: these lists are short and change slowly.</summary>
internal static class OffsetCursor
{
    public static string Encode(string list, int offset) => new Catalog.Api.Cursor(list, offset.ToString(System.Globalization.CultureInfo.InvariantCulture), "").Encode();

    public static int Decode(string? text, string list)
    {
        var cursor = Catalog.Api.Cursor.Decode(text, list);
        return cursor is null ? 0 : int.TryParse(cursor.Value, out var offset) && offset >= 0 ? offset : throw new FormatException("the cursor is not one this list gave out");
    }
}
