using System.Text;
using Agora.Search;
using Microsoft.AspNetCore.Http;

namespace Agora.Web.Portal;

/// <summary>
/// What the search page shows, read from and written back to the URL, so that every state of the page is a link
/// that can be shared: <c>/datasets?q=医院&amp;theme=healthcare&amp;sort=modified</c>.
/// </summary>
public sealed class SearchState
{
    public const int PageSize = 20;

    public string? Text { get; init; }
    public string Sort { get; init; } = "relevance";
    public string? Cursor { get; init; }
    public int Page { get; init; } = 1;
    public Dictionary<string, List<string>> Filters { get; } = new(StringComparer.Ordinal);

    public static SearchState From(IQueryCollection query)
    {
        var state = new SearchState
        {
            Text = query["q"].ToString() is { Length: > 0 } q ? q[..Math.Min(q.Length, 200)] : null,
            Sort = query["sort"].ToString() is "modified" or "title" or "usage" ? query["sort"].ToString() : "relevance",
            Cursor = query["cursor"].ToString() is { Length: > 0 and < 400 } c ? c : null,
            Page = int.TryParse(query["page"], out var p) && p is > 1 and < 10_000 ? p : 1,
        };
        foreach (var facet in SearchFacets.Government)
        {
            var values = query[facet].Where(v => !string.IsNullOrEmpty(v) && v.Length <= 100).Select(v => v!).Distinct(StringComparer.Ordinal).Take(20).ToList();
            if (values.Count > 0)
            {
                state.Filters[facet] = values;
            }
        }

        return state;
    }

    public SearchQuery ToQuery(SearchVisibility visibility, string language) => new()
    {
        Text = Text,
        Filters = Filters.Where(f => SearchFacets.AllowedFor(visibility).Contains(f.Key))
            .ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value, StringComparer.Ordinal),
        Facets = SearchFacets.AllowedFor(visibility),
        FacetLimit = 12,
        Sort = Sort switch
        {
            "modified" => SearchSort.Modified,
            "title" => SearchSort.Title,
            "usage" => SearchSort.Usage,
            _ => SearchSort.Relevance,
        },
        Limit = PageSize,
        Cursor = Cursor,
        Language = language,
    };

    public bool IsSelected(string facet, string value) => Filters.TryGetValue(facet, out var values) && values.Contains(value);

    /// <summary>The URL of this state with one filter value added or removed, back on the first page.</summary>
    public string Toggle(string facet, string value)
    {
        var filters = Filters.ToDictionary(f => f.Key, f => f.Value.ToList(), StringComparer.Ordinal);
        if (!filters.TryGetValue(facet, out var values))
        {
            filters[facet] = values = [];
        }

        if (!values.Remove(value))
        {
            values.Add(value);
        }

        return Url(Text, Sort, filters, null, 1);
    }

    public string WithSort(string sort) => Url(Text, sort, Filters, null, 1);

    public string Next(string cursor) => Url(Text, Sort, Filters, cursor, Page + 1);

    public string First() => Url(Text, Sort, Filters, null, 1);

    public string Cleared() => Url(Text, Sort, new Dictionary<string, List<string>>(), null, 1);

    private static string Url(string? text, string sort, Dictionary<string, List<string>> filters, string? cursor, int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(text))
        {
            parts.Add("q=" + Uri.EscapeDataString(text));
        }

        foreach (var (facet, values) in filters.OrderBy(f => SearchFacets.Government.ToList().IndexOf(f.Key)))
        {
            parts.AddRange(values.Select(v => facet + "=" + Uri.EscapeDataString(v)));
        }

        if (sort != "relevance")
        {
            parts.Add("sort=" + sort);
        }

        if (cursor is not null)
        {
            parts.Add("cursor=" + Uri.EscapeDataString(cursor));
            parts.Add("page=" + page);
        }

        var builder = new StringBuilder("/datasets");
        if (parts.Count > 0)
        {
            builder.Append('?').AppendJoin('&', parts);
        }

        return builder.ToString();
    }
}
