using System.Linq.Expressions;
using Agora.Catalog.Model;

namespace Agora.Catalog.Api;

/// <summary>Multilingual text, keyed by language tag.</summary>
public sealed record LocalizedText(string? Zh, string? En);

public sealed record Contact(string? Name, string? Email, string? Phone);

public sealed record Temporal(DateOnly? Start, DateOnly? End);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, string? Next);

public sealed record OrganizationDto(
    Guid Id,
    string Slug,
    LocalizedText Name,
    LocalizedText Description,
    string CreditCode,
    OrganizationLevel Level,
    string RegionCode,
    string? RegionName,
    Guid? ParentId,
    Contact Contact,
    string? Homepage,
    DateTime Created,
    DateTime Modified);

public sealed record OrganizationInput(
    string? Slug,
    LocalizedText? Name,
    LocalizedText? Description,
    string? CreditCode,
    OrganizationLevel? Level,
    string? RegionCode,
    Guid? ParentId,
    Contact? Contact,
    string? Homepage);

public sealed record DatasetDto(
    Guid Id,
    string Identifier,
    LocalizedText Title,
    LocalizedText Description,
    Guid OrganizationId,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Keywords,
    string License,
    Contact ContactPoint,
    DateOnly? Issued,
    DateTime Modified,
    DateTime Created,
    UpdateFrequency UpdateFrequency,
    Temporal Temporal,
    string? SpatialRegionCode,
    SharingAttribute Sharing,
    string? SharingConditions,
    string? LegalBasis,
    OpeningAttribute Opening,
    string? OpeningConditions,
    SecurityGrade SecurityGrade,
    IReadOnlyList<FieldSpec> Fields,
    long Usage);

public sealed record DatasetInput(
    string? Identifier,
    LocalizedText? Title,
    LocalizedText? Description,
    Guid? OrganizationId,
    List<string>? Themes,
    List<string>? Keywords,
    string? License,
    Contact? ContactPoint,
    DateOnly? Issued,
    UpdateFrequency? UpdateFrequency,
    Temporal? Temporal,
    string? SpatialRegionCode,
    SharingAttribute? Sharing,
    string? SharingConditions,
    string? LegalBasis,
    OpeningAttribute? Opening,
    string? OpeningConditions,
    SecurityGrade? SecurityGrade,
    List<FieldSpec>? Fields);

public sealed record DistributionDto(
    Guid Id,
    Guid DatasetId,
    LocalizedText Title,
    DistributionKind Kind,
    string Format,
    string? MediaType,
    long? ByteSize,
    string? Sha256,
    string? AccessUrl,
    string? DownloadUrl,
    DateTime Created,
    DateTime Modified);

public sealed record DistributionInput(
    LocalizedText? Title,
    DistributionKind? Kind,
    string? Format,
    string? MediaType,
    long? ByteSize,
    string? Sha256,
    string? AccessUrl,
    string? DownloadUrl);

public sealed record ActivityDto(Guid Id, Guid DatasetId, DateTime At, Guid? ActorUserId, string? ActorName, string Action, IReadOnlyList<FieldChange> Changes);

public sealed record UserDto(Guid Id, string Email, string? DisplayName, bool IsPlatformAdmin, bool IsBureau, bool Disabled,
    IReadOnlyList<MembershipDto> Memberships, DateTime Created, DateTime? LastLogin);

public sealed record MembershipDto(Guid OrganizationId, OrganizationRole Role);

public sealed record UserInput(string? Email, string? DisplayName, string? Password, bool? IsPlatformAdmin, bool? IsBureau, bool? Disabled);

public sealed record MemberInput(Guid? UserId, string? Email, OrganizationRole? Role);

public sealed record TokenDto(Guid Id, Guid UserId, string Name, string Prefix, TokenScope Scope, DateTime Created, DateTime? Expires, DateTime? Revoked, DateTime? LastUsed);

public sealed record TokenInput(string? Name, TokenScope? Scope, string? ExpiresIn);

public sealed record CreatedToken(TokenDto Token, string Secret);

public static class Mapping
{
    public static OrganizationDto ToDto(this Organization o) => new(
        o.Id, o.Slug, new(o.NameZh, o.NameEn), new(o.DescriptionZh, o.DescriptionEn), o.CreditCode, o.Level, o.RegionCode,
        Validation.RegionCodes.FullName(o.RegionCode), o.ParentId, new(o.ContactName, o.ContactEmail, o.ContactPhone),
        o.Homepage, o.Created, o.Modified);

    /// <summary>
    /// A dataset's API shape as an expression: a list asks the store for exactly these values, which costs a third less
    /// than materializing entities and mapping them after.
    /// </summary>
    public static readonly Expression<Func<Dataset, DatasetDto>> DatasetProjection = d => new DatasetDto(
        d.Id, d.Identifier, new LocalizedText(d.TitleZh, d.TitleEn), new LocalizedText(d.DescriptionZh, d.DescriptionEn),
        d.OrganizationId, d.Themes, d.Keywords, d.License, new Contact(d.ContactName, d.ContactEmail, d.ContactPhone),
        d.Issued, d.Modified, d.Created, d.UpdateFrequency, new Temporal(d.TemporalStart, d.TemporalEnd),
        d.SpatialRegionCode, d.Sharing, d.SharingConditions, d.LegalBasis, d.Opening, d.OpeningConditions,
        d.SecurityGrade, d.Fields, d.Usage);

    private static readonly Func<Dataset, DatasetDto> DatasetToDto = DatasetProjection.Compile();

    public static DatasetDto ToDto(this Dataset d) => DatasetToDto(d);

    public static DistributionDto ToDto(this Distribution d) => new(
        d.Id, d.DatasetId, new(d.TitleZh, d.TitleEn), d.Kind, d.Format, d.MediaType, d.ByteSize, d.Sha256,
        d.AccessUrl, d.DownloadUrl, d.Created, d.Modified);

    public static ActivityDto ToDto(this DatasetActivity a) => new(a.Id, a.DatasetId, a.At, a.ActorUserId, a.ActorName, a.Action, a.Changes);

    public static TokenDto ToDto(this ApiToken t) => new(t.Id, t.UserId, t.Name, t.Prefix, t.Scope, t.Created, t.Expires, t.Revoked, t.LastUsed);
}
