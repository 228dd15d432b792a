namespace Agora.Wiring.Privacy;

/// <summary>Settings under <c>Agora:Privacy</c>.</summary>
public sealed class PrivacyGateOptions
{
    /// <summary>Highest prosecutor re-identification risk an open dataset may have (0.2: every record in a class of at least 5).</summary>
    public double MaxProsecutorRisk { get; set; } = 0.2;

    /// <summary>Rows read from each table by a scan; bigger tables are sampled (a fixed-seed reservoir) to bound memory.</summary>
    public int ScanSampleRows { get; set; } = 20_000;

    /// <summary>ε each consumer may spend on one dataset through differentially private queries.</summary>
    public decimal EpsilonBudget { get; set; } = 1.0m;

    /// <summary>A classification rules file replacing the embedded one.</summary>
    public string? ClassificationRulesPath { get; set; }
}
