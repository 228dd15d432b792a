using System.Text;

namespace Agora.Privacy.Data;

/// <summary>Writes a table as delimited UTF-8 text (no BOM, LF), quoting only fields that need it.</summary>
public static class CsvTableWriter
{
    public static void WriteFile(DataTable table, string path, char delimiter = ',')
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        Write(table, writer, delimiter);
    }

    public static void Write(DataTable table, TextWriter writer, char delimiter = ',')
    {
        writer.NewLine = "\n";
        WriteRow(writer, table.ColumnNames, delimiter);
        var row = new string[table.ColumnCount];
        for (var r = 0; r < table.RowCount; r++)
        {
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = table.Column(c)[r];
            }

            WriteRow(writer, row, delimiter);
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> values, char delimiter)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(delimiter);
            }

            var value = values[i];
            if (value.AsSpan().IndexOfAny(['"', '\n', '\r', delimiter]) >= 0)
            {
                writer.Write('"');
                writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(value);
            }
        }

        writer.WriteLine();
    }
}
