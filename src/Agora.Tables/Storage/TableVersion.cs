using Agora.Tables.Jobs;

namespace Agora.Tables.Storage;

/// <summary>How a version's source file was read, so that re-typing reads it the same way.</summary>
public sealed record SourceDescription(string Format, string? Encoding, char? Delimiter, string? Sheet, string? FileName);

/// <summary>The published version of a table: what <c>current.json</c> points at.</summary>
public sealed record TableVersion(
    int Version,
    string ParquetFile,
    string? SourceFile,
    IReadOnlyList<TableColumn> Columns,
    long RowCount,
    DateTimeOffset PublishedAt,
    SourceDescription Source,
    IReadOnlyList<SkippedRow> Skipped);
