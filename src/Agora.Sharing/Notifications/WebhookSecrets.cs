using System.Security.Cryptography;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Agora.Sharing.Notifications;

/// <summary>
/// Webhook signing secrets: 256 random bits, shown once, kept encrypted with ASP.NET Core Data Protection (the
/// platform must be able to sign with them again, so a hash would not do). The key ring lives in its own folder.
/// </summary>
internal sealed class WebhookSecrets
{
    private readonly IDataProtector protector;

    public WebhookSecrets(StorageOptions storage, SharingOptions options)
    {
        var directory = options.KeyDirectory ?? Path.Combine(storage.DataDirectory, "sharing", "keys");
        Directory.CreateDirectory(directory);
        protector = DataProtectionProvider.Create(new DirectoryInfo(directory), b => b.SetApplicationName("agora-sharing"))
            .CreateProtector("Agora.Sharing.WebhookSecret.v1");
    }

    public (string Secret, string Protected, string Prefix) Create()
    {
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, protector.Protect(secret), secret[..10]);
    }

    public string Reveal(string protectedSecret) => protector.Unprotect(protectedSecret);
}
