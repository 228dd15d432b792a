using System.Security.Cryptography;
using System.Text;

namespace Agora.Catalog.Accounts;

/// <summary>API tokens: 256 random bits, shown once, stored as SHA-256 only.</summary>
public static class Tokens
{
    public const string Prefix = "agora_";

    public static string NewToken() =>
        Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The token's stored form. A plain SHA-256 suffices: the token has 256 bits of entropy.</summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string DisplayPrefix(string token) => token[..Math.Min(token.Length, 12)];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Parses "30d", "12h", "90m" or "never" into a lifetime; null means no expiry.</summary>
    public static bool TryParseLifetime(string? text, out TimeSpan? lifetime)
    {
        lifetime = null;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("never", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var unit = text[^1];
        if (!int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        lifetime = unit switch
        {
            'd' => TimeSpan.FromDays(n),
            'h' => TimeSpan.FromHours(n),
            'm' => TimeSpan.FromMinutes(n),
            'y' => TimeSpan.FromDays(365 * n),
            _ => null,
        };
        return lifetime is not null;
    }
}
