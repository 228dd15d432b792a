using System.Globalization;
using System.Text;
using Agora.Tables.Engine;
using Agora.Tables.Ingest;

namespace Agora.Tables.Query;

/// <summary>
/// Turns a parsed expression into DuckDB SQL. Column names are checked against the columns the caller may see and
/// quoted from the schema; values become parameters (or, for views and COPY, literals the engine writes itself).
/// </summary>
internal sealed class SoqlCompiler(IReadOnlyList<TableColumn> columns, List<object?>? parameters)
{
    private static readonly HashSet<string> Aggregates = ["count", "sum", "avg", "min", "max"];
    private static readonly Dictionary<string, string> TruncUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["year"] = "year",
        ["quarter"] = "quarter",
        ["month"] = "month",
        ["week"] = "week",
        ["day"] = "day",
        ["hour"] = "hour",
        ["minute"] = "minute",
    };

    private readonly Dictionary<string, TableColumn> _byName = Index(columns);

    /// <summary>Select aliases that <c>$order</c> and <c>$having</c> may use: alias → (SQL name, expression).</summary>
    public Dictionary<string, (string Sql, SoqlExpr Expr)> Aliases { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Parameter { get; set; } = "$where";

    public bool AllowAggregates { get; set; }

    public bool UseAliases { get; set; }

    public string Compile(SoqlExpr expr) => Emit(expr, out _);

    public string Compile(SoqlExpr expr, out ColumnType type) => Emit(expr, out type);

    public static bool HasAggregate(SoqlExpr expr) => expr switch
    {
        SoqlCall call => Aggregates.Contains(call.Name) || call.Args.Any(HasAggregate),
        SoqlUnary u => HasAggregate(u.Operand),
        SoqlBinary b => HasAggregate(b.Left) || HasAggregate(b.Right),
        SoqlIsNull n => HasAggregate(n.Operand),
        SoqlIn i => HasAggregate(i.Operand) || i.Items.Any(HasAggregate),
        SoqlBetween b => HasAggregate(b.Operand) || HasAggregate(b.Low) || HasAggregate(b.High),
        SoqlLike l => HasAggregate(l.Operand) || HasAggregate(l.Pattern),
        _ => false,
    };

    public TableColumn? Resolve(string name) => _byName.GetValueOrDefault(name);

    private static Dictionary<string, TableColumn> Index(IReadOnlyList<TableColumn> columns)
    {
        var index = new Dictionary<string, TableColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            index[column.Name] = column;
        }
        foreach (var column in columns)
        {
            index.TryAdd(column.Name.ToLowerInvariant(), column);
        }
        return index;
    }

    private string Emit(SoqlExpr expr, out ColumnType type)
    {
        switch (expr)
        {
            case SoqlLiteral literal:
                type = literal.Value switch { long => ColumnType.Integer, double => ColumnType.Decimal, bool => ColumnType.Boolean, _ => ColumnType.Text };
                return Value(literal.Value);
            case SoqlColumn column:
                if (UseAliases && Aliases.TryGetValue(column.Name, out var alias) && Resolve(column.Name) is null)
                {
                    return Emit(alias.Expr, out type);
                }
                var resolved = Resolve(column.Name) ?? Resolve(column.Name.ToLowerInvariant())
                    ?? throw new SoqlException(Parameter, $"There is no column '{column.Name}' (position {column.Position + 1} of {Parameter}).", column.Position);
                type = resolved.Type;
                return DuckDb.Ident(resolved.Name);
            case SoqlUnary { Op: "NOT" } not:
                type = ColumnType.Boolean;
                return $"(NOT {Emit(not.Operand, out _)})";
            case SoqlUnary negate:
                var operand = Emit(negate.Operand, out type);
                RequireNumeric(type, negate);
                return $"(-{operand})";
            case SoqlBinary { Op: "AND" or "OR" } logic:
                type = ColumnType.Boolean;
                return $"({Emit(logic.Left, out _)} {logic.Op} {Emit(logic.Right, out _)})";
            case SoqlBinary { Op: "=" or "!=" or "<" or "<=" or ">" or ">=" } comparison:
                type = ColumnType.Boolean;
                var (l, r) = Pair(comparison.Left, comparison.Right);
                return $"({l} {(comparison.Op == "!=" ? "<>" : comparison.Op)} {r})";
            case SoqlBinary { Op: "||" } concat:
                type = ColumnType.Text;
                return $"(CAST({Emit(concat.Left, out _)} AS VARCHAR) || CAST({Emit(concat.Right, out _)} AS VARCHAR))";
            case SoqlBinary arithmetic:
                var left = Emit(arithmetic.Left, out var lt);
                var right = Emit(arithmetic.Right, out var rt);
                RequireNumeric(lt, arithmetic.Left);
                RequireNumeric(rt, arithmetic.Right);
                type = arithmetic.Op == "/" || lt == ColumnType.Decimal || rt == ColumnType.Decimal ? ColumnType.Decimal : ColumnType.Integer;
                return arithmetic.Op == "/" ? $"(CAST({left} AS DOUBLE) / NULLIF({right}, 0))" : $"({left} {arithmetic.Op} {right})";
            case SoqlIsNull isNull:
                type = ColumnType.Boolean;
                return $"({Emit(isNull.Operand, out _)} IS {(isNull.Negated ? "NOT " : "")}NULL)";
            case SoqlIn inList:
                type = ColumnType.Boolean;
                var target = Emit(inList.Operand, out var targetType);
                var items = inList.Items.Select(i => Coerced(i, targetType)).ToList();
                if (parameters is null && items.Count >= 2 && inList.Items.All(i => i is SoqlLiteral { Value: not null }))
                {
                    // DuckDB plans IN over several constants as a hash join of every row against the list; a list of
                    // constants looked up per vector costs a third of that on a full scan. Without NULL in the list
                    // the answer is the same, NULL for a NULL value included.
                    var lookup = $"list_contains([{string.Join(", ", items)}], {target})";
                    if (targetType == ColumnType.Integer && inList.Items.All(i => i is SoqlLiteral { Value: long }))
                    {
                        // Whole numbers (region and organization codes): the range of the list is a filter the Parquet
                        // reader applies itself, skipping row groups outside it, and the lookup runs on what is left.
                        var values = inList.Items.Select(i => (long)((SoqlLiteral)i).Value!).ToList();
                        lookup = $"{target} BETWEEN {Value(values.Min())} AND {Value(values.Max())} AND {lookup}";
                    }
                    return $"({(inList.Negated ? "NOT " : "")}({lookup}))";
                }
                return $"({target} {(inList.Negated ? "NOT " : "")}IN ({string.Join(", ", items)}))";
            case SoqlBetween between:
                type = ColumnType.Boolean;
                var subject = Emit(between.Operand, out var subjectType);
                return $"({subject} {(between.Negated ? "NOT " : "")}BETWEEN {Coerced(between.Low, subjectType)} AND {Coerced(between.High, subjectType)})";
            case SoqlLike like:
                type = ColumnType.Boolean;
                return $"(CAST({Emit(like.Operand, out _)} AS VARCHAR) {(like.Negated ? "NOT " : "")}LIKE {Coerced(like.Pattern, ColumnType.Text)})";
            case SoqlCall call:
                return Call(call, out type);
            default:
                throw new SoqlException(Parameter, "Unsupported expression.");
        }
    }

    private string Call(SoqlCall call, out ColumnType type)
    {
        if (Aggregates.Contains(call.Name))
        {
            if (!AllowAggregates)
            {
                throw new SoqlException(Parameter, $"{call.Name}() is an aggregate and cannot be used in {Parameter}; filter groups with $having.", call.Position);
            }
            if (call.Args.Any(HasAggregate))
            {
                throw new SoqlException(Parameter, "Aggregates cannot be nested.", call.Position);
            }
            if (call.Name == "count")
            {
                type = ColumnType.Integer;
                if (call.Star)
                {
                    return "count(*)";
                }
                Arity(call, 1);
                return $"count({(call.Distinct ? "DISTINCT " : "")}{Emit(call.Args[0], out _)})";
            }
            Arity(call, 1);
            var argument = Emit(call.Args[0], out var argumentType);
            if (call.Name is "sum" or "avg")
            {
                RequireNumeric(argumentType, call.Args[0]);
                type = call.Name == "avg" ? ColumnType.Decimal : argumentType;
                return call.Name == "sum" && argumentType == ColumnType.Integer ? $"CAST(sum({(call.Distinct ? "DISTINCT " : "")}{argument}) AS BIGINT)" : $"{call.Name}({(call.Distinct ? "DISTINCT " : "")}{argument})";
            }
            type = argumentType;
            return $"{call.Name}({argument})";
        }
        switch (call.Name)
        {
            case "date_trunc_y" or "date_trunc_ym" or "date_trunc_ymd":
                Arity(call, 1);
                var unit = call.Name switch { "date_trunc_y" => "year", "date_trunc_ym" => "month", _ => "day" };
                return Trunc(unit, call.Args[0], out type);
            case "date_trunc":
                Arity(call, 2);
                if (call.Args[0] is not SoqlLiteral { Value: string name } || !TruncUnits.TryGetValue(name, out var u))
                {
                    throw new SoqlException(Parameter, $"date_trunc takes a unit first: one of {string.Join(", ", TruncUnits.Keys)}.", call.Position);
                }
                return Trunc(u, call.Args[1], out type);
            case "lower" or "upper":
                Arity(call, 1);
                type = ColumnType.Text;
                return $"{call.Name}(CAST({Emit(call.Args[0], out _)} AS VARCHAR))";
            case "length":
                Arity(call, 1);
                type = ColumnType.Integer;
                return $"length(CAST({Emit(call.Args[0], out _)} AS VARCHAR))";
            case "abs":
                Arity(call, 1);
                var value = Emit(call.Args[0], out type);
                RequireNumeric(type, call.Args[0]);
                return $"abs({value})";
            case "round":
                if (call.Args.Count is < 1 or > 2)
                {
                    Arity(call, 1);
                }
                var number = Emit(call.Args[0], out type);
                RequireNumeric(type, call.Args[0]);
                if (call.Args.Count == 2 && call.Args[1] is not SoqlLiteral { Value: long })
                {
                    throw new SoqlException(Parameter, "round() takes a whole number of digits.", call.Position);
                }
                return call.Args.Count == 2 ? $"round({number}, {Convert.ToInt32(((SoqlLiteral)call.Args[1]).Value, CultureInfo.InvariantCulture)})" : $"round({number})";
            default:
                throw new SoqlException(Parameter, $"Unknown function '{call.Name}'. Functions: count, sum, avg, min, max, date_trunc_y, date_trunc_ym, date_trunc_ymd, date_trunc, lower, upper, length, abs, round.", call.Position);
        }
    }

    private string Trunc(string unit, SoqlExpr argument, out ColumnType type)
    {
        var inner = Emit(argument, out var argumentType);
        if (argumentType is not (ColumnType.Date or ColumnType.DateTime or ColumnType.YearMonth))
        {
            throw new SoqlException(Parameter, "date_trunc works on date columns.", argument.Position);
        }
        type = unit is "hour" or "minute" ? ColumnType.DateTime : ColumnType.Date;
        return type == ColumnType.Date ? $"CAST(date_trunc('{unit}', {inner}) AS DATE)" : $"date_trunc('{unit}', {inner})";
    }

    private (string Left, string Right) Pair(SoqlExpr left, SoqlExpr right)
    {
        if (left is SoqlLiteral && right is not SoqlLiteral)
        {
            var r = Emit(right, out var rt);
            return (Coerced(left, rt), r);
        }
        var l = Emit(left, out var lt);
        return (l, Coerced(right, lt));
    }

    /// <summary>A literal compared with a typed column is read as that type: <c>'2019年3月8日'</c> against a date column is a date.</summary>
    private string Coerced(SoqlExpr expr, ColumnType target)
    {
        if (expr is not SoqlLiteral { Value: not null } literal)
        {
            return Emit(expr, out _);
        }
        var value = literal.Value;
        switch (target)
        {
            case ColumnType.Date or ColumnType.YearMonth or ColumnType.DateTime when value is string s:
                var trimmed = s.Trim();
                if (DateForms.Parse(trimmed, out var form) == default)
                {
                    if (DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    {
                        return target == ColumnType.DateTime ? Value(parsed) : Value(DateOnly.FromDateTime(parsed));
                    }
                    throw new SoqlException(Parameter, $"'{s}' is not a date (position {literal.Position + 1} of {Parameter}).", literal.Position);
                }
                var moment = ParseDate(trimmed, form);
                return target == ColumnType.DateTime ? Value(moment) : Value(DateOnly.FromDateTime(moment));
            case ColumnType.Integer or ColumnType.Decimal when value is string s:
                var traits = default(ColumnTraits);
                var clean = s.Trim().Replace(",", "", StringComparison.Ordinal).TrimEnd('%');
                if (ValueClassifier.Classify(s.Trim(), ref traits) == default || !double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    throw new SoqlException(Parameter, $"'{s}' is not a number (position {literal.Position + 1} of {Parameter}).", literal.Position);
                }
                return Value(d);
            case ColumnType.Boolean when value is string s:
                return ValueClassifier.IsTrue(s.Trim()) ? Value(true) : ValueClassifier.IsFalse(s.Trim()) ? Value(false)
                    : throw new SoqlException(Parameter, $"'{s}' is not true or false.", literal.Position);
            case ColumnType.Text when value is long or double:
                return Value(Convert.ToString(value, CultureInfo.InvariantCulture));
            default:
                return Value(value);
        }
    }

    private static DateTime ParseDate(string text, int form)
    {
        var digits = new List<int>();
        var current = -1;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                current = (current < 0 ? 0 : current * 10) + (c - '0');
            }
            else if (current >= 0)
            {
                digits.Add(current);
                current = -1;
            }
        }
        if (current >= 0)
        {
            digits.Add(current);
        }
        if (form >> 3 == 3)
        {
            var n = digits[0];
            return new DateTime(n / 10000, n / 100 % 100, n % 100, 0, 0, 0, DateTimeKind.Unspecified);
        }
        int Part(int i, int fallback) => i < digits.Count ? digits[i] : fallback;
        return new DateTime(Part(0, 1), Part(1, 1), Part(2, 1), Part(3, 0), Part(4, 0), Part(5, 0), DateTimeKind.Unspecified);
    }

    private string Value(object? value)
    {
        if (value is null)
        {
            return "NULL";
        }
        if (parameters is not null)
        {
            parameters.Add(value);
            return $"${parameters.Count}";
        }
        return value switch
        {
            string s => DuckDb.Literal(s),
            bool b => b ? "true" : "false",
            // In parentheses when negative, so that "- -5" can never be written as "--5", a comment.
            long l => l < 0 ? $"({l.ToString(CultureInfo.InvariantCulture)})" : l.ToString(CultureInfo.InvariantCulture),
            double d => d < 0 ? $"({d.ToString("R", CultureInfo.InvariantCulture)})" : d.ToString("R", CultureInfo.InvariantCulture),
            DateOnly date => string.Create(CultureInfo.InvariantCulture, $"DATE '{date:yyyy-MM-dd}'"),
            DateTime time => string.Create(CultureInfo.InvariantCulture, $"TIMESTAMP '{time:yyyy-MM-dd HH:mm:ss.ffffff}'"),
            _ => throw new InvalidOperationException($"No literal for {value.GetType()}."),
        };
    }

    private void RequireNumeric(ColumnType type, SoqlExpr at)
    {
        if (type is not (ColumnType.Integer or ColumnType.Decimal))
        {
            throw new SoqlException(Parameter, $"A number is needed at position {at.Position + 1} of {Parameter}.", at.Position);
        }
    }

    private void Arity(SoqlCall call, int count)
    {
        if (call.Args.Count != count || call.Star)
        {
            throw new SoqlException(Parameter, $"{call.Name}() takes {count} argument{(count == 1 ? "" : "s")}.", call.Position);
        }
    }

    public static string Join(IEnumerable<string> parts, string separator)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            if (builder.Length > 0)
            {
                builder.Append(separator);
            }
            builder.Append(part);
        }
        return builder.ToString();
    }
}
