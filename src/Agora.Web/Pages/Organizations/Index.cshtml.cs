using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Search;
using Agora.Search.Catalog;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Organizations;

public sealed class IndexModel(CatalogDbContext db, CallerAccessor callers, ISearchIndex index) : PageModel
{
    public IReadOnlyList<(Organization Organization, int Datasets)> Organizations { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var visibility = CallerVisibility.For(await callers.GetAsync(HttpContext));
        var counts = (index.Search(new SearchQuery { Facets = [SearchFacets.Organization], FacetLimit = 100_000, Limit = 1 }, visibility)
            .Facets.GetValueOrDefault(SearchFacets.Organization) ?? [])
            .ToDictionary(v => v.Value, v => v.Count, StringComparer.Ordinal);
        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Level).ThenBy(o => o.RegionCode).ThenBy(o => o.Slug).ToListAsync(HttpContext.RequestAborted);
        Organizations = [.. organizations.Select(o => (o, counts.GetValueOrDefault(o.Id.ToString("N"))))];
    }
}
