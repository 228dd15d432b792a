namespace Agora.Privacy.Detection;

/// <summary>One type a column might hold, with its score in [0, 1].</summary>
public sealed record TypeCandidate(PiiType Type, double Score);

/// <summary>What the scanner concluded about one column, and why.</summary>
public sealed record ColumnFinding(
    string Column,
    int Index,
    PiiType Type,
    PiiCategory Category,
    double Confidence,
    bool Sensitive,
    long Rows,
    long NonEmpty,
    long DistinctValues,
    double MatchShare,
    double MaskedShare,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<TypeCandidate> Candidates,
    IReadOnlyList<string> Examples)
{
    public bool IsDirectIdentifier => Category == PiiCategory.DirectIdentifier;

    public bool IsQuasiIdentifier => Category == PiiCategory.QuasiIdentifier;

    /// <summary>Most non-empty values are already masked (e.g. 110101********1234): the column was transformed at the source.</summary>
    public bool LooksMasked => NonEmpty > 0 && MaskedShare >= 0.9;
}

/// <summary>The scanner's verdict on every column of a file or table.</summary>
public sealed record ScanReport(string? File, long Rows, long Bytes, double Seconds, IReadOnlyList<ColumnFinding> Columns)
{
    public IEnumerable<ColumnFinding> DirectIdentifiers => Columns.Where(c => c.IsDirectIdentifier);

    public IEnumerable<ColumnFinding> QuasiIdentifiers => Columns.Where(c => c.IsQuasiIdentifier);

    public ColumnFinding? this[string column] => Columns.FirstOrDefault(c => string.Equals(c.Column, column, StringComparison.Ordinal));
}
