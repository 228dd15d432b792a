using Agora.Catalog;
using Agora.Catalog.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Agora.Search.Catalog;

/// <summary><c>GET /api/v1/search</c> and <c>/api/v1/search/suggest</c>: the catalog index, seen through the caller's visibility.</summary>
public static class SearchApi
{
    public sealed record SearchResponse(
        IReadOnlyList<SearchHit> Items,
        int Total,
        string? Next,
        IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);

    public sealed record SuggestResponse(IReadOnlyList<SearchSuggestion> Items);

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/search").WithTags("Search");
        group.MapGet("/", Search).WithName("SearchDatasets")
            .WithSummary("Full-text search of the catalog. filter=facet:value (repeat; values of one facet are OR-ed, facets AND-ed), facet=name (repeat or comma-separated, or 'all'; without it no facet is counted), sort=relevance|modified|title|usage, limit=1..100, cursor from the previous page's next.");
        group.MapGet("/suggest", Suggest).WithName("SuggestDatasets")
            .WithSummary("Titles and keywords that complete what the user is typing.");
        return routes;
    }

    internal static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Search(
        string? q, string? sort, int? limit, string? cursor, string? lang, HttpContext http, ISearchIndex index)
    {
        var parsed = Parse(q, http.Request.Query["filter"], http.Request.Query["facet"], sort, limit, cursor, lang);
        if (parsed.Problem is { } problem)
        {
            return problem;
        }

        var visibility = await VisibilityAsync(http);
        try
        {
            var result = index.Search(parsed.Query!, visibility);
            return TypedResults.Ok(new SearchResponse(result.Items, result.Total, result.NextCursor, result.Facets));
        }
        catch (SearchQueryException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, e.Code, "The search request is not valid", e.Message, e.Field,
                new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
    }

    internal static async Task<Results<Ok<SuggestResponse>, ProblemHttpResult>> Suggest(
        string? q, int? limit, HttpContext http, ISearchIndex index)
    {
        if (limit is < 1 or > 50)
        {
            return Problems.Validation("limit", "must be between 1 and 50");
        }

        if (q is { Length: > 100 })
        {
            return Problems.Validation("q", "must have at most 100 characters");
        }

        var visibility = await VisibilityAsync(http);
        return TypedResults.Ok(new SuggestResponse(index.Suggest(q ?? "", visibility, limit ?? 10)));
    }

    /// <summary>
    /// Anonymous callers are the public: there is no account to look up for them, so most portal searches never
    /// create a database context (the caller accessor needs one).
    /// </summary>
    private static async ValueTask<SearchVisibility> VisibilityAsync(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? CallerVisibility.For(await http.RequestServices.GetRequiredService<CallerAccessor>().GetAsync(http))
            : SearchVisibility.Public;

    /// <summary>Reads the query string into a <see cref="SearchQuery"/>, or a problem naming the parameter at fault.</summary>
    public static (SearchQuery? Query, ProblemHttpResult? Problem) Parse(
        string? q, StringValues filters, StringValues facets, string? sort, int? limit, string? cursor, string? lang)
    {
        if (q is { Length: > 500 })
        {
            return (null, Problems.Validation("q", "must have at most 500 characters"));
        }

        if (limit is < 1 or > SearchQuery.MaxLimit)
        {
            return (null, Problems.Validation("limit", $"must be between 1 and {SearchQuery.MaxLimit}"));
        }

        SearchSort order;
        switch (string.IsNullOrEmpty(sort) ? "relevance" : sort)
        {
            case "relevance": order = SearchSort.Relevance; break;
            case "modified" or "-modified": order = SearchSort.Modified; break;
            case "title": order = SearchSort.Title; break;
            case "usage" or "-usage": order = SearchSort.Usage; break;
            default: return (null, Problems.Validation("sort", "must be one of relevance, modified, title, usage"));
        }

        if (lang is not (null or "" or "zh" or "en"))
        {
            return (null, Problems.Validation("lang", "must be zh or en"));
        }

        var filterMap = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var filter in filters)
        {
            var colon = filter?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (filter is null || colon <= 0 || colon == filter.Length - 1)
            {
                return (null, Problems.Validation("filter", $"'{filter}' is not of the form facet:value (for example theme:healthcare)"));
            }

            var name = filter[..colon];
            if (!filterMap.TryGetValue(name, out var values))
            {
                filterMap[name] = values = [];
            }

            values.Add(filter[(colon + 1)..]);
        }

        // Facets are counted when asked for, as CKAN's facet.field does: counting all of them doubles a query's cost,
        // and most API clients want the hits only.
        IReadOnlyList<string>? facetList = [];
        if (facets.Count > 0)
        {
            var names = facets.SelectMany(f => (f ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal).ToList();
            facetList = names switch
            {
                ["all"] => null,
                ["none"] => [],
                _ => names,
            };
        }

        return (new SearchQuery
        {
            Text = q,
            Filters = filterMap.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value, StringComparer.Ordinal),
            Facets = facetList,
            Sort = order,
            Limit = limit ?? 20,
            Cursor = string.IsNullOrEmpty(cursor) ? null : cursor,
            Language = lang is "en" ? "en" : "zh",
        }, null);
    }
}
