using System.Globalization;
using Agora.Tables.Access;
using Agora.Tables.Engine;

namespace Agora.Tables.Query;

/// <summary>
/// Builds the SQL of a rows query. The caller's access is a subquery over the Parquet file that projects only the
/// allowed columns and applies the row filter and cap; everything the caller wrote runs over that subquery, so no
/// alias, order or group can reach a hidden column or row.
/// </summary>
internal static class QueryBuilder
{
    public const string Source = "__src";

    /// <summary>The columns the caller may see, in schema order.</summary>
    public static IReadOnlyList<TableColumn> Visible(IReadOnlyList<TableColumn> all, TableAccess access)
    {
        if (access.AllowedColumns is null)
        {
            return all;
        }
        var allowed = new HashSet<string>(access.AllowedColumns, StringComparer.Ordinal);
        return [.. all.Where(c => allowed.Contains(c.Name))];
    }

    /// <summary>The access-restricted relation: <c>SELECT allowed FROM read_parquet(...) WHERE filter LIMIT cap</c>.</summary>
    /// <remarks>
    /// The row filter's values are written into the SQL as literals (escaped by the compiler, as for SQL views), not
    /// bound as parameters, so that the compiler knows them: a grant's <c>region IN (...)</c> over constants becomes a
    /// list lookup in the scan's pipeline instead of DuckDB's hash join of every row against the list (a third of the
    /// time on a full scan). The filter is the grant's, set by the owner; what the caller writes stays in parameters.
    /// </remarks>
    public static string Restricted(string parquetPath, IReadOnlyList<TableColumn> all, TableAccess access)
    {
        var visible = Visible(all, access);
        if (visible.Count == 0)
        {
            throw new SoqlException("$select", "No column of this table is open to you.");
        }
        var sql = $"SELECT {string.Join(", ", visible.Select(c => DuckDb.Ident(c.Name)))} FROM read_parquet({DuckDb.Literal(parquetPath)})";
        if (!string.IsNullOrWhiteSpace(access.RowFilter))
        {
            SoqlExpr filter;
            try
            {
                filter = SoqlParser.ParseExpression("rowFilter", access.RowFilter);
            }
            catch (SoqlException e)
            {
                throw new InvalidOperationException($"The row filter of this access is not valid: {e.Message}", e);
            }
            var compiler = new SoqlCompiler(all, parameters: null) { Parameter = "rowFilter" };
            try
            {
                sql += " WHERE " + compiler.Compile(filter);
            }
            catch (SoqlException e)
            {
                throw new InvalidOperationException($"The row filter of this access is not valid: {e.Message}", e);
            }
        }
        if (access.RowCap is { } cap)
        {
            sql += $" LIMIT {Math.Max(0, cap).ToString(CultureInfo.InvariantCulture)}";
        }
        return sql;
    }

    public static CompiledQuery Build(string parquetPath, IReadOnlyList<TableColumn> all, TableAccess access, SoqlRequest request, long? defaultLimit, long? maxLimit, bool inline, bool inlineTotal = false)
    {
        var parameters = inline ? null : new List<object?>();
        var source = Restricted(parquetPath, all, access);
        var visible = Visible(all, access);
        var compiler = new SoqlCompiler(visible, parameters);

        var filters = new List<string>();
        if (!string.IsNullOrWhiteSpace(request.Where))
        {
            compiler.Parameter = "$where";
            filters.Add(compiler.Compile(SoqlParser.ParseExpression("$where", request.Where)));
        }
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            filters.Add(Search(visible, request.Search.Trim(), parameters));
        }
        var where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
        var countParameters = parameters?.Count ?? 0;

        compiler.AllowAggregates = true;
        compiler.Parameter = "$select";
        var items = new List<string>();
        var columns = new List<OutputColumn>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var aggregate = false;
        var selectItems = string.IsNullOrWhiteSpace(request.Select) ? [new SoqlSelectItem(null, null, "*")] : SoqlParser.ParseSelect(request.Select);
        foreach (var item in selectItems)
        {
            if (item.Expr is null)
            {
                foreach (var column in visible)
                {
                    Add(DuckDb.Ident(column.Name), column.Name, column.Type);
                }
                continue;
            }
            var sql = compiler.Compile(item.Expr, out var type);
            aggregate |= SoqlCompiler.HasAggregate(item.Expr);
            var name = item.Alias ?? (item.Expr is SoqlColumn c ? compiler.Resolve(c.Name)?.Name ?? c.Name : item.Text);
            var sqlName = Add(sql, name, type);
            if (item.Alias is not null)
            {
                compiler.Aliases[item.Alias] = (sqlName, item.Expr);
            }
        }

