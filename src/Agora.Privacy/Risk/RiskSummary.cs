namespace Agora.Privacy.Risk;

/// <summary>A re-identification risk: the highest for any record, the average over records, and the share of records above the threshold.</summary>
public sealed record RiskMeasure(double Highest, double Average, double RecordsAtRisk);

/// <summary>Re-identification risk of a table on its quasi-identifiers.</summary>
/// <param name="UniqueShare">Share of records that are unique on the quasi-identifiers (class size 1).</param>
/// <param name="Prosecutor">The attacker knows the person is in the data: risk of a record is 1 / its class size.</param>
/// <param name="Journalist">The attacker does not know: risk is 1 / the size of the matching class in the population; without a population table it equals the prosecutor risk (an upper bound).</param>
/// <param name="Marketer">Expected share of records re-identified when the attacker matches every record.</param>
public sealed record RiskSummary(
    IReadOnlyList<string> QuasiIdentifiers,
    int Records,
    int EquivalenceClasses,
    int SmallestClass,
    double AverageClassSize,
    double UniqueShare,
    RiskMeasure Prosecutor,
    RiskMeasure Journalist,
    double Marketer,
    double Threshold,
    bool JournalistUsesPopulation);
