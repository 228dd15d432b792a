using Agora.Catalog.Accounts;
using Agora.Catalog.Storage;
using Agora.Search;
using Agora.Search.Catalog;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages;

public sealed class IndexModel(CatalogDbContext db, CallerAccessor callers, ISearchIndex index) : PageModel
{
    public int Datasets { get; private set; }
    public int Organizations { get; private set; }
    public int OpenDatasets { get; private set; }
    public int Formats { get; private set; }
    public IReadOnlyList<FacetValue> Themes { get; private set; } = [];
    public IReadOnlyList<SearchHit> Newest { get; private set; } = [];
    public IReadOnlyList<SearchHit> Popular { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var visibility = CallerVisibility.For(await callers.GetAsync(HttpContext));
        var language = Texts.IsEnglish ? "en" : "zh";
        // The index answers the figures too: counts that follow the reader's visibility, in a millisecond.
        var all = index.Search(new SearchQuery
        {
            Facets = [SearchFacets.Theme, SearchFacets.Opening, SearchFacets.Format, SearchFacets.Organization],
            FacetLimit = 1000,
            Sort = SearchSort.Modified,
            Limit = 6,
            Language = language,
        }, visibility);
        Datasets = all.Total;
        Newest = all.Items;
        Themes = all.Facets.GetValueOrDefault(SearchFacets.Theme) ?? [];
        OpenDatasets = all.Facets.GetValueOrDefault(SearchFacets.Opening)?.FirstOrDefault(v => v.Value == "open")?.Count ?? 0;
        Formats = all.Facets.GetValueOrDefault(SearchFacets.Format)?.Count ?? 0;
        Popular = index.Search(new SearchQuery { Facets = [], Sort = SearchSort.Usage, Limit = 6, Language = language }, visibility).Items;
        Organizations = await db.Organizations.CountAsync(HttpContext.RequestAborted);
    }
}
