namespace Agora.Tables.Access;

/// <summary>
/// The part of a table a caller may read. It is applied inside the engine on every path (rows API, SQL, downloads),
/// so hidden columns and filtered-out rows cannot be reached through aliases, ordering or grouping.
/// </summary>
public sealed record TableAccess
{
    /// <summary>Everything, no filter, no cap.</summary>
    public static TableAccess Full { get; } = new();

    /// <summary>Column names the caller may see; <c>null</c> means all columns.</summary>
    public IReadOnlyList<string>? AllowedColumns { get; init; }

    /// <summary>A row filter in the same expression language as <c>$where</c>, over all columns (hidden ones included).</summary>
    public string? RowFilter { get; init; }

    /// <summary>The most rows the caller may reach in one read; <c>null</c> means no cap.</summary>
    public long? RowCap { get; init; }
}
