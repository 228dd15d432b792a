using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Agora.Catalog.Hosting;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Sharing.Notifications;

/// <summary>
/// Sends pending webhook deliveries from the queue in the store, retrying failures with growing waits. A lease on
/// each delivery keeps two nodes from sending the same one at once.
/// </summary>
internal sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    IHttpClientFactory clients,
    WebhookSecrets secrets,
    WebhookSignal signal,
    SharingOptions options,
    TimeProvider time,
    HostStart start,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string ClientName = "agora-webhooks";

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await start.WhenStartedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Webhook dispatch failed; retrying shortly");
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends what is due now; returns how many deliveries it tried.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SharingDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.State == DeliveryState.Pending && d.NextAttempt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .OrderBy(d => d.NextAttempt)
            .Select(d => d.Id)
            .Take(16)
            .ToListAsync(cancellationToken);
        var claimed = new List<Guid>();
        foreach (var id in due)
        {
            var leaseUntil = now + Lease;
            var won = await db.WebhookDeliveries
                .Where(d => d.Id == id && d.State == DeliveryState.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, leaseUntil), cancellationToken);
            if (won == 1)
            {
                claimed.Add(id);
            }
        }

        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (id, ct) => await SendAsync(id, ct));
        return claimed.Count;
    }

    private async Task SendAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SharingDbContext>();
        var delivery = await db.WebhookDeliveries.FirstAsync(d => d.Id == deliveryId, cancellationToken);
        var hook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == delivery.WebhookId, cancellationToken);
        int? status = null;
        string? error = null;
        if (hook is null || !hook.Active)
        {
            error = "the webhook was removed or disabled";
        }
        else
        {
            (status, error) = await PostAsync(hook, delivery, cancellationToken);
        }

        var now = time.GetUtcNow().UtcDateTime;
        delivery.Attempts++;
        delivery.LastStatus = status;
        delivery.LastError = error?.Length > 1000 ? error[..1000] : error;
        delivery.LeaseUntil = null;
        if (error is null)
        {
            delivery.State = DeliveryState.Delivered;
            delivery.Delivered = now;
        }
        else if (hook is null || !hook.Active || delivery.Attempts >= options.WebhookMaxAttempts)
        {
            delivery.State = DeliveryState.Failed;
        }
        else
        {
            delivery.NextAttempt = now + Backoff(delivery.Attempts);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<(int? Status, string? Error)> PostAsync(Webhook hook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var secret = secrets.Reveal(hook.ProtectedSecret);
            var body = Encoding.UTF8.GetBytes(delivery.Payload);
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
            request.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, delivery.EventType);
            request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
            request.Headers.UserAgent.ParseAdd("Agora-Webhooks/1.0");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.WebhookTimeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300
                ? (status, null)
                : (status, status is >= 300 and < 400 ? "the receiver answered with a redirect, which is not followed" : $"the receiver answered {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "the receiver did not answer in time");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, "the webhook's secret cannot be decrypted (the key ring changed); register the webhook again");
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var wait = options.WebhookFirstRetry * Math.Pow(5, attempts - 1);
        return wait > TimeSpan.FromHours(6) ? TimeSpan.FromHours(6) : wait;
    }
}
