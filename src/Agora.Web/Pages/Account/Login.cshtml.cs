using System.Security.Claims;
using Agora.Catalog.Accounts;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Agora.Web.Pages.Account;

[EnableRateLimiting(WebServiceCollectionExtensions.LoginRateLimit)]
public sealed class LoginModel(AccountService accounts, OidcSettings oidc) : PageModel
{
    public string? Error { get; private set; }
    public string? Email { get; private set; }
    public string ReturnUrl { get; private set; } = "/";
    public bool ExternalEnabled => oidc.Enabled;
    public bool LocalEnabled => !oidc.Enabled || !oidc.DisableLocalPasswords;

    public void OnGet(string? returnUrl) => ReturnUrl = LocalOrHome(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        ReturnUrl = LocalOrHome(returnUrl);
        Email = email;
        if (!LocalEnabled)
        {
            Error = Texts.Get("login.local-disabled");
            return Page();
        }

        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            Error = Texts.Get("login.required");
            return Page();
        }

        var user = await accounts.CheckPasswordAsync(email, password, HttpContext.RequestAborted);
        if (user is null)
        {
            Error = Texts.Get("login.failed");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var identity = new ClaimsIdentity(
            [new Claim(AgoraClaims.UserId, user.Id.ToString()), new Claim(AgoraClaims.Email, user.Email)],
            AgoraClaims.CookieScheme, AgoraClaims.Email, null);
        await HttpContext.SignInAsync(AgoraClaims.CookieScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(ReturnUrl);
    }

    public IActionResult OnPostExternal(string? returnUrl) =>
        oidc.Enabled
            ? Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, AgoraClaims.OidcScheme)
            : NotFound();

    private string LocalOrHome(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
