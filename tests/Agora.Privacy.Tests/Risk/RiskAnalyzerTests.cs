using Agora.Privacy.Data;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Tests.Risk;

public sealed class RiskAnalyzerTests
{
    // Classes on (sex, age): (M,30)×3, (F,30)×2, (F,40)×1.
    private static readonly DataTable Sample = DataTable.FromRows(["sex", "age", "note"],
    [
        ["M", "30", "a"], ["M", "30", "b"], ["M", "30", "c"], ["F", "30", "d"], ["F", "30", "e"], ["F", "40", "f"],
    ]);

    [Fact]
    public void Prosecutor_risk_uniques_and_marketer_risk()
    {
        var risk = RiskAnalyzer.Analyze(Sample, ["sex", "age"], threshold: 0.4);
        Assert.Equal(6, risk.Records);
        Assert.Equal(3, risk.EquivalenceClasses);
        Assert.Equal(1, risk.SmallestClass);
        Assert.Equal(1.0, risk.Prosecutor.Highest);
        Assert.Equal(3.0 / 6, risk.Prosecutor.Average, 12);
        Assert.Equal(3.0 / 6, risk.Prosecutor.RecordsAtRisk, 12);
        Assert.Equal(1.0 / 6, risk.UniqueShare, 12);
        Assert.Equal(3.0 / 6, risk.Marketer, 12);
        Assert.False(risk.JournalistUsesPopulation);
        Assert.Equal(risk.Prosecutor, risk.Journalist);
    }

    [Fact]
    public void Journalist_risk_uses_population_class_sizes()
    {
        var population = DataTable.FromRows(["sex", "age"],
            Enumerable.Repeat<IReadOnlyList<string>>(["M", "30"], 10)
                .Concat(Enumerable.Repeat<IReadOnlyList<string>>(["F", "30"], 4))
                .Concat(Enumerable.Repeat<IReadOnlyList<string>>(["F", "40"], 2)));
        var risk = RiskAnalyzer.Analyze(Sample, ["sex", "age"], 0.2, population);
        Assert.True(risk.JournalistUsesPopulation);
        Assert.Equal(0.5, risk.Journalist.Highest, 12);
        Assert.Equal(((3.0 / 10) + (2.0 / 4) + (1.0 / 2)) / 6, risk.Journalist.Average, 12);
        Assert.Equal(risk.Journalist.Average, risk.Marketer, 12);
        Assert.Equal(1.0, risk.Prosecutor.Highest);
    }

    [Fact]
    public void Unknown_quasi_identifier_is_a_usage_error()
    {
        var e = Assert.Throws<PrivacyInputException>(() => RiskAnalyzer.Analyze(Sample, ["sex", "height"]));
        Assert.Equal(PrivacyErrorKind.Usage, e.Kind);
        Assert.Equal("height", e.Column);
    }
}
