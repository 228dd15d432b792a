namespace Agora.Sharing.Model;

/// <summary>Who asks: another government body (共享申请) or a member of the public (开放申请).</summary>
public enum RequestKind
{
    Sharing,
    Opening,
}

public enum RequestState
{
    Submitted,
    InfoRequested,
    Approved,
    Refused,
    Withdrawn,
}

/// <summary>A request for a dataset with its purpose, legal basis, fields, row scope and period.</summary>
public sealed class AccessRequest
{
    public Guid Id { get; set; }
    public RequestKind Kind { get; set; }
    public RequestState State { get; set; }
    public Guid DatasetId { get; set; }

    /// <summary>The dataset's owner when the request was made; it answers.</summary>
    public Guid ProviderOrganizationId { get; set; }

    /// <summary>The requesting body; null for a public application, which is made by <see cref="RequesterUserId"/> alone.</summary>
    public Guid? ConsumerOrganizationId { get; set; }

    public Guid RequesterUserId { get; set; }
    public required string Purpose { get; set; }
    public string? LegalBasis { get; set; }

    /// <summary>The fields asked for; null asks for all of them.</summary>
    public List<string>? Fields { get; set; }

    /// <summary>A row filter in the Data API's expression language, e.g. <c>region_code = '110108'</c>.</summary>
    public string? RowScope { get; set; }

    public DateTime? PeriodFrom { get; set; }
    public DateTime? PeriodTo { get; set; }

    /// <summary>The data use agreement the public applicant accepted (kind opening only).</summary>
    public Guid? AgreementAcceptanceId { get; set; }

    public DateTime Submitted { get; set; }

    /// <summary>When the provider's answer is due; restarts when the consumer answers a question.</summary>
    public DateTime DueAt { get; set; }

    public int AnswerWorkingDays { get; set; }
    public bool OverdueNotified { get; set; }
    public string? InfoQuestion { get; set; }
    public string? InfoAnswer { get; set; }
    public DateTime? Decided { get; set; }
    public Guid? DecidedByUserId { get; set; }
    public string? DecisionReason { get; set; }
    public Guid? GrantId { get; set; }
    public DateTime Updated { get; set; }

    /// <summary>Optimistic concurrency: two providers deciding at once cannot both win.</summary>
    public int Version { get; set; }
}

/// <summary>One step of a request's history; every decision is kept.</summary>
public sealed class RequestEvent
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public DateTime At { get; set; }
    public Guid? ActorUserId { get; set; }
    public Guid? ActorOrganizationId { get; set; }
    public required string Action { get; set; }
    public RequestState? FromState { get; set; }
    public RequestState ToState { get; set; }
    public string? Message { get; set; }
}

/// <summary>A file attached to a request, stored under &lt;data&gt;/sharing/attachments/&lt;request&gt;/&lt;id&gt;.</summary>
public sealed class RequestAttachment
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public required string Name { get; set; }
    public required string MediaType { get; set; }
    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the bytes.</summary>
    public required string Sha256 { get; set; }

    public Guid UploadedByUserId { get; set; }
    public DateTime Uploaded { get; set; }
}
