using Agora.Catalog.Api;
using Agora.Sharing.Model;

namespace Agora.Sharing.Api;

public sealed record Period(DateTime? From, DateTime? To);

public sealed record AccessRequestInput(
    string? DatasetId,
    RequestKind? Kind,
    Guid? ConsumerOrganizationId,
    string? Purpose,
    string? LegalBasis,
    List<string>? Fields,
    string? RowScope,
    Period? Period);

public sealed record DatasetRef(Guid Id, string Identifier, LocalizedText Title);

public sealed record AttachmentDto(Guid Id, string Name, string MediaType, long Size, string Sha256, Guid UploadedByUserId, DateTime Uploaded, string Href);

public sealed record RequestEventDto(DateTime At, Guid? ActorUserId, Guid? ActorOrganizationId, string Action, RequestState? From, RequestState To, string? Message);

public sealed record AcceptanceDto(Guid Id, Guid DatasetId, Guid UserId, string Version, string TextSha256, DateTime Accepted);

public sealed record AccessRequestDto(
    Guid Id,
    RequestKind Kind,
    RequestState State,
    DatasetRef? Dataset,
    Guid DatasetId,
    Guid ProviderOrganizationId,
    Guid? ConsumerOrganizationId,
    Guid RequesterUserId,
    string Purpose,
    string? LegalBasis,
    IReadOnlyList<string>? Fields,
    string? RowScope,
    Period Period,
    DateTime Submitted,
    DateTime Due,
    DateOnly DueDate,
    int AnswerWorkingDays,
    bool Overdue,
    string? InfoQuestion,
    string? InfoAnswer,
    DateTime? Decided,
    Guid? DecidedByUserId,
    string? DecisionReason,
    Guid? GrantId,
    AcceptanceDto? Agreement,
    IReadOnlyList<AttachmentDto> Attachments,
    IReadOnlyList<RequestEventDto>? History,
    DateTime Updated);

/// <summary>What a provider grants; anything left out keeps what was requested (fields, rows, period).</summary>
public sealed record ApproveInput(
    List<string>? Fields,
    string? RowFilter,
    DateTime? ValidFrom,
    DateTime? ValidTo,
    long? MaxRowsPerDay,
    long? MaxRequestsPerDay,
    List<EndpointDto>? Endpoints,
    string? Reason);

public sealed record ReasonInput(string? Reason);

public sealed record QuestionInput(string? Question);

public sealed record AnswerInput(string? Answer);

public enum GrantStatus
{
    Active,
    Pending,
    Expired,
    Revoked,
}

public sealed record QuotaDto(long? MaxRowsPerDay, long? MaxRequestsPerDay, long RowsToday, long RequestsToday);

public sealed record GrantDto(
    Guid Id,
    Guid RequestId,
    RequestKind Kind,
    GrantStatus Status,
    DatasetRef? Dataset,
    Guid DatasetId,
    Guid OwnerOrganizationId,
    Guid? ConsumerOrganizationId,
    Guid? ConsumerUserId,
    IReadOnlyList<string>? AllowedFields,
    string? RowFilter,
    IReadOnlyList<string>? AllowedEndpoints,
    DateTime ValidFrom,
    DateTime ValidTo,
    QuotaDto Quota,
    string Purpose,
    DateTime Created,
    Guid? ApprovedByUserId,
    DateTime? Revoked,
    string? RevokeReason);

public sealed record InboxMessageDto(
    Guid Id, string Kind, LocalizedText Title, Guid? RequestId, Guid? GrantId, Guid? DatasetId,
    Guid? OrganizationId, bool ForBureau, DateTime Created, bool Read);

public sealed record UnreadCount(int Unread);

public sealed record WebhookInput(string? Url, string? Description);

public sealed record WebhookDto(Guid Id, Guid OrganizationId, string Url, string? Description, string SecretPrefix, bool Active, DateTime Created);

/// <summary>A new webhook and its signing secret; the secret is shown in this response only.</summary>
public sealed record CreatedWebhook(WebhookDto Webhook, string Secret);

public sealed record DeliveryDto(Guid Id, string EventType, DeliveryState State, int Attempts, DateTime Created, DateTime NextAttempt, int? LastStatus, string? LastError, DateTime? Delivered);

public sealed record AgreementDto(Guid DatasetId, string Version, string Text, string TextSha256, DateTime? Published, AcceptanceDto? Accepted);

public sealed record AgreementInput(string? Text);

public sealed record AgreementVersionDto(string Version, string Text, string TextSha256, DateTime Published, Guid? PublishedByUserId);

public sealed record AcceptInput(string? Version);

public sealed record EndpointDto(string? Method, string? Path);

public sealed record ApiServiceInput(string? Slug, string? UpstreamUrl, string? OpenApi, List<EndpointDto>? Endpoints, int? RatePerSecond);

public sealed record ApiServiceDto(
    Guid Id,
    Guid DistributionId,
    Guid DatasetId,
    Guid OrganizationId,
    string Slug,
    string GatewayPath,

    /// <summary>Shown to the owner's editors only.</summary>
    string? UpstreamUrl,
    bool HasOpenApi,
    IReadOnlyList<EndpointDto> Endpoints,
    int? RatePerSecond,
    DateTime Created,
    DateTime Modified);
