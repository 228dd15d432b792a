namespace Agora.Tables;

/// <summary>One column of a stored table.</summary>
/// <param name="Name">The stable column name used in queries and downloads.</param>
/// <param name="Type">The stored type.</param>
/// <param name="SourceName">The header text in the file, when it differs from <paramref name="Name"/>.</param>
/// <param name="Format">How values were written in the file, e.g. <c>thousands-separator</c>, <c>percent</c>, <c>yyyy年M月d日</c>.</param>
public sealed record TableColumn(string Name, ColumnType Type, string? SourceName = null, string? Format = null);
