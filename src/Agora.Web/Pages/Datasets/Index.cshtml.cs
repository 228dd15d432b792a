using System.Text;
using System.Text.Encodings.Web;
using Agora.Catalog.Accounts;
using Agora.Search;
using Agora.Search.Catalog;
using Agora.Web.Localization;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Datasets;

public sealed class IndexModel(CallerAccessor callers, ISearchIndex index) : PageModel
{
    public SearchState State { get; private set; } = new();
    public SearchResult Result { get; private set; } = new();
    public IReadOnlyList<string> FacetNames { get; private set; } = SearchFacets.Public;
    public bool Government { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync()
    {
        State = SearchState.From(Request.Query);
        var visibility = CallerVisibility.For(await callers.GetAsync(HttpContext));
        Government = visibility.IsGovernment;
        FacetNames = SearchFacets.AllowedFor(visibility);
        try
        {
            Result = index.Search(State.ToQuery(visibility, Texts.IsEnglish ? "en" : "zh"), visibility);
        }
        catch (SearchQueryException e)
        {
            // A stale cursor or a malformed filter value in a shared link: say so and show the first page.
            Problem = Messages.Show(e.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>Completions for the search box: options of its datalist, swapped in by htmx while typing.</summary>
    public async Task<IActionResult> OnGetSuggestAsync(string? q)
    {
        var visibility = CallerVisibility.For(await callers.GetAsync(HttpContext));
        var html = new StringBuilder();
        if (q is { Length: > 0 and <= 100 })
        {
            foreach (var suggestion in index.Suggest(q, visibility, 8))
            {
                html.Append("<option value=\"").Append(HtmlEncoder.Default.Encode(suggestion.Text)).Append("\"></option>");
            }
        }

        return Content(html.ToString(), "text/html; charset=utf-8");
    }
}
