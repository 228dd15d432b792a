using Agora.Privacy.Data;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Anonymization;

/// <summary>An information-loss figure with the metric's name; Relative is in [0, 1] (0 = original, 1 = everything suppressed).</summary>
public sealed record InformationLoss(string Metric, double Value, double Relative);

/// <summary>Counts of the lattice search.</summary>
public sealed record SearchStatistics(long LatticeSize, int NodesEvaluated, int NodesPrunedByMonotonicity, int NodesSkippedByBound, bool Exhaustive);

/// <summary>The chosen transformation, its cost and the data it produced.</summary>
public sealed record AnonymizationResult
{
    /// <summary>Generalization level chosen for each quasi-identifier (0 = original values).</summary>
    public required IReadOnlyDictionary<string, int> Transformation { get; init; }

    public required IReadOnlyList<int> Levels { get; init; }

    public required int SuppressedRecords { get; init; }

    public required int Records { get; init; }

    public required InformationLoss InformationLoss { get; init; }

    public required int EquivalenceClasses { get; init; }

    public required int SmallestClass { get; init; }

    public required SearchStatistics Search { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>The anonymized table (without the suppressed records unless they were masked).</summary>
    public required DataTable Output { get; init; }

    public RiskSummary? RiskBefore { get; init; }

    public RiskSummary? RiskAfter { get; init; }

    /// <summary>Where each quasi-identifier's hierarchy came from (a file, or automatic:&lt;kind&gt;).</summary>
    public required IReadOnlyDictionary<string, string> HierarchySources { get; init; }
}
