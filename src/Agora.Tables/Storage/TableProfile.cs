namespace Agora.Tables.Storage;

/// <summary>Statistics of one table version.</summary>
public sealed record TableProfile(int Version, long RowCount, IReadOnlyList<ColumnProfile> Columns);

/// <summary>Statistics of one column. <see cref="Min"/> and <see cref="Max"/> are written as text.</summary>
public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    long Count,
    long Nulls,
    long DistinctEstimate,
    string? Min,
    string? Max,
    IReadOnlyList<ValueCount> TopValues,
    IReadOnlyList<HistogramBin>? Histogram);

public sealed record ValueCount(string Value, long Count);

/// <summary>Values in [<see cref="From"/>, <see cref="To"/>) — the last bin includes <see cref="To"/>.</summary>
public sealed record HistogramBin(double From, double To, long Count);
