using System.Globalization;
using Agora.Privacy.Data;
using Agora.Privacy.Detection;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Gate;

/// <summary>One check of the gate, passed or not, in words.</summary>
public sealed record GateCheck(string Rule, bool Passed, string Message, string? Column = null);

/// <summary>The gate's verdict with its evidence; serialisable so that it can be stored with the dataset and shown to the steward.</summary>
public sealed record GateVerdict(
    bool Passed,
    double Threshold,
    double HighestProsecutorRisk,
    IReadOnlyList<string> QuasiIdentifiers,
    IReadOnlyList<GateCheck> Checks,
    RiskSummary Risk,
    DateTimeOffset EvaluatedAt);

/// <summary>What the gate is told about the release it judges.</summary>
public sealed record GateOptions
{
    /// <summary>Highest prosecutor risk allowed (0.2 means every record shares its quasi-identifiers with at least 4 others).</summary>
    public double Threshold { get; init; } = RiskAnalyzer.DefaultThreshold;

    /// <summary>Columns already transformed by the de-identification plan, with the transform's kind (mask, pseudonymize, generalize).</summary>
    public IReadOnlyDictionary<string, string>? TransformedColumns { get; init; }

    /// <summary>The quasi-identifiers to measure risk on; null uses those the scanner finds.</summary>
    public IReadOnlyList<string>? QuasiIdentifiers { get; init; }

    /// <summary>A scan of the released table already made; null scans it.</summary>
    public ScanReport? Scan { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>
/// Decides whether a table may become Open: no direct identifier left untransformed, and the highest prosecutor
/// re-identification risk on the quasi-identifiers at most the threshold.
/// </summary>
public sealed class PublishGate
{
    private static readonly HashSet<string> ProtectingKinds = new(StringComparer.OrdinalIgnoreCase) { "drop", "mask", "pseudonymize", "generalize" };

    public GateVerdict Evaluate(DataTable released, GateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(released);
        options ??= new GateOptions();
        var scan = options.Scan ?? new PiiScanner().Scan(released);
        var checks = new List<GateCheck>();
        foreach (var finding in scan.Columns.Where(f => f.IsDirectIdentifier))
        {
            var transformed = options.TransformedColumns?.GetValueOrDefault(finding.Column);
            if (transformed is not null && ProtectingKinds.Contains(transformed))
            {
                checks.Add(new GateCheck("direct-identifier", true, $"'{finding.Column}' ({finding.Type.ChineseName()}) was transformed: {transformed}.", finding.Column));
            }
            else if (finding.LooksMasked)
            {
                checks.Add(new GateCheck("direct-identifier", true, $"'{finding.Column}' ({finding.Type.ChineseName()}): {Pct(finding.MaskedShare)} of values are masked.", finding.Column));
            }
            else
            {
                checks.Add(new GateCheck(
                    "direct-identifier",
                    false,
                    $"'{finding.Column}' holds {finding.Type.ChineseName()} ({finding.Type.Code()}) untransformed, confidence {finding.Confidence:0.00}: {string.Join("; ", finding.Evidence)}. Drop, mask or pseudonymize it.",
                    finding.Column));
            }
        }

        if (checks.Count == 0)
        {
            checks.Add(new GateCheck("direct-identifier", true, "No direct identifier found in any column."));
        }

        var qis = options.QuasiIdentifiers ?? scan.Columns.Where(f => f.IsQuasiIdentifier).Select(f => f.Column).ToArray();
        var risk = RiskAnalyzer.Analyze(released, qis, options.Threshold);
        var highest = risk.Prosecutor.Highest;
        var riskPassed = highest <= options.Threshold + 1e-12;
        var qiText = qis.Count == 0 ? "no quasi-identifiers (the whole table is one class)" : string.Join(", ", qis);
        checks.Add(new GateCheck(
            "prosecutor-risk",
            riskPassed,
            riskPassed
                ? $"Highest prosecutor risk {Fmt(highest)} ≤ {Fmt(options.Threshold)} on {qiText}: every record shares its quasi-identifiers with at least {risk.SmallestClass - 1} others."
                : $"Highest prosecutor risk {Fmt(highest)} > {Fmt(options.Threshold)} on {qiText}: the smallest class has {risk.SmallestClass} record(s); {Pct(risk.Prosecutor.RecordsAtRisk)} of records are above the threshold and {Pct(risk.UniqueShare)} are unique. Generalize or suppress (agora privacy anonymize)."));

        return new GateVerdict(checks.All(c => c.Passed), options.Threshold, highest, qis, checks, risk, options.Clock.GetUtcNow());
    }

    private static string Pct(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Fmt(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
