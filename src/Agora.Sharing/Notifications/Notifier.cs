using System.Text.Json;
using Agora.Catalog.Api;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Notifications;

/// <summary>An event worth telling someone about: an inbox line and, for organizations, a webhook payload.</summary>
internal sealed record Notice(string Kind, string TitleZh, string TitleEn, Guid? RequestId, Guid? GrantId, Guid DatasetId, object? Data = null);

/// <summary>
/// Adds inbox messages and webhook deliveries to the same unit of work as the change they describe, so that both
/// commit or neither does; the dispatcher is woken once the caller has saved.
/// </summary>
internal sealed class Notifier(SharingDbContext db, TimeProvider time, WebhookSignal signal)
{
    private bool pending;

    public void ToUser(Guid userId, Notice notice) => db.Inbox.Add(Message(notice, userId, null, false));

    public void ToBureau(Notice notice) => db.Inbox.Add(Message(notice, null, null, true));

    public async Task ToOrganizationAsync(Guid organizationId, Notice notice, CancellationToken cancellationToken)
    {
        db.Inbox.Add(Message(notice, null, organizationId, false));
        var hooks = await db.Webhooks.AsNoTracking()
            .Where(w => w.OrganizationId == organizationId && w.Active)
            .Select(w => w.Id)
            .ToListAsync(cancellationToken);
        if (hooks.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var eventId = Guid.CreateVersion7();
        var payload = JsonSerializer.Serialize(new
        {
            id = eventId,
            type = notice.Kind,
            createdAt = now,
            organizationId,
            title = new LocalizedText(notice.TitleZh, notice.TitleEn),
            requestId = notice.RequestId,
            grantId = notice.GrantId,
            datasetId = notice.DatasetId,
            data = notice.Data,
        }, CatalogJson.Options);
        foreach (var hook in hooks)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(),
                WebhookId = hook,
                EventType = notice.Kind,
                Payload = payload,
                Created = now,
                NextAttempt = now,
                State = DeliveryState.Pending,
            });
        }

        pending = true;
    }

    /// <summary>Call after the unit of work has committed.</summary>
    public void Committed()
    {
        if (pending)
        {
            pending = false;
            signal.Pulse();
        }
    }

    private InboxMessage Message(Notice notice, Guid? userId, Guid? organizationId, bool bureau) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        OrganizationId = organizationId,
        ForBureau = bureau,
        Kind = notice.Kind,
        TitleZh = Truncate(notice.TitleZh, 500),
        TitleEn = Truncate(notice.TitleEn, 1000),
        RequestId = notice.RequestId,
        GrantId = notice.GrantId,
        DatasetId = notice.DatasetId,
        Created = time.GetUtcNow().UtcDateTime,
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>Wakes the webhook dispatcher when there is something to send.</summary>
internal sealed class WebhookSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Pulse()
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => semaphore.WaitAsync(timeout, cancellationToken);
}
