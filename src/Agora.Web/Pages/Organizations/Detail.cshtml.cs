using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Search;
using Agora.Search.Catalog;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Organizations;

public sealed class DetailModel(CatalogDbContext db, CallerAccessor callers, ISearchIndex index) : PageModel
{
    public Organization Organization { get; private set; } = null!;
    public Organization? Parent { get; private set; }
    public SearchResult Datasets { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == slug, HttpContext.RequestAborted);
        if (organization is null)
        {
            return NotFound();
        }

        Organization = organization;
        Parent = organization.ParentId is { } parent
            ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == parent, HttpContext.RequestAborted)
            : null;
        var visibility = CallerVisibility.For(await callers.GetAsync(HttpContext));
        Datasets = index.Search(new SearchQuery
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [SearchFacets.Organization] = [organization.Id.ToString("N")] },
            Facets = [SearchFacets.Theme],
            Sort = SearchSort.Modified,
            Limit = 50,
            Language = Texts.IsEnglish ? "en" : "zh",
        }, visibility);
        return Page();
    }
}
