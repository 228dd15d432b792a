namespace Agora.Catalog.Accounts;

/// <summary>
/// Hears every change to who may do what: logins (and failed ones), logouts, accounts created, changed or removed,
/// tokens created or revoked, memberships and roles changed. The host appends them to the audit log; the catalog does
/// not depend on the log. An implementation that throws fails the request that caused the event.
/// </summary>
public interface IAccountEventSink
{
    ValueTask RecordAsync(AccountEvent accountEvent, CancellationToken cancellationToken);
}

/// <summary>Action names, in the audit log's lower-case dotted style.</summary>
public static class AccountActions
{
    public const string Login = "login";
    public const string Logout = "logout";
    public const string UserCreate = "user.create";
    public const string UserUpdate = "user.update";
    public const string UserDelete = "user.delete";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string RoleChange = "role.change";
}

/// <summary>
/// One account event. Who acted is the request's signed-in principal (the sink reads it); <see cref="SubjectUserId"/>
/// is the account acted upon (for a login: the account that signed in).
/// </summary>
public sealed record AccountEvent
{
    public required string Action { get; init; }

    /// <summary>False for a refused login.</summary>
    public bool Succeeded { get; init; } = true;

    public Guid? SubjectUserId { get; init; }

    /// <summary>The token created or revoked.</summary>
    public Guid? SubjectTokenId { get; init; }

    /// <summary>The organization whose membership changed.</summary>
    public Guid? OrganizationId { get; init; }

    /// <summary>The new role (member, editor, admin, platformAdmin, bureau), or null when a membership was removed.</summary>
    public string? Role { get; init; }

    /// <summary>The e-mail given at a login, when no account matched it.</summary>
    public string? Email { get; init; }

    /// <summary>What changed or why it was refused; never a secret.</summary>
    public string? Detail { get; init; }
}

/// <summary>Hears nothing; the host replaces it with the audit log.</summary>
public sealed class NullAccountEventSink : IAccountEventSink
{
    public ValueTask RecordAsync(AccountEvent accountEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
