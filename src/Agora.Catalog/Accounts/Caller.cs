using Agora.Catalog.Model;

namespace Agora.Catalog.Accounts;

/// <summary>Who is calling, resolved once per request from the token or cookie and the store.</summary>
public sealed class Caller
{
    public static readonly Caller Anonymous = new(null, null, false, false, TokenScope.Read, new Dictionary<Guid, OrganizationRole>(), null);

    public Caller(Guid? userId, string? email, bool isPlatformAdmin, bool isBureau, TokenScope scope,
        IReadOnlyDictionary<Guid, OrganizationRole> roles, Guid? tokenId)
    {
        UserId = userId;
        Email = email;
        IsPlatformAdmin = isPlatformAdmin;
        IsBureau = isBureau;
        Scope = scope;
        Roles = roles;
        TokenId = tokenId;
    }

    public Guid? UserId { get; }
    public string? Email { get; }
    public bool IsPlatformAdmin { get; }
    public bool IsBureau { get; }

    /// <summary>What the credential allows: a token's scope, or <see cref="TokenScope.Admin"/> for a signed-in browser.</summary>
    public TokenScope Scope { get; }

    public IReadOnlyDictionary<Guid, OrganizationRole> Roles { get; }
    public Guid? TokenId { get; }

    public bool IsAuthenticated => UserId is not null;

    /// <summary>A member of any government body (or the bureau or the operator) reads the sharing catalog.</summary>
    public bool IsGovernment => Roles.Count > 0 || IsBureau || IsPlatformAdmin;

    public bool CanWrite => IsAuthenticated && Scope >= TokenScope.Write;

    public bool CanAdminister => IsPlatformAdmin && Scope >= TokenScope.Admin;

    public bool IsMemberOf(Guid organizationId) => Roles.ContainsKey(organizationId);

    public bool HasRole(Guid organizationId, OrganizationRole atLeast) =>
        Roles.TryGetValue(organizationId, out var role) && role >= atLeast;

    /// <summary>Whether the caller may see the dataset's metadata (rows are another matter).</summary>
    public bool CanSee(Dataset dataset) =>
        IsMemberOf(dataset.OrganizationId)
        || IsBureau
        || (dataset.SecurityGrade != SecurityGrade.Core && IsGovernment)
        || dataset.Opening is OpeningAttribute.Open or OpeningAttribute.Conditional;

    /// <summary>Editors and admins of the owner may change a dataset; the operator may too, except core data.</summary>
    public bool CanEdit(Dataset dataset) =>
        CanWrite && (HasRole(dataset.OrganizationId, OrganizationRole.Editor)
            || (IsPlatformAdmin && dataset.SecurityGrade != SecurityGrade.Core));

    public bool CanEditIn(Guid organizationId) =>
        CanWrite && (HasRole(organizationId, OrganizationRole.Editor) || IsPlatformAdmin);

    public bool CanManageOrganization(Guid organizationId) =>
        CanWrite && (HasRole(organizationId, OrganizationRole.Admin) || IsPlatformAdmin);
}
