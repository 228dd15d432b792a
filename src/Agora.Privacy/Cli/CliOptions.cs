namespace Agora.Privacy.Cli;

/// <summary>Options of <c>agora privacy scan</c>.</summary>
public sealed record ScanOptions(string File, string? Delimiter = null, string? Encoding = null, bool Json = false);

/// <summary>Options of <c>agora privacy risk</c>.</summary>
public sealed record RiskOptions(string File, string? QuasiIdentifiers, string? Delimiter = null, string? Encoding = null, string? Population = null, double Threshold = 0.2, bool Json = false);

/// <summary>Options of <c>agora privacy anonymize</c>.</summary>
public sealed record AnonymizeOptions
{
    public required string Input { get; init; }

    public string? Delimiter { get; init; }

    public string? Encoding { get; init; }

    public required string Hierarchies { get; init; }

    /// <summary>Comma-separated quasi-identifiers; null means every column with a hierarchy file.</summary>
    public string? QuasiIdentifiers { get; init; }

    public string? Sensitive { get; init; }

    public int K { get; init; } = 5;

    public double? L { get; init; }

    /// <summary>distinct (default) or entropy.</summary>
    public string? LVariant { get; init; }

    public double? T { get; init; }

    public double Suppression { get; init; }

    /// <summary>entropy (non-uniform entropy, default) or loss.</summary>
    public string Metric { get; init; } = "entropy";

    public required string Output { get; init; }

    public string? Report { get; init; }

    public double Threshold { get; init; } = 0.2;
}
