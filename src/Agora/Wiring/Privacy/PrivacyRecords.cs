using Agora.Catalog.Model;
using Agora.Privacy.Classification;
using Agora.Privacy.Detection;
using Agora.Privacy.Gate;
using Agora.Privacy.Risk;

namespace Agora.Wiring.Privacy;

/// <summary>What the scanner found in one column, as stored and shown to the steward.</summary>
public sealed record ColumnFindingView(
    string Column,
    string Type,
    string TypeName,
    PiiCategory Category,
    double Confidence,
    bool Sensitive,
    double MaskedShare,
    bool LooksMasked,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<string> Examples,
    FieldSensitivity? SchemaSensitivity)
{
    public static ColumnFindingView From(ColumnFinding f, FieldSensitivity? schema) => new(
        f.Column, f.Type.Code(), f.Type.ChineseName(), f.Category, Math.Round(f.Confidence, 3), f.Sensitive,
        Math.Round(f.MaskedShare, 3), f.LooksMasked, f.Evidence, f.Examples, schema);
}

/// <summary>One table distribution as the scan read it, with the library's gate checks and risk on its rows.</summary>
public sealed record TableScan(
    Guid DistributionId,
    string Title,
    int Version,
    long Rows,
    int ScannedRows,
    bool Sampled,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ColumnFindingView> Findings,
    IReadOnlyList<string> QuasiIdentifiers,
    RiskSummary Risk,
    IReadOnlyList<GateCheck> Checks);

/// <summary>Where the schema's sensitivity tags and the scanner disagree.</summary>
public sealed record SchemaComparison(string Field, FieldSensitivity Declared, string? Detected, PiiCategory DetectedCategory, string Note);

/// <summary>The stored result of a scan of a dataset.</summary>
public sealed record StoredScan(
    DateTimeOffset At,
    string? By,
    double Threshold,
    IReadOnlyList<TableScan> Tables,
    IReadOnlyList<SchemaComparison> Schema,
    ClassificationSuggestion Suggestion);

/// <summary>One check of the dataset's gate verdict.</summary>
public sealed record VerdictCheck(string Rule, bool Passed, string Message, string? Column, Guid? DistributionId);

/// <summary>The publish gate's verdict on a dataset: may it become open, and on what evidence.</summary>
public sealed record DatasetVerdict(
    bool Passed,
    string Basis,
    double Threshold,
    double HighestProsecutorRisk,
    IReadOnlyList<VerdictCheck> Checks,
    DateTimeOffset EvaluatedAt)
{
    public VerdictCheck? FirstFailure => Checks.FirstOrDefault(c => !c.Passed);
}

/// <summary>The steward's classification decision as shown by the API.</summary>
public sealed record DecisionView(
    SecurityGrade Grade,
    SharingAttribute Sharing,
    OpeningAttribute Opening,
    bool Overrides,
    string? Reasons,
    DateTime DecidedAt,
    string? DecidedBy);

/// <summary>GET /api/v1/datasets/{id}/privacy.</summary>
public sealed record PrivacyView(
    Guid DatasetId,
    string Identifier,
    DateTimeOffset? ScannedAt,
    string? ScannedBy,
    bool Stale,
    IReadOnlyList<TableScan> Tables,
    IReadOnlyList<SchemaComparison> Schema,
    ClassificationSuggestion? Suggestion,
    DecisionView? Decision,
    DatasetVerdict Verdict);

/// <summary>PUT /api/v1/datasets/{id}/privacy/decision.</summary>
public sealed record DecisionInput(SecurityGrade? Grade, SharingAttribute? Sharing, OpeningAttribute? Opening, string? Reasons);
