using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Console;

public sealed class IndexModel(CatalogDbContext db, CallerAccessor callers) : PageModel
{
    public IReadOnlyList<Organization> Organizations { get; private set; } = [];
    public IReadOnlyList<Dataset> Datasets { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var caller = await callers.GetAsync(HttpContext);
        Organizations = await EditableOrganizationsAsync(db, caller, HttpContext.RequestAborted);
        var ids = Organizations.Select(o => o.Id).ToList();
        Datasets = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.OrganizationId))
            .OrderByDescending(d => d.Modified).Take(100).ToListAsync(HttpContext.RequestAborted);
    }

    /// <summary>The bodies whose catalog the caller may write: their own as editor or admin, every one for the operator.</summary>
    public static async Task<List<Organization>> EditableOrganizationsAsync(CatalogDbContext db, Caller caller, CancellationToken ct)
    {
        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Slug).ToListAsync(ct);
        return [.. organizations.Where(o => caller.CanEditIn(o.Id))];
    }
}
