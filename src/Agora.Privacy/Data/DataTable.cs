namespace Agora.Privacy.Data;

/// <summary>
/// A small in-memory table stored column by column; values are strings exactly as read (empty for blanks).
/// Column-major because every privacy operation works on whole columns.
/// </summary>
public sealed class DataTable
{
    private readonly string[][] _columns;

    public DataTable(IReadOnlyList<string> columnNames, string[][] columns)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(columns);
        if (columnNames.Count != columns.Length)
        {
            throw new ArgumentException("There must be one column array per column name.", nameof(columns));
        }

        var rows = columns.Length == 0 ? 0 : columns[0].Length;
        if (columns.Any(c => c.Length != rows))
        {
            throw new ArgumentException("All columns must have the same number of rows.", nameof(columns));
        }

        ColumnNames = columnNames.ToArray();
        _columns = columns;
        RowCount = rows;
    }

    public IReadOnlyList<string> ColumnNames { get; }

    public int RowCount { get; }

    public int ColumnCount => _columns.Length;

    public string? SourceFile { get; init; }

    public string[] Column(int index) => _columns[index];

    public string[] Column(string name) => _columns[IndexOf(name)];

    public int IndexOf(string name)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (string.Equals(ColumnNames[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (string.Equals(ColumnNames[i].Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Finds a column or throws a usage error that lists the columns the file has.</summary>
    public int RequireColumn(string name, string option)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            throw PrivacyInputException.Usage(
                $"{option}: column '{name}' is not in {SourceFile ?? "the input"}; its columns are: {string.Join(", ", ColumnNames)}.",
                SourceFile,
                name);
        }

        return index;
    }

    public static DataTable FromRows(IReadOnlyList<string> columnNames, IEnumerable<IReadOnlyList<string>> rows)
    {
        var lists = columnNames.Select(_ => new List<string>()).ToArray();
        foreach (var row in rows)
        {
            for (var c = 0; c < lists.Length; c++)
            {
                lists[c].Add(c < row.Count ? row[c] : string.Empty);
            }
        }

        return new DataTable(columnNames, lists.Select(l => l.ToArray()).ToArray());
    }
}
