using System.Text.Json.Serialization;
using Agora.Privacy.Hierarchies;

namespace Agora.Privacy.Anonymization;

/// <summary>How information loss is measured when choosing among transformations that satisfy the criteria.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LossMetric>))]
public enum LossMetric
{
    /// <summary>Non-uniform entropy (ARX's definition): Σ over records and attributes of −log2 P(original | generalized).</summary>
    NonUniformEntropy,

    /// <summary>Iyengar's loss metric: per value (leaves under its generalization − 1) / (domain size − 1), averaged.</summary>
    Loss,
}

[JsonConverter(typeof(JsonStringEnumConverter<LDiversityVariant>))]
public enum LDiversityVariant
{
    /// <summary>At least ℓ distinct sensitive values per class.</summary>
    Distinct,

    /// <summary>Entropy of the sensitive values per class at least log ℓ.</summary>
    Entropy,
}

/// <summary>ℓ-diversity of a sensitive attribute.</summary>
public sealed record LDiversity(double L, LDiversityVariant Variant = LDiversityVariant.Distinct);

/// <summary>What records that cannot be kept become in the output.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuppressionMode>))]
public enum SuppressionMode
{
    /// <summary>Suppressed records are left out of the output (the safe default for publishing).</summary>
    Remove,

    /// <summary>Suppressed records stay, with every quasi-identifier replaced by '*' (ARX's output).</summary>
    Mask,
}

/// <summary>What to anonymize and which privacy criteria the result must meet.</summary>
public sealed record AnonymizationConfig
{
    /// <summary>Quasi-identifiers, each needing a hierarchy.</summary>
    public required IReadOnlyList<string> QuasiIdentifiers { get; init; }

    /// <summary>Hierarchies by attribute name.</summary>
    public required IReadOnlyDictionary<string, Hierarchy> Hierarchies { get; init; }

    /// <summary>Every equivalence class (records equal on the quasi-identifiers) has at least K records.</summary>
    public int K { get; init; } = 5;

    /// <summary>Largest share of records that may be suppressed to reach the criteria, in [0, 1].</summary>
    public double SuppressionLimit { get; init; }

    /// <summary>The sensitive attribute for ℓ-diversity and t-closeness.</summary>
    public string? SensitiveAttribute { get; init; }

    public LDiversity? LDiversity { get; init; }

    /// <summary>t-closeness with the earth mover's distance: ordered distance for numeric values, equal distance otherwise.</summary>
    public double? TCloseness { get; init; }

    public LossMetric Metric { get; init; } = LossMetric.NonUniformEntropy;

    public SuppressionMode SuppressionMode { get; init; } = SuppressionMode.Remove;

    /// <summary>Evaluate every lattice node instead of pruning (slow; for checking the search).</summary>
    public bool Exhaustive { get; init; }
}
