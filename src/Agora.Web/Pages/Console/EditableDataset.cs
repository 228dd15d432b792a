using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Console;

/// <summary>The dataset a console page works on, for its owner's editors only.</summary>
internal static class EditableDataset
{
    /// <summary>
    /// The dataset, or the page's answer without one: not found when the reader may not see it (so its existence is
    /// not given away), forbidden when they see it but may not edit it.
    /// </summary>
    public static async Task<(Dataset? Dataset, IActionResult? Refusal)> FindAsync(PageModel page, CatalogDbContext catalog, CallerAccessor callers, string identifier)
    {
        var caller = await callers.GetAsync(page.HttpContext);
        var dataset = await DatasetsApi.FindAsync(catalog, identifier, page.HttpContext.RequestAborted);
        if (dataset is null || !caller.CanSee(dataset))
        {
            return (null, page.NotFound());
        }

        return caller.CanEdit(dataset) ? (dataset, null) : (null, page.Forbid());
    }
}
