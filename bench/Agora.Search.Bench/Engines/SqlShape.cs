namespace Agora.Search.Bench.Engines;

/// <summary>Columns and filters the SQL baselines share with the Lucene index.</summary>
internal static class SqlShape
{
    /// <summary>Facet name → column of docs, or the side table of a multi-valued facet.</summary>
    public static readonly Dictionary<string, string> FacetColumns = new()
    {
        [SearchFacets.Organization] = "org_id",
        [SearchFacets.Level] = "level",
        [SearchFacets.Region] = "region_p",
        [SearchFacets.Theme] = "theme",
        [SearchFacets.Format] = "format",
        [SearchFacets.License] = "license",
        [SearchFacets.Opening] = "opening",
        [SearchFacets.UpdateFrequency] = "freq",
        [SearchFacets.Sharing] = "sharing",
        [SearchFacets.SecurityGrade] = "grade",
    };

    public static bool IsMultiValued(string facet) => facet is SearchFacets.Theme or SearchFacets.Format;

    public static string SideTable(string facet) => facet == SearchFacets.Theme ? "doc_theme" : "doc_format";

    /// <summary>The same rules as Agora.Search's visibility filter.</summary>
    public static string Visibility(BenchQuery query, bool bureau) =>
        bureau ? "1=1"
        : query.Government ? "d.grade <> 'core'"
        : "d.opening IN ('open','conditional') AND d.grade <> 'core'";

    /// <summary>SQL for the filters except <paramref name="except"/>; values go through <paramref name="parameter"/>.</summary>
    public static string Filters(BenchQuery query, string? except, Func<object, string> parameter)
    {
        var clauses = new List<string>();
        foreach (var (name, values) in query.Filters)
        {
            if (name == except)
            {
                continue;
            }
            if (IsMultiValued(name))
            {
                var table = SideTable(name);
                var normalized = name == SearchFacets.Format ? values.Select(v => v.ToUpperInvariant()) : values;
                clauses.Add($"EXISTS (SELECT 1 FROM {table} s WHERE s.doc = d.id AND s.value IN ({string.Join(",", normalized.Select(v => parameter(v)))}))");
            }
            else if (name == SearchFacets.Region)
            {
                clauses.Add("(" + string.Join(" OR ", values.Select(v =>
                    (v.EndsWith("0000", StringComparison.Ordinal) ? "d.region_p" : v.EndsWith("00", StringComparison.Ordinal) ? "d.region_c" : "d.region") + " = " + parameter(v))) + ")");
            }
            else
            {
                clauses.Add($"d.{FacetColumns[name]} IN ({string.Join(",", values.Select(v => parameter(v)))})");
            }
        }
        return clauses.Count == 0 ? "1=1" : string.Join(" AND ", clauses);
    }
}
