using System.Diagnostics;
using Agora.Privacy.Data;

namespace Agora.Privacy.Detection;

/// <summary>
/// Finds direct identifiers and quasi-identifiers in tabular data from column names (Chinese, English, pinyin initials)
/// and from every value (shape, check characters, lexicons).
/// </summary>
public sealed class PiiScanner
{
    /// <summary>Scans a delimited file row by row without loading it into memory.</summary>
    public ScanReport ScanFile(string path, CsvFormat? format = null)
    {
        format ??= new CsvFormat();
        var watch = Stopwatch.StartNew();
        ColumnAccumulator[] columns = [];
        long rows = 0;
        CsvTableReader.ReadRows(path, format, header =>
        {
            columns = header.Select((h, i) => new ColumnAccumulator(h, i)).ToArray();
        }, (row, _) =>
        {
            rows++;
            for (var c = 0; c < columns.Length; c++)
            {
                columns[c].Add(row[c].Span);
            }
        });

        var findings = columns.Select(ColumnDecision.Decide).ToArray();
        return new ScanReport(path, rows, new FileInfo(path).Length, watch.Elapsed.TotalSeconds, findings);
    }

    /// <summary>Scans a table already in memory.</summary>
    public ScanReport Scan(DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var watch = Stopwatch.StartNew();
        var findings = new ColumnFinding[table.ColumnCount];
        for (var c = 0; c < table.ColumnCount; c++)
        {
            findings[c] = ScanColumn(table.ColumnNames[c], table.Column(c), c);
        }

        return new ScanReport(table.SourceFile, table.RowCount, 0, watch.Elapsed.TotalSeconds, findings);
    }

    /// <summary>Scans one column given by its name and values.</summary>
    public ColumnFinding ScanColumn(string name, IEnumerable<string?> values, int index = 0)
    {
        var acc = new ColumnAccumulator(name, index);
        foreach (var value in values)
        {
            acc.Add(value);
        }

        return ColumnDecision.Decide(acc);
    }
}
