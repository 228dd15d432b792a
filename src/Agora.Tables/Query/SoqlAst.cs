namespace Agora.Tables.Query;

/// <summary>A node of a parsed query expression. <see cref="Position"/> is the 0-based offset in the parameter text.</summary>
internal abstract record SoqlExpr(int Position);

internal sealed record SoqlLiteral(object? Value, int Position) : SoqlExpr(Position);

internal sealed record SoqlColumn(string Name, int Position) : SoqlExpr(Position);

internal sealed record SoqlUnary(string Op, SoqlExpr Operand, int Position) : SoqlExpr(Position);

internal sealed record SoqlBinary(string Op, SoqlExpr Left, SoqlExpr Right, int Position) : SoqlExpr(Position);

internal sealed record SoqlIsNull(SoqlExpr Operand, bool Negated, int Position) : SoqlExpr(Position);

internal sealed record SoqlIn(SoqlExpr Operand, IReadOnlyList<SoqlExpr> Items, bool Negated, int Position) : SoqlExpr(Position);

internal sealed record SoqlBetween(SoqlExpr Operand, SoqlExpr Low, SoqlExpr High, bool Negated, int Position) : SoqlExpr(Position);

internal sealed record SoqlLike(SoqlExpr Operand, SoqlExpr Pattern, bool Negated, int Position) : SoqlExpr(Position);

internal sealed record SoqlCall(string Name, IReadOnlyList<SoqlExpr> Args, bool Star, bool Distinct, int Position) : SoqlExpr(Position);

/// <summary>One item of <c>$select</c>: <c>*</c> when <see cref="Expr"/> is null.</summary>
internal sealed record SoqlSelectItem(SoqlExpr? Expr, string? Alias, string Text);

internal sealed record SoqlOrderItem(SoqlExpr Expr, bool Descending);

/// <summary>A query parameter the caller got wrong, with where.</summary>
internal sealed class SoqlException(string parameter, string message, int? position = null) : Exception(message)
{
    public string Parameter { get; } = parameter;

    public int? Position { get; } = position;
}
