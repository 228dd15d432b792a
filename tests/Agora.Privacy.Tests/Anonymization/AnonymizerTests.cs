using Agora.Privacy.Anonymization;
using Agora.Privacy.Data;

namespace Agora.Privacy.Tests.Anonymization;

public sealed class AnonymizerTests(AdultFixture adult) : IClassFixture<AdultFixture>
{
    [Theory]
    [InlineData(5, 0.0)]
    [InlineData(5, 0.04)]
    [InlineData(100, 0.04)]
    public void Adult_result_is_k_anonymous_within_the_suppression_limit(int k, double limit)
    {
        var result = adult.Result(k, limit);

        Assert.True(result.SuppressedRecords <= limit * adult.Table.RowCount, $"{result.SuppressedRecords} suppressed");
        Assert.Equal(adult.Table.RowCount - result.SuppressedRecords, result.Output.RowCount);
        var classes = ClassSizes(result.Output, adult.AllColumns);
        Assert.True(classes.Values.Min() >= k, $"smallest class {classes.Values.Min()}");
        Assert.Equal(classes.Count, result.EquivalenceClasses);
        Assert.True(result.RiskAfter!.Prosecutor.Highest <= 1.0 / k + 1e-12);
        Assert.Equal(1.0, result.RiskBefore!.Prosecutor.Highest);

        // Every released value is the label of the original at the chosen level.
        for (var q = 0; q < adult.AllColumns.Length; q++)
        {
            var name = adult.AllColumns[q];
            var labels = adult.Hierarchies[name].Rows.Select(r => r[result.Transformation[name]]).ToHashSet(StringComparer.Ordinal);
            Assert.All(result.Output.Column(name), v => Assert.Contains(v, labels));
        }
    }

    [Theory]
    [InlineData(5, 0.04)]
    [InlineData(100, 0.04)]
    public void Adult_result_loses_no_more_than_any_satisfying_neighbour(int k, double limit)
    {
        var config = adult.Config(k, limit);
        var anonymizer = new Anonymizer();
        var result = adult.Result(k, limit);
        var heights = adult.AllColumns.Select(c => adult.Hierarchies[c].Height).ToArray();
        var neighbours = new List<int[]>();
        for (var q = 0; q < heights.Length; q++)
        {
            foreach (var step in new[] { -1, 1 })
            {
                var levels = result.Levels.ToArray();
                levels[q] += step;
                if (levels[q] >= 0 && levels[q] < heights[q])
                {
                    neighbours.Add(levels);
                }
            }
        }

        var losses = anonymizer.LossOf(adult.Table, config, neighbours);
        Assert.Equal(result.InformationLoss.Value, anonymizer.LossOf(adult.Table, config, [result.Levels])[0]!.Value, 6);
        Assert.Contains(losses, l => l is not null);
        for (var i = 0; i < neighbours.Count; i++)
        {
            if (losses[i] is { } l)
            {
                Assert.True(l >= result.InformationLoss.Value - 1e-6, $"neighbour [{string.Join(",", neighbours[i])}] loses {l}, chosen {result.InformationLoss.Value}");
            }
        }
    }

    [Theory]
    [InlineData(5, 0.0, LossMetric.NonUniformEntropy)]
    [InlineData(5, 0.04, LossMetric.NonUniformEntropy)]
    [InlineData(50, 0.02, LossMetric.NonUniformEntropy)]
    [InlineData(10, 0.04, LossMetric.Loss)]
    public void Pruned_search_finds_the_same_loss_as_exhaustive_search(int k, double limit, LossMetric metric)
    {
        string[] qis = ["sex", "age", "race", "marital-status", "education", "workclass"];
        var config = Config(qis, k, limit) with { Metric = metric };
        var pruned = new Anonymizer().Anonymize(adult.Table, config);
        var exhaustive = new Anonymizer().Anonymize(adult.Table, config with { Exhaustive = true });

        Assert.Equal(exhaustive.Search.LatticeSize, exhaustive.Search.NodesEvaluated);
        Assert.True(pruned.Search.NodesEvaluated < exhaustive.Search.NodesEvaluated);
        Assert.Equal(exhaustive.InformationLoss.Value, pruned.InformationLoss.Value, 6);
    }

    [Theory]
    [InlineData(LDiversityVariant.Distinct, 3.0, null, 0.04)]
    [InlineData(LDiversityVariant.Entropy, 2.0, null, 0.04)]
    [InlineData(null, 0.0, 0.25, 0.04)]
    public void Pruned_search_matches_exhaustive_search_with_sensitive_criteria(LDiversityVariant? variant, double l, double? t, double limit)
    {
        string[] qis = ["sex", "age", "race", "marital-status"];
        var config = Config(qis, 3, limit) with
        {
            SensitiveAttribute = "occupation",
            LDiversity = variant is { } v ? new LDiversity(l, v) : null,
            TCloseness = t,
        };
        var pruned = new Anonymizer().Anonymize(adult.Table, config);
        var exhaustive = new Anonymizer().Anonymize(adult.Table, config with { Exhaustive = true });
        Assert.Equal(exhaustive.InformationLoss.Value, pruned.InformationLoss.Value, 6);
    }

