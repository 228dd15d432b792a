namespace Agora.Catalog.Accounts;

/// <summary>An external OpenID Connect provider that replaces local passwords (configuration section Agora:Oidc).</summary>
public sealed class OidcSettings
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Create an account on first sign-in; otherwise only accounts an administrator created may sign in.</summary>
    public bool AutoProvision { get; set; }

    /// <summary>Refuse password logins for the web pages once the provider is set up.</summary>
    public bool DisableLocalPasswords { get; set; } = true;

    public string? DisplayName { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
