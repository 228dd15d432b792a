using Agora.Catalog.Accounts;
using Agora.Catalog.Storage;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Bureau;

/// <summary>One place where the bureau sees every organization: its catalog, its answers to requests, its grants.</summary>
internal sealed class IndexModel(CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, WorkingCalendar calendar, TimeProvider time) : PageModel
{
    public IReadOnlyList<OrganizationFigures> Organizations { get; private set; } = [];
    public double? MedianAnswerDays { get; private set; }
    public DateTime Now { get; } = time.GetUtcNow().UtcDateTime;
    public WorkingCalendar Calendar => calendar;

    public async Task<IActionResult> OnGetAsync()
    {
        var caller = await callers.GetAsync(HttpContext);
        if (!caller.IsBureau)
        {
            return Forbid();
        }

        (Organizations, MedianAnswerDays) = await BureauFigures.LoadAsync(catalog, db, calendar, Now, HttpContext.RequestAborted);
        return Page();
    }
}