    [Fact]
    public void L_diversity_and_t_closeness_hold_in_every_released_class()
    {
        string[] qis = ["sex", "age", "race", "marital-status", "education"];
        var config = Config(qis, 5, 0.04) with
        {
            SensitiveAttribute = "occupation",
            LDiversity = new LDiversity(3, LDiversityVariant.Distinct),
            TCloseness = 0.3,
        };
        var result = new Anonymizer().Anonymize(adult.Table, config);
        var output = result.Output;
        var overall = adult.Table.Column("occupation").GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count() / (double)adult.Table.RowCount);
        var classes = Enumerable.Range(0, output.RowCount).GroupBy(r => string.Join('|', qis.Select(q => output.Column(q)[r])));
        foreach (var cls in classes)
        {
            var sensitive = cls.Select(r => output.Column("occupation")[r]).ToArray();
            Assert.True(sensitive.Length >= 5);
            Assert.True(sensitive.Distinct().Count() >= 3);
            var distribution = sensitive.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count() / (double)sensitive.Length);
            var emd = overall.Keys.Sum(v => Math.Abs(distribution.GetValueOrDefault(v) - overall[v])) / 2;
            Assert.True(emd <= 0.3 + 1e-9, $"class {cls.Key} has EMD {emd}");
        }
    }

    [Fact]
    public void Entropy_l_diversity_holds_with_the_ordered_distance_t_closeness_on_a_numeric_attribute()
    {
        string[] qis = ["sex", "race", "marital-status", "education"];
        var config = Config(qis, 3, 0.05) with { SensitiveAttribute = "age", LDiversity = new LDiversity(2, LDiversityVariant.Entropy), TCloseness = 0.2 };
        var result = new Anonymizer().Anonymize(adult.Table, config);
        var output = result.Output;
        foreach (var cls in Enumerable.Range(0, output.RowCount).GroupBy(r => string.Join('|', qis.Select(q => output.Column(q)[r]))))
        {
            var ages = cls.Select(r => output.Column("age")[r]).ToArray();
            var entropy = -ages.GroupBy(a => a).Sum(g => g.Count() / (double)ages.Length * Math.Log(g.Count() / (double)ages.Length));
            Assert.True(entropy >= Math.Log(2) - 1e-9);
        }
    }

    [Fact]
    public void Impossible_criteria_fail_with_a_clear_reason()
    {
        var config = Config(["sex"], adult.Table.RowCount + 1, 0);
        var e = Assert.Throws<PrivacyInputException>(() => new Anonymizer().Anonymize(adult.Table, config));
        Assert.Equal(PrivacyErrorKind.Failure, e.Kind);
        Assert.Contains("No generalization satisfies", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_missing_from_its_hierarchy_is_named_with_row_and_column()
    {
        var ages = adult.Table.Column("age").ToArray();
        ages[41] = "250";
        var columns = adult.Table.ColumnNames.Select(c => c == "age" ? ages : adult.Table.Column(c)).ToArray();
        var table = new DataTable(adult.Table.ColumnNames, columns) { SourceFile = "adult.csv" };
        var e = Assert.Throws<PrivacyInputException>(() => new Anonymizer().Anonymize(table, Config(["age", "sex"], 5, 0)));
        Assert.Equal("age", e.Column);
        Assert.Equal(42, e.Row);
        Assert.Contains("'250'", e.Message, StringComparison.Ordinal);
        Assert.Contains("adult_hierarchy_age.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Masking_keeps_suppressed_records_with_stars()
    {
        string[] qis = ["sex", "age", "race", "marital-status", "education"];
        var config = Config(qis, 20, 0.04) with { SuppressionMode = SuppressionMode.Mask };
        var result = new Anonymizer().Anonymize(adult.Table, config);
        Assert.Equal(adult.Table.RowCount, result.Output.RowCount);
        Assert.True(result.SuppressedRecords > 0);
        var starred = Enumerable.Range(0, result.Output.RowCount).Count(r => qis.All(c => result.Output.Column(c)[r] == "*"));
        Assert.True(starred >= result.SuppressedRecords);
    }

    private AnonymizationConfig Config(string[] qis, int k, double limit) => new()
    {
        QuasiIdentifiers = qis,
        Hierarchies = adult.Hierarchies,
        K = k,
        SuppressionLimit = limit,
    };

    private static Dictionary<string, int> ClassSizes(DataTable table, string[] qis) =>
        Enumerable.Range(0, table.RowCount)
            .GroupBy(r => string.Join('\u001f', qis.Select(q => table.Column(q)[r])))
            .ToDictionary(g => g.Key, g => g.Count());
}
