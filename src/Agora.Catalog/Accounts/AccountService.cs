using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Accounts;

public sealed class AccountException(string field, string message, bool conflict = false) : Exception(message)
{
    public string Field { get; } = field;
    public bool IsConflict { get; } = conflict;
}

/// <summary>Creates accounts and tokens; shared by the API and the command line.</summary>
public sealed class AccountService(CatalogDbContext db, TimeProvider time, IAccountEventSink events)
{
    public async Task<User> CreateUserAsync(string? email, string? password, string? displayName, bool platformAdmin, bool bureau, CancellationToken ct)
    {
        var errors = new Errors();
        var normalized = errors.Email("email", email, true);
        var name = errors.Line("displayName", displayName, 100, false);
        if (password is not null && Passwords.Validate(password) is { } weak)
        {
            errors.Add("password", weak);
        }

        if (errors.Any)
        {
            var first = errors.ToDictionary().First();
            throw new AccountException(first.Key, first.Value[0]);
        }

        if (await db.Users.AnyAsync(u => u.Email == normalized, ct))
        {
            throw new AccountException("email", $"a user with e-mail {normalized} already exists", conflict: true);
        }

        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = normalized!,
            DisplayName = name,
            IsPlatformAdmin = platformAdmin,
            IsBureau = bureau,
            Created = time.GetUtcNow().UtcDateTime,
        };
        if (password is not null)
        {
            user.PasswordHash = Passwords.Hash(user, password);
        }

        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        await events.RecordAsync(new AccountEvent
        {
            Action = AccountActions.UserCreate,
            SubjectUserId = user.Id,
            Role = platformAdmin ? "platformAdmin" : bureau ? "bureau" : null,
        }, ct);
        return user;
    }

    public async Task<(ApiToken Token, string Secret)> CreateTokenAsync(Guid userId, string? name, TokenScope scope, TimeSpan? lifetime, CancellationToken ct)
    {
        var errors = new Errors();
        var tokenName = errors.Line("name", name ?? "token", 100, true);
        if (errors.Any)
        {
            throw new AccountException("name", errors.ToDictionary()["name"][0]);
        }

        var secret = Tokens.NewToken();
        var now = time.GetUtcNow().UtcDateTime;
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = tokenName!,
            TokenHash = Tokens.Hash(secret),
            Prefix = Tokens.DisplayPrefix(secret),
            Scope = scope,
            Created = now,
            Expires = lifetime is null ? null : now + lifetime.Value,
        };
        db.Tokens.Add(token);
        await db.SaveChangesAsync(ct);
        await events.RecordAsync(new AccountEvent
        {
            Action = AccountActions.TokenCreate,
            SubjectUserId = userId,
            SubjectTokenId = token.Id,
            Detail = $"scope {scope.ToString().ToLowerInvariant()}, expires {(token.Expires is { } e ? e.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never")}",
        }, ct);
        return (token, secret);
    }

    /// <summary>Checks a password login; null when the e-mail or the password is wrong (the caller may not learn which).</summary>
    public async Task<User?> CheckPasswordAsync(string email, string password, CancellationToken ct)
    {
        var normalized = email.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null || user.Disabled || !Passwords.Verify(user, password))
        {
            // The record says which of the three it was; the person at the form may not learn it.
            await events.RecordAsync(new AccountEvent
            {
                Action = AccountActions.Login,
                Succeeded = false,
                SubjectUserId = user?.Id,
                Email = user is null ? normalized[..Math.Min(normalized.Length, 254)] : null,
                Detail = user is null ? "no such account" : user.Disabled ? "the account is disabled" : "wrong password",
            }, ct);
            return null;
        }

        user.LastLogin = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await events.RecordAsync(new AccountEvent { Action = AccountActions.Login, SubjectUserId = user.Id, Detail = "password" }, ct);
        return user;
    }
}