        var group = "";
        if (!string.IsNullOrWhiteSpace(request.Group))
        {
            compiler.Parameter = "$group";
            compiler.AllowAggregates = false;
            compiler.UseAliases = true;
            group = " GROUP BY " + string.Join(", ", SoqlParser.ParseList("$group", request.Group).Select(compiler.Compile));
        }
        var having = "";
        if (!string.IsNullOrWhiteSpace(request.Having))
        {
            if (group.Length == 0 && !aggregate)
            {
                throw new SoqlException("$having", "$having filters groups: use it with $group or aggregates in $select.");
            }
            compiler.Parameter = "$having";
            compiler.AllowAggregates = true;
            compiler.UseAliases = true;
            having = " HAVING " + compiler.Compile(SoqlParser.ParseExpression("$having", request.Having));
        }
        var order = "";
        if (!string.IsNullOrWhiteSpace(request.Order))
        {
            compiler.Parameter = "$order";
            compiler.AllowAggregates = group.Length > 0 || aggregate;
            compiler.UseAliases = true;
            var parts = new List<string>();
            foreach (var item in SoqlParser.ParseOrder(request.Order))
            {
                var sql = item.Expr is SoqlColumn c && compiler.Resolve(c.Name) is null && compiler.Aliases.TryGetValue(c.Name, out var alias)
                    ? alias.Sql
                    : compiler.Compile(item.Expr);
                parts.Add(sql + (item.Descending ? " DESC NULLS LAST" : " ASC NULLS LAST"));
            }
            order = " ORDER BY " + string.Join(", ", parts);
        }

        var limit = request.Limit ?? defaultLimit;
        if (limit is < 0 || (maxLimit is { } max && limit > max))
        {
            throw new SoqlException("$limit", $"$limit must be between 0 and {maxLimit}.");
        }
        var offset = request.Offset ?? 0;
        if (offset < 0)
        {
            throw new SoqlException("$offset", "$offset cannot be negative.");
        }
        var paging = (limit is { } l ? $" LIMIT {l.ToString(CultureInfo.InvariantCulture)}" : "") + (offset > 0 ? $" OFFSET {offset.ToString(CultureInfo.InvariantCulture)}" : "");
        var count = group.Length == 0 && !aggregate ? $"WITH {Source} AS ({source}) SELECT count(*) FROM {Source}{where}" : null;
        // With a filter and an order the page query reads every row anyway, so it counts them too; without an order
        // the page stops early and a separate count is cheaper than keeping every match for a window.
        var totalInline = inlineTotal && count is not null && order.Length > 0 && (filters.Count > 0 || access.RowFilter is not null);
        var total = totalInline ? ", count(*) OVER () AS \"__total\"" : "";
        var text = $"WITH {Source} AS ({source}) SELECT {string.Join(", ", items)}{total} FROM {Source}{where}{group}{having}{order}{paging}";
        return new CompiledQuery(text, (IReadOnlyList<object?>?)parameters ?? [], columns, count, countParameters, limit, offset, totalInline);

        string Add(string sql, string name, ColumnType type)
        {
            var unique = name;
            for (var n = 2; !names.Add(unique); n++)
            {
                unique = $"{name}_{n}";
            }
            var sqlName = DuckDb.Ident($"_c{items.Count}");
            items.Add($"{sql} AS {sqlName}");
            columns.Add(new OutputColumn(unique, type));
            return sqlName;
        }
    }

    /// <summary><c>$q</c>: the words must each appear in some text column (case-insensitive for Latin letters).</summary>
    private static string Search(IReadOnlyList<TableColumn> visible, string text, List<object?>? parameters)
    {
        var textColumns = visible.Where(c => c.Type == ColumnType.Text).ToList();
        if (textColumns.Count == 0)
        {
            return "false";
        }
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8);
        var clauses = new List<string>();
        foreach (var word in words)
        {
            var folded = word.Any(char.IsAsciiLetter);
            var value = folded ? word.ToLowerInvariant() : word;
            string p;
            if (parameters is not null)
            {
                parameters.Add(value);
                p = $"${parameters.Count}";
            }
            else
            {
                p = DuckDb.Literal(value);
            }
            clauses.Add("(" + string.Join(" OR ", textColumns.Select(c => folded ? $"contains(lower({DuckDb.Ident(c.Name)}), {p})" : $"contains({DuckDb.Ident(c.Name)}, {p})")) + ")");
        }
        return clauses.Count == 0 ? "true" : "(" + string.Join(" AND ", clauses) + ")";
    }
}
