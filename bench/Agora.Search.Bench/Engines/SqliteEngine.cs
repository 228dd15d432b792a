using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Agora.Search.Bench.Engines;

/// <summary>
/// SQLite FTS5 with the trigram tokenizer over an external-content table. Words of three characters or more use
/// MATCH (ranked by bm25 with the same field weights as Lucene); shorter words, which trigrams cannot index (most
/// Chinese words are two characters), fall back to LIKE over the text columns.
/// </summary>
internal sealed class SqliteEngine(string path) : IBenchEngine
{
    private const string TextColumns = "title_zh, title_en, keywords, org_zh, org_en, desc_zh, desc_en, field_labels, field_names, tags";
    private static readonly string[] LikeColumns = ["title_zh", "title_en", "keywords", "org_zh", "org_en", "desc_zh", "desc_en", "field_labels", "field_names", "tags"];
    private SqliteConnection? connection;

    public string Name => "SQLite FTS5 (trigram)";

    public (TimeSpan Elapsed, long Bytes) Load(CatalogGenerator generator)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
        connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-262144;");
        Execute($"""
            CREATE TABLE docs (id INTEGER PRIMARY KEY, {string.Join(", ", LikeColumns.Select(c => c + " TEXT"))},
              org_id TEXT, level TEXT, region TEXT, region_p TEXT, region_c TEXT, license TEXT, opening TEXT, sharing TEXT,
              grade TEXT, freq TEXT, modified INTEGER, usage INTEGER);
            CREATE TABLE doc_theme (doc INTEGER, value TEXT);
            CREATE TABLE doc_format (doc INTEGER, value TEXT);
            """);
        var watch = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            var columns = LikeColumns.Concat(["org_id", "level", "region", "region_p", "region_c", "license", "opening", "sharing", "grade", "freq", "modified", "usage"]).ToArray();
            insert.CommandText = $"INSERT INTO docs (id, {string.Join(",", columns)}) VALUES (@id, {string.Join(",", columns.Select(c => "@" + c))})";
            var parameters = columns.Prepend("id").ToDictionary(c => c, c => insert.Parameters.Add("@" + c, SqliteType.Text));
            using var theme = connection.CreateCommand();
            theme.CommandText = "INSERT INTO doc_theme VALUES (@doc, @value)";
            var themeDoc = theme.Parameters.Add("@doc", SqliteType.Integer);
            var themeValue = theme.Parameters.Add("@value", SqliteType.Text);
            using var format = connection.CreateCommand();
            format.CommandText = "INSERT INTO doc_format VALUES (@doc, @value)";
            var formatDoc = format.Parameters.Add("@doc", SqliteType.Integer);
            var formatValue = format.Parameters.Add("@value", SqliteType.Text);
            var index = 0;
            foreach (var record in generator.All())
            {
                var d = record.Document;
                var values = SqlRow.Of(d);
                parameters["id"].Value = index;
                foreach (var (column, value) in values)
                {
                    parameters[column].Value = value;
                }
                insert.ExecuteNonQuery();
                foreach (var t in d.Themes.Distinct())
                {
                    themeDoc.Value = index;
                    themeValue.Value = t;
                    theme.ExecuteNonQuery();
                }
                foreach (var f in d.Formats.Distinct())
                {
                    formatDoc.Value = index;
                    formatValue.Value = f;
                    format.ExecuteNonQuery();
                }
                index++;
            }
            transaction.Commit();
        }
        Execute($"""
            CREATE VIRTUAL TABLE fts USING fts5({TextColumns}, content='docs', content_rowid='id', tokenize='trigram');
            INSERT INTO fts(fts) VALUES('rebuild');
            CREATE INDEX doc_theme_doc ON doc_theme(doc, value);
            CREATE INDEX doc_format_doc ON doc_format(doc, value);
            CREATE INDEX docs_region_p ON docs(region_p);
            CREATE INDEX docs_region_c ON docs(region_c);
            CREATE INDEX docs_modified ON docs(modified);
            ANALYZE;
            """);
        watch.Stop();
        return (watch.Elapsed, new FileInfo(path).Length);
    }

    public EngineResult Run(BenchQuery query, int limit, bool bureau = false)
    {
        var terms = QueryTerms.Of(query.Text);
        var result = RunTerms(query, terms, limit, bureau, all: true);
        if (result.Total == 0 && terms.Count > 1)
        {
            // As Agora.Search does: when every word cannot match, settle for some of them.
            result = RunTerms(query, terms, limit, bureau, all: false);
        }
        return result;
    }

    private EngineResult RunTerms(BenchQuery query, IReadOnlyList<QueryTerm> terms, int limit, bool bureau, bool all)
    {
        using var command = connection!.CreateCommand();
        var count = 0;
        string Parameter(object value)
        {
            var name = "@p" + count++;
            command.Parameters.AddWithValue(name, value);
            return name;
        }

        var matchTerms = terms.Where(t => t.Text.Length >= 3).ToArray();
        var likeTerms = terms.Where(t => t.Text.Length < 3).ToArray();
        var joiner = all ? " AND " : " OR ";
        string? match = matchTerms.Length == 0 ? null
            : Parameter(string.Join(joiner, matchTerms.Select(t => "\"" + t.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")));
        var likes = likeTerms.Select(t =>
        {
            var pattern = Parameter("%" + t.Text + "%");
            return "(" + string.Join(" OR ", LikeColumns.Select(c => $"d.{c} LIKE {pattern}")) + ")";
        }).ToList();
        string textClause;
        if (all || match is null || likes.Count == 0)
        {
            textClause = string.Join(" AND ", likes.DefaultIfEmpty("1=1"));
            if (!all && likes.Count > 0)
            {
                textClause = string.Join(" OR ", likes);
            }
        }
        else
        {
            // Some of the words: either the long ones match or a short one does.
            textClause = "(d.id IN (SELECT rowid FROM fts WHERE fts MATCH " + match + ") OR " + string.Join(" OR ", likes) + ")";
            match = null;
        }
        var from = match is null ? "docs d" : "fts JOIN docs d ON d.id = fts.rowid";
        var matchClause = match is null ? "1=1" : "fts MATCH " + match;
        var visibility = SqlShape.Visibility(query, bureau);
        string Where(string? except) => $"{matchClause} AND {textClause} AND {visibility} AND {SqlShape.Filters(query, except, Parameter)}";

        var order = match is not null ? "bm25(fts, 4, 4, 3, 1.5, 1.5, 1, 1, 0.8, 0.8, 2)" : "d.modified DESC";
        command.CommandText = $"SELECT count(*) FROM {from} WHERE {Where(null)}";
        var total = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        command.CommandText = $"SELECT d.id FROM {from} WHERE {Where(null)} ORDER BY {order} LIMIT {limit}";
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
                    ? $"SELECT s.value, count(*) FROM {from} JOIN {SqlShape.SideTable(facet)} s ON s.doc = d.id WHERE {Where(except)} GROUP BY s.value ORDER BY 2 DESC LIMIT 20"
                    : $"SELECT d.{SqlShape.FacetColumns[facet]}, count(*) FROM {from} WHERE {Where(except)} GROUP BY 1 ORDER BY 2 DESC LIMIT 20";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                }
            }
        }
        return new EngineResult(total, [.. top]);
    }

    private void Execute(string sql)
    {
        using var command = connection!.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    public void Dispose() => connection?.Dispose();
}
