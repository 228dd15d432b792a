namespace Agora.Tables.Jobs;

public enum IngestJobKind
{
    Upload,
    Url,
    Retype,
}

public enum IngestJobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>One ingest of a file into a table distribution, run in the background.</summary>
public sealed record IngestJob
{
    public required Guid Id { get; init; }

    public required Guid DistributionId { get; init; }

    public required IngestJobKind Kind { get; init; }

    public required IngestRequest Request { get; init; }

    public IngestJobState State { get; init; } = IngestJobState.Queued;

    /// <summary>What the job is doing now: <c>queued</c>, <c>fetching</c>, <c>detecting</c>, <c>scanning</c>, <c>converting</c>, <c>publishing</c>, <c>profiling</c>, <c>done</c>.</summary>
    public string Phase { get; init; } = "queued";

    /// <summary>0 to 1.</summary>
    public double Progress { get; init; }

    public bool CancelRequested { get; init; }

    /// <summary>Subject of the principal that created the job, if any.</summary>
    public string? CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public IReadOnlyList<IngestError> Errors { get; init; } = [];

    public IngestResult? Result { get; init; }
}

/// <summary>What to ingest and how to read it. Every optional field left null is detected.</summary>
/// <param name="SourcePath">The file on local disk, owned by the job (deleted or kept as the version's source when done).</param>
/// <param name="FileName">The name the file was uploaded with, if any; compared with its content.</param>
/// <param name="Format"><c>csv</c>, <c>tsv</c>, <c>xlsx</c>, <c>json</c>, <c>ndjson</c> or <c>parquet</c>.</param>
/// <param name="Encoding"><c>utf-8</c>, <c>utf-16le</c>, <c>utf-16be</c>, <c>gb18030</c> (also for GBK/GB2312) or <c>big5</c>.</param>
/// <param name="Delimiter">A single character.</param>
/// <param name="Sheet">XLSX sheet name; the first sheet when null.</param>
/// <param name="Url">For <see cref="IngestJobKind.Url"/> jobs: where to fetch the file.</param>
public sealed record IngestRequest(
    string? SourcePath,
    string? FileName = null,
    string? Format = null,
    string? Encoding = null,
    char? Delimiter = null,
    string? Sheet = null,
    string? Url = null);

/// <summary>A problem that stopped an ingest, located as precisely as known.</summary>
/// <param name="Code">Stable kebab-case code, e.g. <c>ragged-row</c>, <c>invalid-encoding</c>.</param>
/// <param name="Row">1-based line number in the (decoded) file, or sheet row for XLSX.</param>
/// <param name="Column">Column name or 1-based position.</param>
public sealed record IngestError(string Code, string Message, long? Row = null, string? Column = null, long? ByteOffset = null);

/// <summary>What a successful ingest produced.</summary>
public sealed record IngestResult(
    int Version,
    long RowCount,
    IReadOnlyList<TableColumn> Columns,
    string Format,
    string? Encoding,
    char? Delimiter,
    string? Sheet,
    IReadOnlyList<SkippedRow> SkippedRows,
    IReadOnlyList<string> Warnings,
    double SecondsToQueryable,
    double SecondsTotal);

/// <summary>A row that was not loaded as data, and why (<c>title</c>, <c>header</c>, <c>note</c>, <c>blank</c>).</summary>
public sealed record SkippedRow(long Line, string Reason, string Text);
