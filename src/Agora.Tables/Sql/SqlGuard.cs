using System.Text.Json;
using DuckDB.NET.Data;

namespace Agora.Tables.Sql;

/// <summary>
/// Checks a caller's SQL with DuckDB's own parser (<c>json_serialize_sql</c>, which only serializes SELECT
/// statements) and walks the syntax tree: exactly one SELECT, tables only by distribution id (or a CTE of the query),
/// no table functions, and only functions on an allow-list.
/// </summary>
internal static class SqlGuard
{
    private static readonly HashSet<string> QueryNodes =
    [
        "SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE",
        "ORDER_MODIFIER", "LIMIT_MODIFIER", "LIMIT_PERCENT_MODIFIER", "DISTINCT_MODIFIER",
        "ASCENDING", "DESCENDING", "ORDER_DEFAULT",
        "BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "EXPRESSION_LIST",
    ];

    private static readonly HashSet<string> ExpressionClasses =
    [
        "COLUMN_REF", "CONSTANT", "COMPARISON", "CONJUNCTION", "OPERATOR", "CASE", "CAST", "BETWEEN", "STAR",
        "SUBQUERY", "FUNCTION", "WINDOW", "POSITIONAL_REFERENCE", "COLLATE",
    ];

    private static readonly HashSet<string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        // operators as the parser names them
        "+", "-", "*", "/", "//", "%", "**", "^", "||", "~~", "!~~", "~~*", "!~~*", "~~~", "!~~~", "&", "|", "<<", ">>", "array_extract", "array_slice",
        // aggregates
        "count", "count_star", "sum", "avg", "mean", "min", "max", "median", "mode", "quantile", "quantile_cont", "quantile_disc",
        "stddev", "stddev_pop", "stddev_samp", "var_pop", "var_samp", "variance", "string_agg", "group_concat", "listagg",
        "first", "last", "any_value", "arg_min", "arg_max", "argmin", "argmax", "min_by", "max_by", "approx_count_distinct",
        "approx_quantile", "bool_and", "bool_or", "count_if", "countif", "sumkahan", "fsum", "product", "corr", "covar_pop", "covar_samp",
        "histogram", "entropy", "kurtosis", "skewness", "regr_slope", "regr_intercept", "regr_r2",
        // windows
        "row_number", "rank", "dense_rank", "ntile", "lag", "lead", "first_value", "last_value", "nth_value", "percent_rank", "cume_dist",
        // numbers
        "abs", "round", "ceil", "ceiling", "floor", "trunc", "sqrt", "cbrt", "power", "pow", "ln", "log", "log10", "log2", "exp",
        "sign", "greatest", "least", "mod", "pi", "isnan", "isinf", "isfinite", "even", "factorial", "gcd", "lcm", "round_even",
        "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "degrees", "radians",
        // conditionals
        "coalesce", "ifnull", "nullif", "if", "iff",
        // text
        "lower", "upper", "lcase", "ucase", "length", "len", "char_length", "character_length", "strlen", "octet_length",
        "substr", "substring", "left", "right", "trim", "ltrim", "rtrim", "replace", "concat", "concat_ws", "contains",
        "starts_with", "ends_with", "prefix", "suffix", "strpos", "instr", "position", "lpad", "rpad", "reverse", "repeat",
        "split_part", "string_split", "str_split", "regexp_matches", "regexp_replace", "regexp_extract", "regexp_full_match",
        "like_escape", "ilike_escape", "format", "printf", "translate", "ascii", "chr", "unicode", "md5", "sha256", "hash",
        "levenshtein", "jaro_winkler_similarity", "damerau_levenshtein", "hamming", "jaccard", "nfc_normalize", "strip_accents",
        "to_base", "bar",
        // dates
        "date_trunc", "datetrunc", "date_part", "datepart", "extract", "year", "month", "day", "quarter", "week", "weekofyear",
        "dayofweek", "isodow", "dayofyear", "dayofmonth", "hour", "minute", "second", "yearweek", "isoyear", "era", "decade", "century",
        "strftime", "strptime", "try_strptime", "make_date", "make_timestamp", "make_time", "date_diff", "datediff", "date_sub", "datesub",
        "date_add", "age", "last_day", "monthname", "dayname", "epoch", "epoch_ms", "to_timestamp", "time_bucket",
        "to_days", "to_months", "to_years", "to_hours", "to_minutes", "to_seconds", "to_weeks",
        "current_date", "today",
        // structure
        "list_value", "list_contains", "list_has", "array_length", "len", "unnest", "struct_pack", "row",
    };

    /// <summary>Returns the distribution ids the query reads, or throws <see cref="SqlRefusedException"/>.</summary>
    public static IReadOnlyList<Guid> Check(DuckDBConnection connection, string sql)
    {
        string json;
        using (var command = connection.CreateCommand())
        {
            // The function wants a constant; a quoted literal is safe (DuckDB strings have no backslash escapes).
            command.CommandText = $"SELECT json_serialize_sql({Engine.DuckDb.Literal(sql)})";
            json = (string)command.ExecuteScalar()!;
        }
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? "" : "";
            if (message.Contains("Only SELECT", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqlRefusedException("sql-not-select", $"Only one SELECT statement is allowed; {FirstWord(sql)} statements are refused.");
            }
            throw new SqlRefusedException("sql-syntax", $"The query does not parse: {message}");
        }
        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            throw new SqlRefusedException("sql-statements", $"Exactly one statement is allowed; the query has {statements.GetArrayLength()}.");
        }
        var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CollectCtes(statements[0], ctes);
        var tables = new List<Guid>();
        Walk(statements[0].GetProperty("node"), ctes, tables);
        return [.. tables.Distinct()];
    }

    private static string FirstWord(string sql)
    {
        var word = new string(sql.TrimStart().TakeWhile(char.IsLetter).ToArray()).ToUpperInvariant();
        return word.Length == 0 ? "other" : word;
    }

    private static void CollectCtes(JsonElement element, HashSet<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("cte_map", out var map) && map.TryGetProperty("map", out var entries) && entries.ValueKind == JsonValueKind.Array)
                {
                    foreach (var entry in entries.EnumerateArray())
                    {
                        if (entry.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                        {
                            names.Add(key.GetString()!);
                        }
                    }
                }
                foreach (var property in element.EnumerateObject())
                {
                    CollectCtes(property.Value, names);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectCtes(item, names);
                }
                break;
        }
    }

    private static void Walk(JsonElement element, HashSet<string> ctes, List<Guid> tables)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, ctes, tables);
            }
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (element.TryGetProperty("class", out var cls) && cls.ValueKind == JsonValueKind.String)
        {
            var name = cls.GetString()!;
            if (!ExpressionClasses.Contains(name))
            {
                throw new SqlRefusedException("sql-not-allowed", $"Expressions of kind {name} are not allowed.");
            }
            if (name is "FUNCTION" or "WINDOW")
            {
                CheckFunction(element);
            }
        }
        else if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
        {
            var kind = type.GetString()!;
            if (kind == "TABLE_FUNCTION")
            {
                var function = element.TryGetProperty("function", out var f) && f.TryGetProperty("function_name", out var fn) ? fn.GetString() : "?";
                throw new SqlRefusedException("sql-table-function", $"Table functions such as {function}() are not allowed: read tables by their distribution id.");
            }
            if (!QueryNodes.Contains(kind))
            {
                throw new SqlRefusedException("sql-not-allowed", $"{kind.Replace('_', ' ').ToLowerInvariant()} is not allowed.");
            }
            if (kind == "BASE_TABLE")
            {
                CheckTable(element, ctes, tables);
            }
        }
        foreach (var property in element.EnumerateObject())
        {
            Walk(property.Value, ctes, tables);
        }
    }

    private static void CheckFunction(JsonElement element)
    {
        var name = element.TryGetProperty("function_name", out var fn) ? fn.GetString() ?? "" : "";
        var schema = element.TryGetProperty("schema", out var s) ? s.GetString() ?? "" : "";
        var catalog = element.TryGetProperty("catalog", out var c) ? c.GetString() ?? "" : "";
        if (schema.Length > 0 || catalog.Length > 0 || !Functions.Contains(name))
        {
            throw new SqlRefusedException("sql-function-not-allowed", $"Function {name}() is not allowed.");
        }
    }

    private static void CheckTable(JsonElement element, HashSet<string> ctes, List<Guid> tables)
    {
        var name = element.GetProperty("table_name").GetString() ?? "";
        var schema = element.TryGetProperty("schema_name", out var s) ? s.GetString() ?? "" : "";
        var catalog = element.TryGetProperty("catalog_name", out var c) ? c.GetString() ?? "" : "";
        if (schema.Length > 0 || catalog.Length > 0)
        {
            throw new SqlRefusedException("sql-unknown-table", $"'{string.Join('.', new[] { catalog, schema, name }.Where(p => p.Length > 0))}' is not a table you can read: name tables by distribution id only.");
        }
        if (ctes.Contains(name))
        {
            return;
        }
        if (!Guid.TryParse(name, out var id))
        {
            throw new SqlRefusedException("sql-unknown-table", $"'{name}' is not a table you can read: name tables by distribution id, e.g. FROM \"0f8fad5b-d9cb-469f-a165-70867728950e\".");
        }
        tables.Add(id);
    }
}
