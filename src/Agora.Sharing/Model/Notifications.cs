namespace Agora.Sharing.Model;

/// <summary>A message in the portal's inbox, addressed to a user, an organization or the bureau.</summary>
public sealed class InboxMessage
{
    public Guid Id { get; set; }
    public Guid? UserId { get; set; }
    public Guid? OrganizationId { get; set; }
    public bool ForBureau { get; set; }
    public required string Kind { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public Guid? RequestId { get; set; }
    public Guid? GrantId { get; set; }
    public Guid? DatasetId { get; set; }
    public DateTime Created { get; set; }
    public DateTime? Read { get; set; }
}

/// <summary>An organization's HTTPS endpoint that receives signed events.</summary>
public sealed class Webhook
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }

    /// <summary>The signing secret, encrypted with ASP.NET Core Data Protection; shown in clear once, at creation.</summary>
    public required string ProtectedSecret { get; set; }

    public required string SecretPrefix { get; set; }
    public DateTime Created { get; set; }
    public Guid CreatedByUserId { get; set; }
    public bool Active { get; set; } = true;
}

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One event for one webhook, retried with backoff until delivered or out of attempts.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid WebhookId { get; set; }
    public required string EventType { get; set; }
    public required string Payload { get; set; }
    public DateTime Created { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttempt { get; set; }

    /// <summary>Set while one worker sends it, so that two nodes do not send it twice.</summary>
    public DateTime? LeaseUntil { get; set; }

    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
    public DateTime? Delivered { get; set; }
}
