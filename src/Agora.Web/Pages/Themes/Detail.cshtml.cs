using Agora.Catalog.Accounts;
using Agora.Catalog.Vocabulary;
using Agora.Search;
using Agora.Search.Catalog;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Themes;

public sealed class DetailModel(CallerAccessor callers, ISearchIndex index) : PageModel
{
    public VocabularyTerm Theme { get; private set; } = null!;
    public SearchResult Datasets { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(string code)
    {
        if (Agora.Catalog.Vocabulary.Themes.Find(code) is not { } theme)
        {
            return NotFound();
        }

        Theme = theme;
        var visibility = CallerVisibility.For(await callers.GetAsync(HttpContext));
        Datasets = index.Search(new SearchQuery
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [SearchFacets.Theme] = [code] },
            Facets = [SearchFacets.Organization],
            FacetLimit = 10,
            Sort = SearchSort.Usage,
            Limit = 50,
            Language = Texts.IsEnglish ? "en" : "zh",
        }, visibility);
        return Page();
    }
}
