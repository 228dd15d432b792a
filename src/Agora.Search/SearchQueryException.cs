namespace Agora.Search;

/// <summary>
/// A search request that cannot be run as asked: an unknown filter or facet, a value of the wrong form, a cursor that
/// does not belong to the query. Map to a 400 problem with type <c>urn:agora:problem:{Code}</c> and <see cref="Field"/>.
/// Search text never raises it.
/// </summary>
public sealed class SearchQueryException(string code, string field, string message) : Exception(message)
{
    /// <summary>Stable kebab-case code: unknown-filter, unknown-facet, filter-not-allowed, invalid-filter-value, invalid-limit, invalid-cursor.</summary>
    public string Code { get; } = code;

    /// <summary>The request parameter at fault, such as <c>filter.region</c> or <c>cursor</c>.</summary>
    public string Field { get; } = field;
}
