using Agora.Catalog.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Agora.Catalog.Accounts;

/// <summary>ASP.NET Core Identity's PBKDF2-HMAC-SHA512 hasher, with the iteration count raised to OWASP's 2023 figure.</summary>
public static class Passwords
{
    public const int MinimumLength = 10;

    private static readonly PasswordHasher<User> Hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = 210_000,
    }));

    public static string? Validate(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return $"must have at least {MinimumLength} characters";
        }

        return password.Length > 1024 ? "must have at most 1024 characters" : null;
    }

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(User user, string password)
    {
        if (user.PasswordHash is null)
        {
            return false;
        }

        return Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }
}
