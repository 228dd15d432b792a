using Agora.Catalog.Accounts;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages;

public sealed class IndexModel(CatalogDbContext db, CallerAccessor callers) : PageModel
{
    public int Datasets { get; private set; }
    public int Organizations { get; private set; }

    public async Task OnGetAsync()
    {
        var caller = await callers.GetAsync(HttpContext);
        Datasets = await db.Datasets.VisibleTo(caller).CountAsync(HttpContext.RequestAborted);
        Organizations = await db.Organizations.CountAsync(HttpContext.RequestAborted);
    }
}
