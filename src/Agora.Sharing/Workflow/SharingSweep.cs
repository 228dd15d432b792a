using Agora.Catalog.Hosting;
using Agora.Catalog.Storage;
using Agora.Sharing.Model;
using Agora.Sharing.Notifications;
using Agora.Sharing.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Sharing.Workflow;

/// <summary>
/// Flags requests that are past their deadline (to both sides and the bureau) and grants that are about to expire or
/// have expired. Each notice is sent once: a conditional update claims it, so several nodes may sweep at once.
/// </summary>
internal sealed class SharingSweep(CatalogDbContext catalog, SharingDbContext db, Notifier notifier, WorkingCalendar calendar, SharingOptions options, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var sent = 0;
        var overdue = await db.Requests.AsNoTracking()
            .Where(r => r.State == RequestState.Submitted && r.DueAt <= now && !r.OverdueNotified)
            .OrderBy(r => r.DueAt).Take(200).ToListAsync(ct);
        foreach (var request in overdue)
        {
            var claimed = await db.Requests.Where(r => r.Id == request.Id && !r.OverdueNotified && r.State == RequestState.Submitted)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.OverdueNotified, true), ct);
            if (claimed == 0)
            {
                continue;
            }

            var notice = Notices.Overdue(await TitleAsync(request.DatasetId, ct), request.Id, calendar.LocalDate(request.DueAt.AddTicks(-1)));
            await notifier.ToOrganizationAsync(request.ProviderOrganizationId, notice, ct);
            await ToConsumerAsync(request.ConsumerOrganizationId, request.RequesterUserId, notice, ct);
            notifier.ToBureau(notice);
            sent++;
        }

        var horizon = now + options.GrantExpiryNotice;
        var expiring = await db.Grants.AsNoTracking()
            .Where(g => g.Revoked == null && !g.ExpiringNotified && g.ValidTo > now && g.ValidTo <= horizon)
            .OrderBy(g => g.ValidTo).Take(200).ToListAsync(ct);
        foreach (var grant in expiring)
        {
            if (await db.Grants.Where(g => g.Id == grant.Id && !g.ExpiringNotified)
                    .ExecuteUpdateAsync(s => s.SetProperty(g => g.ExpiringNotified, true), ct) == 0)
            {
                continue;
            }

            var notice = Notices.Expiring(await TitleAsync(grant.DatasetId, ct), grant.RequestId, grant.Id, grant.ValidTo);
            await ToConsumerAsync(grant.ConsumerOrganizationId, grant.ConsumerUserId, notice, ct);
            await notifier.ToOrganizationAsync(grant.OwnerOrganizationId, notice, ct);
            sent++;
        }

        var expired = await db.Grants.AsNoTracking()
            .Where(g => g.Revoked == null && !g.ExpiredNotified && g.ValidTo <= now)
            .OrderBy(g => g.ValidTo).Take(200).ToListAsync(ct);
        foreach (var grant in expired)
        {
            if (await db.Grants.Where(g => g.Id == grant.Id && !g.ExpiredNotified)
                    .ExecuteUpdateAsync(s => s.SetProperty(g => g.ExpiredNotified, true).SetProperty(g => g.ExpiringNotified, true), ct) == 0)
            {
                continue;
            }

            await ToConsumerAsync(grant.ConsumerOrganizationId, grant.ConsumerUserId, Notices.Expired(await TitleAsync(grant.DatasetId, ct), grant.RequestId, grant.Id), ct);
            sent++;
        }

        await db.SaveChangesAsync(ct);
        notifier.Committed();
        return sent;
    }

    private async Task ToConsumerAsync(Guid? organization, Guid? user, Notice notice, CancellationToken ct)
    {
        if (organization is { } org)
        {
            await notifier.ToOrganizationAsync(org, notice, ct);
        }
        else if (user is { } u)
        {
            notifier.ToUser(u, notice);
        }
    }

    private async Task<DatasetTitle> TitleAsync(Guid datasetId, CancellationToken ct)
    {
        var d = await catalog.Datasets.AsNoTracking().FirstOrDefaultAsync(x => x.Id == datasetId, ct);
        return d is null ? new DatasetTitle(datasetId, "", datasetId.ToString(), datasetId.ToString()) : RequestWorkflow.Title(d);
    }
}

/// <summary>Runs the sweep on a timer.</summary>
internal sealed class SharingSweeper(
    IServiceScopeFactory scopes, SharingOptions options, HostStart start, ILogger<SharingSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await start.WhenStartedAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.SweepInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SharingSweep>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The sharing sweep failed; it runs again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
