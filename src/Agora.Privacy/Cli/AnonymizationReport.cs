using Agora.Privacy.Anonymization;
using Agora.Privacy.Gate;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Cli;

public sealed record CriteriaReport(int K, double? L, string? LVariant, double? T, double SuppressionLimit);

public sealed record RiskReport(RiskSummary Before, RiskSummary After);

/// <summary>The JSON report of <c>agora privacy anonymize</c>.</summary>
public sealed record AnonymizationReport(
    string Input,
    string Output,
    int Records,
    IReadOnlyList<string> QuasiIdentifiers,
    string? Sensitive,
    CriteriaReport Criteria,
    IReadOnlyDictionary<string, int> Transformation,
    IReadOnlyDictionary<string, string> Hierarchies,
    int SuppressedRecords,
    InformationLoss InformationLoss,
    int EquivalenceClasses,
    int SmallestClass,
    RiskReport Risk,
    SearchStatistics Search,
    double SearchSeconds,
    double ElapsedSeconds,
    GateVerdict Gate);
