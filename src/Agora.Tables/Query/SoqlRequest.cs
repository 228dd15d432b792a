namespace Agora.Tables.Query;

/// <summary>The Socrata-style parameters of a rows query or download.</summary>
internal sealed record SoqlRequest(
    string? Select = null,
    string? Where = null,
    string? Order = null,
    string? Group = null,
    string? Having = null,
    string? Search = null,
    long? Limit = null,
    long? Offset = null)
{
    public bool IsEmpty => Select is null && Where is null && Order is null && Group is null && Having is null && Search is null && Limit is null && Offset is null;
}

/// <summary>A column of a query result.</summary>
public sealed record OutputColumn(string Name, ColumnType Type);

/// <summary>
/// SQL ready to run. The count query, when there is one, uses the first <see cref="CountParameterCount"/> parameters.
/// With <see cref="TotalInline"/> the last result column is the total (<c>count(*) OVER ()</c>), which saves a second
/// scan when a filter makes counting cost as much as the query. <see cref="KnownTotal"/> is the total when it is known
/// without counting (no filter at all: the row count of the Parquet version).
/// </summary>
internal sealed record CompiledQuery(
    string Sql,
    IReadOnlyList<object?> Parameters,
    IReadOnlyList<OutputColumn> Columns,
    string? CountSql,
    int CountParameterCount,
    long? Limit,
    long Offset,
    bool TotalInline = false,
    long? KnownTotal = null);
