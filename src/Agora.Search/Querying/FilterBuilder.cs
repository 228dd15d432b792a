using Agora.Search.Indexing;
using Lucene.Net.Search;

namespace Agora.Search.Querying;

/// <summary>Checks the filters of a request and turns them, and the caller's visibility, into Lucene queries.</summary>
internal sealed class FilterBuilder
{
    private static readonly string[] OpeningWords = ["open", "conditional", "closed"];
    private static readonly string[] SharingWords = ["unconditional", "conditional", "notShared"];
    private static readonly string[] GradeWords = ["general", "important", "core"];

    private static readonly (string, string)[] OpenOrConditional =
        [(IndexFields.Opening, "open"), (IndexFields.Opening, "conditional")];

    private static readonly (string, string)[] NotCore = [(IndexFields.Grade, "general"), (IndexFields.Grade, "important")];

    private readonly SegmentBits bits;

    public FilterBuilder(SegmentBits bits)
    {
        this.bits = bits;
    }

    /// <summary>The visibility rules as clauses (all must hold; any term of a clause will do); none for the bureau.</summary>
    public static IReadOnlyList<IReadOnlyList<(string Field, string Value)>> Visibility(SearchVisibility visibility) =>
        visibility.Audience switch
        {
            SearchAudience.Bureau => [],
            SearchAudience.Government =>
            [
                [.. NotCore, .. visibility.OwnOrganizationIds.Distinct().Select(id => (IndexFields.Organization, DocumentMapper.IdTerm(id)))],
            ],
            _ => [OpenOrConditional, NotCore],
        };

    /// <summary>The request's filters, validated and normalized: facet name → distinct values.</summary>
    public static IReadOnlyDictionary<string, string[]> Normalize(SearchQuery query, SearchVisibility visibility)
    {
        var allowed = SearchFacets.AllowedFor(visibility);
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in query.Filters)
        {
            var field = "filter." + name;
            if (!SearchFacets.Government.Contains(name))
            {
                throw new SearchQueryException("unknown-filter", field, $"There is no filter named '{name}'.");
            }
            if (!allowed.Contains(name))
            {
                throw new SearchQueryException("filter-not-allowed", field, $"The filter '{name}' is only for government users.");
            }
            var normalized = (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v))
                .Select(v => NormalizeValue(name, v.Trim(), field))
                .Distinct(StringComparer.Ordinal)
                .Take(BooleanQuery.MaxClauseCount)
                .ToArray();
            if (normalized.Length > 0)
            {
                result[name] = normalized;
            }
        }
        return result;
    }

    /// <summary>All filters AND-ed, with the visibility; <paramref name="except"/> leaves one facet's filter out.</summary>
    public TermBitsFilter? Combine(
        IReadOnlyList<IReadOnlyList<(string Field, string Value)>> visibility, IReadOnlyDictionary<string, string[]> filters, string? except)
    {
        var clauses = new List<IReadOnlyList<(string Field, string Value)>>(visibility);
        foreach (var (name, values) in filters)
        {
            if (name != except)
            {
                clauses.Add(FacetFilter(name, values));
            }
        }
        return clauses.Count == 0 ? null : new TermBitsFilter(bits, clauses);
    }

    public static string LuceneField(string facet) => facet switch
    {
        SearchFacets.Organization => IndexFields.Organization,
        SearchFacets.Level => IndexFields.Level,
        SearchFacets.Region => IndexFields.Region,
        SearchFacets.Theme => IndexFields.Theme,
        SearchFacets.Format => IndexFields.Format,
        SearchFacets.License => IndexFields.License,
        SearchFacets.Opening => IndexFields.Opening,
        SearchFacets.UpdateFrequency => IndexFields.Frequency,
        SearchFacets.Sharing => IndexFields.Sharing,
        SearchFacets.SecurityGrade => IndexFields.Grade,
        _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, null),
    };

    private static List<(string Field, string Value)> FacetFilter(string name, string[] values) =>
    [
        .. values.Select(value => (
            name != SearchFacets.Region ? LuceneField(name)
                : RegionCodes.IsProvince(value) ? IndexFields.RegionProvince
                : RegionCodes.IsCity(value) ? IndexFields.RegionCity
                : IndexFields.Region,
            value)),
    ];

    private static string NormalizeValue(string name, string value, string field)
    {
        switch (name)
        {
            case SearchFacets.Organization:
                return Guid.TryParse(value, out var id) ? DocumentMapper.IdTerm(id)
                    : throw Invalid(field, value, "an organization id (GUID)");
            case SearchFacets.Region:
                return RegionCodes.IsValid(value) ? value : throw Invalid(field, value, "a six-digit GB/T 2260 code");
            case SearchFacets.Format:
                return DocumentMapper.NormalizeFormat(value);
            case SearchFacets.Opening:
                return OneOf(OpeningWords, value, field);
            case SearchFacets.Sharing:
                return OneOf(SharingWords, value, field);
            case SearchFacets.SecurityGrade:
                return OneOf(GradeWords, value, field);
            default:
                return value;
        }
    }

    private static string OneOf(string[] words, string value, string field) =>
        words.FirstOrDefault(w => string.Equals(w, value, StringComparison.OrdinalIgnoreCase))
        ?? throw Invalid(field, value, "one of " + string.Join(", ", words));

    private static SearchQueryException Invalid(string field, string value, string expected) =>
        new("invalid-filter-value", field, $"'{Truncate(value)}' is not {expected}.");

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
