namespace Agora.Catalog.Model;

public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>Stored lower-case; the unique login name.</summary>
    public required string Email { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 format; null for accounts that sign in through OpenID Connect only.</summary>
    public string? PasswordHash { get; set; }

    public bool IsPlatformAdmin { get; set; }

    /// <summary>The oversight bureau (大数据管理局): reads everything, writes nothing.</summary>
    public bool IsBureau { get; set; }

    public bool Disabled { get; set; }
    public string? ExternalSubject { get; set; }
    public DateTime Created { get; set; }
    public DateTime? LastLogin { get; set; }
}

public sealed class Membership
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid OrganizationId { get; set; }
    public OrganizationRole Role { get; set; }
    public DateTime Created { get; set; }
}

public sealed class ApiToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, so that a user can tell their tokens apart.</summary>
    public required string Prefix { get; set; }

    public TokenScope Scope { get; set; }
    public DateTime Created { get; set; }
    public DateTime? Expires { get; set; }
    public DateTime? Revoked { get; set; }
    public DateTime? LastUsed { get; set; }
}
