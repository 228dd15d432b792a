namespace Agora.Tables.Query;

/// <summary>
/// Checks a row filter (a grant's condition on rows) with the same parser that <c>$where</c> and
/// <see cref="Access.TableAccess.RowFilter"/> use, so a filter that is saved is a filter that the engine can apply.
/// </summary>
public static class RowFilterSyntax
{
    private static readonly HashSet<string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        "date_trunc_y", "date_trunc_ym", "date_trunc_ymd", "date_trunc", "lower", "upper", "length", "abs", "round",
    };

    /// <summary>Null when <paramref name="filter"/> parses and names only <paramref name="fields"/>; otherwise what is wrong.</summary>
    /// <param name="fields">The columns the filter may name; empty when they are not known (then any name is accepted).</param>
    public static string? Check(string filter, IReadOnlyCollection<string> fields)
    {
        if (filter.Length > 2000)
        {
            return "must have at most 2000 characters";
        }

        SoqlExpr expression;
        try
        {
            expression = SoqlParser.ParseExpression("rowFilter", filter);
        }
        catch (SoqlException e)
        {
            return $"does not parse: {e.Message}";
        }

        var known = new HashSet<string>(fields, StringComparer.OrdinalIgnoreCase);
        return Walk(expression, known);
    }

    private static string? Walk(SoqlExpr expression, HashSet<string> fields) => expression switch
    {
        SoqlColumn column when fields.Count > 0 && !fields.Contains(column.Name) =>
            $"names '{column.Name}', which is not a field of the dataset",
        SoqlCall call when call.Name.ToLowerInvariant() is "count" or "sum" or "avg" or "min" or "max" =>
            $"uses the aggregate {call.Name}(), which cannot select rows",
        SoqlCall call when !Functions.Contains(call.Name) =>
            $"uses the unknown function {call.Name}()",
        SoqlCall call => call.Args.Select(a => Walk(a, fields)).FirstOrDefault(e => e is not null),
        SoqlUnary unary => Walk(unary.Operand, fields),
        SoqlBinary binary => Walk(binary.Left, fields) ?? Walk(binary.Right, fields),
        SoqlIsNull isNull => Walk(isNull.Operand, fields),
        SoqlIn @in => Walk(@in.Operand, fields) ?? @in.Items.Select(i => Walk(i, fields)).FirstOrDefault(e => e is not null),
        SoqlBetween between => Walk(between.Operand, fields) ?? Walk(between.Low, fields) ?? Walk(between.High, fields),
        SoqlLike like => Walk(like.Operand, fields) ?? Walk(like.Pattern, fields),
        _ => null,
    };
}
