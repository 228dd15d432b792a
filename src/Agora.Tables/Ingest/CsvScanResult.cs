using Agora.Tables.Jobs;

namespace Agora.Tables.Ingest;

internal sealed record CsvScanOptions(
    char Delimiter,
    int MaxColumns,
    int MaxFieldChars,
    IReadOnlyDictionary<string, ColumnType>? Overrides,
    bool FixedHeader = false,
    long? ClassifyRows = null,
    long? HeadRows = null);

/// <summary>What the scanning pass learned: the layout, the column names and what each column holds.</summary>
internal sealed class CsvScanResult
{
    public required IReadOnlyList<string> Names { get; init; }

    public required IReadOnlyList<string?> SourceNames { get; init; }

    public required ColumnInference[] Columns { get; init; }

    public required long DataRows { get; init; }

    public required IReadOnlyList<SkippedRow> Skipped { get; init; }

    /// <summary>The file is one header row then data only, so DuckDB can read it as it is.</summary>
    public required bool Clean { get; init; }

    /// <summary>
    /// Types were inferred from the first <see cref="CsvScanOptions.ClassifyRows"/> rows only; the conversion's strict
    /// casts check the rest, and a value that does not fit sends the ingest back to a full scan.
    /// </summary>
    public required bool Sampled { get; init; }

    /// <summary>The scan stopped after <see cref="CsvScanOptions.HeadRows"/> data rows; the rest of the file was not read.</summary>
    public bool HeadOnly { get; init; }

    /// <summary>Set when the scan wrote the data rows (no header) to a normalized comma-separated file.</summary>
    public string? RewrittenPath { get; init; }
}
