using System.Globalization;
using System.Text.Json;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Datasets;

/// <summary>
/// A page of a table's rows, sorted and filtered on the server by the Data API. The dataset page loads it in place
/// with htmx; without JavaScript it is a page of its own with the same links.
/// </summary>
public sealed class PreviewModel(CatalogDbContext db, CallerAccessor callers, LoopbackApi tables) : PageModel
{
    public const int PageSize = 20;

    public Dataset Dataset { get; private set; } = null!;
    public Distribution Distribution { get; private set; } = null!;
    public TablesOutcome Outcome { get; private set; }
    public string? Detail { get; private set; }
    public IReadOnlyList<(string Name, string Type)> Columns { get; private set; } = [];
    public IReadOnlyList<JsonElement> Rows { get; private set; } = [];
    public long? Total { get; private set; }
    public long Offset { get; private set; }
    public string? Order { get; private set; }
    public bool Descending { get; private set; }
    public string? Find { get; private set; }
    public bool Fragment { get; private set; }

    public async Task<IActionResult> OnGetAsync(string identifier, Guid dist, long? offset, string? order, string? dir, string? find)
    {
        var ct = HttpContext.RequestAborted;
        var caller = await callers.GetAsync(HttpContext);
        var dataset = await DatasetsApi.FindAsync(db, identifier, ct);
        var distribution = dataset is null ? null
            : await db.Distributions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dist && d.DatasetId == dataset.Id, ct);
        if (dataset is null || distribution is null || !caller.CanSee(dataset))
        {
            return NotFound();
        }

        Dataset = dataset;
        Distribution = distribution;
        Fragment = Request.Headers.ContainsKey("HX-Request");
        Offset = Math.Clamp(offset ?? 0, 0, 1_000_000_000);
        Order = order is { Length: > 0 and <= 128 } ? order : null;
        Descending = dir == "desc";
        Find = find is { Length: > 0 and <= 200 } ? find : null;

        var query = $"/api/v1/distributions/{distribution.Id}/rows?$limit={PageSize}&$offset={Offset.ToString(CultureInfo.InvariantCulture)}";
        if (Order is not null)
        {
            // Quoting keeps any column name a plain identifier; the API refuses names it does not know.
            query += "&$order=" + Uri.EscapeDataString($"`{Order.Replace("`", "``", StringComparison.Ordinal)}` {(Descending ? "DESC" : "ASC")}");
        }

        if (Find is not null)
        {
            query += "&$q=" + Uri.EscapeDataString(Find);
        }

        var answer = await tables.GetAsync(HttpContext, query);
        if (!answer.Ok && Order is not null && answer.Outcome == TablesOutcome.Failed)
        {
            // An order the API cannot use (the backquote form, or a stale column name): retry plainly.
            var plain = $"/api/v1/distributions/{distribution.Id}/rows?$limit={PageSize}&$offset={Offset.ToString(CultureInfo.InvariantCulture)}&$order={Uri.EscapeDataString(Order + (Descending ? " DESC" : " ASC"))}"
                + (Find is null ? "" : "&$q=" + Uri.EscapeDataString(Find));
            answer = await tables.GetAsync(HttpContext, plain);
        }

        Outcome = answer.Outcome;
        // The Data API writes its refusals in English for clients; the reader gets them in the portal's language.
        Detail = answer.Detail is { } detail ? Localization.Messages.Show(detail) : null;
        if (answer.Ok)
        {
            Columns = [.. answer.Body.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("type").GetString() ?? "text"))];
            Rows = [.. answer.Body.GetProperty("rows").EnumerateArray()];
            Total = answer.Body.TryGetProperty("totalCount", out var total) && total.TryGetInt64(out var t) ? t : null;
        }

        return Page();
    }

    public string Link(long offset, string? order, bool descending, string? find)
    {
        var url = $"/datasets/{Uri.EscapeDataString(Dataset.Identifier)}/preview?dist={Distribution.Id}";
        if (offset > 0)
        {
            url += "&offset=" + offset.ToString(CultureInfo.InvariantCulture);
        }

        if (order is not null)
        {
            url += "&order=" + Uri.EscapeDataString(order) + (descending ? "&dir=desc" : "");
        }

        if (find is not null)
        {
            url += "&find=" + Uri.EscapeDataString(find);
        }

        return url;
    }

    public static string Cell(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.String => value.GetString() ?? "",
            _ => value.GetRawText(),
        } : "";
}
