using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Agora.Search.Bench.Engines;

/// <summary>
/// PostgreSQL full-text search. Stock PostgreSQL has no Chinese parser (zhparser is not packaged), so Chinese text is
/// stored as overlapping character pairs and a Chinese word is searched as a phrase of its pairs; English uses the
/// english configuration (stemming). Weights A–D follow Lucene's field boosts; ranked by ts_rank over a GIN index.
/// </summary>
internal sealed class PostgresEngine(string connectionString) : IBenchEngine
{
    private static readonly string[] TextColumns =
        ["title_zh", "title_en", "keywords", "org_zh", "org_en", "desc_zh", "desc_en", "field_labels", "field_names", "tags"];

    private static readonly string[] FacetColumns =
        ["org_id", "level", "region", "region_p", "region_c", "license", "opening", "sharing", "grade", "freq"];

    private NpgsqlConnection? connection;

    public string Name => "PostgreSQL full-text";

    public (TimeSpan Elapsed, long Bytes) Load(CatalogGenerator generator)
    {
        connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Execute($"""
            DROP TABLE IF EXISTS docs, doc_theme, doc_format;
            CREATE UNLOGGED TABLE docs (id integer PRIMARY KEY, {string.Join(", ", TextColumns.Select(c => c + " text"))},
              {string.Join(", ", FacetColumns.Select(c => c + " text"))}, modified bigint, usage bigint,
              tsv tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', title_zh), 'A') || setweight(to_tsvector('english', title_en), 'A') ||
                setweight(to_tsvector('simple', keywords), 'B') || setweight(to_tsvector('simple', tags), 'B') ||
                setweight(to_tsvector('simple', org_zh || ' ' || field_labels), 'C') ||
                setweight(to_tsvector('english', org_en || ' ' || field_names), 'C') ||
                setweight(to_tsvector('simple', desc_zh), 'D') || setweight(to_tsvector('english', desc_en), 'D')) STORED);
            CREATE UNLOGGED TABLE doc_theme (doc integer, value text);
            CREATE UNLOGGED TABLE doc_format (doc integer, value text);
            """);
        var watch = Stopwatch.StartNew();
        var columns = TextColumns.Concat(FacetColumns).Append("modified").Append("usage").ToArray();
        var themeRows = new List<(int, string)>();
        using (var import = connection.BeginBinaryImport($"COPY docs (id, {string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)"))
        {
            var formatRows = new List<(int, string)>();
            var index = 0;
            foreach (var record in generator.All())
            {
                import.StartRow();
                import.Write(index, NpgsqlDbType.Integer);
                foreach (var (column, value) in SqlRow.Of(record.Document))
                {
                    if (value is long number)
                    {
                        import.Write(number, NpgsqlDbType.Bigint);
                    }
                    else
                    {
                        var text = (string)value;
                        import.Write(column is "title_zh" or "keywords" or "org_zh" or "desc_zh" or "field_labels" ? QueryTerms.Bigrams(text) : text, NpgsqlDbType.Text);
                    }
                }
                themeRows.AddRange(record.Document.Themes.Distinct().Select(t => (index, t)));
                formatRows.AddRange(record.Document.Formats.Distinct().Select(f => (index, f)));
                index++;
            }
            import.Complete();
            import.Dispose();
            Copy("doc_theme", themeRows);
            Copy("doc_format", formatRows);
        }
        Execute("""
            CREATE INDEX docs_tsv ON docs USING gin (tsv);
            CREATE INDEX doc_theme_doc ON doc_theme (doc, value);
            CREATE INDEX doc_format_doc ON doc_format (doc, value);
            CREATE INDEX docs_region_p ON docs (region_p);
            CREATE INDEX docs_region_c ON docs (region_c);
            CREATE INDEX docs_modified ON docs (modified);
            """);
        foreach (var table in new[] { "docs", "doc_theme", "doc_format" })
        {
            Execute($"VACUUM ANALYZE {table}");
        }
        watch.Stop();
        using var size = new NpgsqlCommand("SELECT pg_total_relation_size('docs') + pg_total_relation_size('doc_theme') + pg_total_relation_size('doc_format')", connection);
        return (watch.Elapsed, (long)size.ExecuteScalar()!);
    }

