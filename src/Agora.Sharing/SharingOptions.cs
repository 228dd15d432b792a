namespace Agora.Sharing;

/// <summary>How the exchange behaves: deadlines, outbound network rules, gateway limits, webhook retries.</summary>
public sealed class SharingOptions
{
    /// <summary>Working days a provider has to answer a request (the 2016 interim measures ask for at most 10; 5 is usual).</summary>
    public int AnswerWorkingDays { get; set; } = 5;

    /// <summary>Working days to answer when the dataset has no table distribution yet (the data is not yet published).</summary>
    public int UnpublishedAnswerWorkingDays { get; set; } = 10;

    /// <summary>Public holidays that fall on weekdays; they are not working days.</summary>
    public IList<DateOnly> Holidays { get; set; } = [];

    /// <summary>Weekend days that are working days (调休 make-up days).</summary>
    public IList<DateOnly> MakeUpWorkingDays { get; set; } = [];

    /// <summary>The offset of the calendar that deadlines and daily quotas follow; China Standard Time has no DST.</summary>
    public TimeSpan CalendarOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a grant lasts when neither the request nor the approval names an end.</summary>
    public TimeSpan DefaultGrantValidity { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Consumers and providers hear this long before a grant expires.</summary>
    public TimeSpan GrantExpiryNotice { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Lets webhooks and gateway upstreams reach private, loopback and link-local addresses. Off in production:
    /// otherwise anyone who may register a URL could make the platform call into its own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    public long AttachmentMaxBytes { get; set; } = 20 * 1024 * 1024;

    public TimeSpan GatewayTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public long GatewayMaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    public long GatewayMaxRequestBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Requests per second per grant when the service does not set its own rate; bursts up to twice that.</summary>
    public int GatewayDefaultRatePerSecond { get; set; } = 50;

    public int WebhookMaxAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; each later wait is five times longer, capped at six hours.</summary>
    public TimeSpan WebhookFirstRetry { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often overdue requests and expiring grants are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where Data Protection keeps the keys that encrypt webhook secrets; null for &lt;data&gt;/sharing/keys.</summary>
    public string? KeyDirectory { get; set; }
}
