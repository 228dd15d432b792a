namespace Agora.Catalog.Accounts;

public static class AgoraClaims
{
    public const string UserId = "sub";
    public const string Email = "email";
    public const string Scope = "agora:scope";
    public const string TokenId = "agora:token";

    public const string PolicyScheme = "Agora";
    public const string BearerScheme = "Bearer";
    public const string CookieScheme = "Cookies";
    public const string OidcScheme = "oidc";
}