    public EngineResult Run(BenchQuery query, int limit, bool bureau = false)
    {
        var terms = QueryTerms.Of(query.Text);
        var result = RunTerms(query, terms, limit, bureau, " && ");
        if (result.Total == 0 && terms.Count > 1)
        {
            result = RunTerms(query, terms, limit, bureau, " || ");
        }
        return result;
    }

    private EngineResult RunTerms(BenchQuery query, IReadOnlyList<QueryTerm> terms, int limit, bool bureau, string joiner)
    {
        using var command = new NpgsqlCommand { Connection = connection };
        var count = 0;
        string Parameter(object value)
        {
            var name = "@p" + count++;
            command.Parameters.AddWithValue(name, value);
            return name;
        }

        var tsquery = terms.Count == 0 ? null : "(" + string.Join(joiner, terms.Select(t => TermQuery(t, Parameter))) + ")";
        var textClause = tsquery is null ? "true" : $"d.tsv @@ {tsquery}";
        var visibility = SqlShape.Visibility(query, bureau);
        string Where(string? except) => $"{textClause} AND {visibility} AND {SqlShape.Filters(query, except, Parameter)}";
        var order = tsquery is null ? "d.modified DESC" : $"ts_rank(d.tsv, {tsquery}) DESC";

        command.CommandText = $"SELECT count(*) FROM docs d WHERE {Where(null)}";
        var total = (int)(long)command.ExecuteScalar()!;
        command.CommandText = $"SELECT d.id FROM docs d WHERE {Where(null)} ORDER BY {order} LIMIT {limit}";
        var top = new List<int>(limit);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                top.Add(reader.GetInt32(0));
            }
        }
        if (query.WithFacets)
        {
            foreach (var facet in SearchFacets.AllowedFor(query.Visibility))
            {
                var except = query.Filters.ContainsKey(facet) && facet != SearchFacets.Region ? facet : null;
                command.CommandText = SqlShape.IsMultiValued(facet)
                    ? $"SELECT s.value, count(*) FROM docs d JOIN {SqlShape.SideTable(facet)} s ON s.doc = d.id WHERE {Where(except)} GROUP BY s.value ORDER BY 2 DESC LIMIT 20"
                    : $"SELECT d.{SqlShape.FacetColumns[facet]}, count(*) FROM docs d WHERE {Where(except)} GROUP BY 1 ORDER BY 2 DESC LIMIT 20";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                }
            }
        }
        return new EngineResult(total, [.. top]);
    }

    private static string TermQuery(QueryTerm term, Func<object, string> parameter)
    {
        if (!term.Chinese)
        {
            var english = parameter(term.Text);
            return term.Phrase
                ? $"(phraseto_tsquery('english', {english}) || phraseto_tsquery('simple', {english}))"
                : $"(plainto_tsquery('english', {english}) || plainto_tsquery('simple', {english}))";
        }
        var pairs = QueryTerms.Bigrams(term.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (pairs.Length == 1 && pairs[0].Length == 1)
        {
            // A lone character: prefix of the pairs it starts.
            return $"to_tsquery('simple', {parameter(pairs[0] + ":*")})";
        }
        return $"phraseto_tsquery('simple', {parameter(string.Join(" ", pairs))})";
    }

    private void Copy(string table, List<(int Doc, string Value)> rows)
    {
        using var import = connection!.BeginBinaryImport($"COPY {table} (doc, value) FROM STDIN (FORMAT BINARY)");
        foreach (var (doc, value) in rows)
        {
            import.StartRow();
            import.Write(doc, NpgsqlDbType.Integer);
            import.Write(value, NpgsqlDbType.Text);
        }
        import.Complete();
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    public void Dispose() => connection?.Dispose();
}
