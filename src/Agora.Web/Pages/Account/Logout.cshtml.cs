using System.Security.Claims;
using Agora.Catalog.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Account;

/// <summary>Signing out is a POST with an anti-forgery token, so that a link on another site cannot sign a user out.</summary>
public sealed class LogoutModel(IAccountEventSink events) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Guid.TryParse(User.FindFirstValue(AgoraClaims.UserId), out var user))
        {
            await events.RecordAsync(new AccountEvent { Action = AccountActions.Logout, SubjectUserId = user }, HttpContext.RequestAborted);
        }

        await HttpContext.SignOutAsync(AgoraClaims.CookieScheme);
        return LocalRedirect("/");
    }
}
