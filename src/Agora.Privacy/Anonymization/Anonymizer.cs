using System.Diagnostics;
using System.Globalization;
using Agora.Privacy.Data;
using Agora.Privacy.Hierarchies;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Anonymization;

/// <summary>Generalizes quasi-identifiers and suppresses records until the privacy criteria hold, with the least information loss.</summary>
public sealed class Anonymizer
{
    public AnonymizationResult Anonymize(DataTable table, AnonymizationConfig config, double riskThreshold = RiskAnalyzer.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(config);
        Validate(table, config);
        var watch = Stopwatch.StartNew();
        var data = EncodedData.Build(table, config);
        var evaluator = new NodeEvaluator(data, config);
        var search = new LatticeSearch(data, evaluator, config);
        var found = search.Run() ?? throw PrivacyInputException.Failure(
            $"No generalization satisfies {Describe(config)}: even the most general one leaves too many records to suppress. Allow more suppression or relax the criteria.",
            table.SourceFile);
        var (levels, outcome) = found;
        var (classOfGroup, suppressedClass, classCount) = evaluator.Classify(levels);
        var output = BuildOutput(table, data, config, levels, classOfGroup, suppressedClass, out var suppressed);
        watch.Stop();

        var kept = classCount.Where((_, c) => !suppressedClass[c]).ToArray();
        var riskBefore = RiskAnalyzer.Analyze(table, config.QuasiIdentifiers, riskThreshold);
        var riskAfter = RiskAnalyzer.Analyze(
            config.SuppressionMode == SuppressionMode.Remove ? output : Without(output, config.QuasiIdentifiers, data.Records, suppressedClass, classOfGroup, data.RecordGroup),
            config.QuasiIdentifiers,
            riskThreshold);
        return new AnonymizationResult
        {
            Transformation = config.QuasiIdentifiers.Select((q, i) => (q, levels[i])).ToDictionary(p => p.q, p => p.Item2, StringComparer.Ordinal),
            Levels = levels,
            SuppressedRecords = suppressed,
            Records = data.Records,
            InformationLoss = new InformationLoss(
                config.Metric == LossMetric.NonUniformEntropy ? "nonUniformEntropy" : "loss",
                outcome.Loss,
                data.MaxLoss <= 0 ? 0 : outcome.Loss / data.MaxLoss),
            EquivalenceClasses = kept.Length,
            SmallestClass = kept.Length == 0 ? 0 : kept.Min(),
            Search = new SearchStatistics(search.LatticeSize, search.Evaluated, search.Pruned, search.SkippedByBound, config.Exhaustive),
            Elapsed = watch.Elapsed,
            Output = output,
            RiskBefore = riskBefore,
            RiskAfter = riskAfter,
            HierarchySources = data.Hierarchies.ToDictionary(h => h.Attribute, h => h.Source, StringComparer.Ordinal),
        };
    }

    /// <summary>Information loss of given transformations (levels per quasi-identifier); null for those that do not meet the criteria.</summary>
    public IReadOnlyList<double?> LossOf(DataTable table, AnonymizationConfig config, IEnumerable<IReadOnlyList<int>> transformations)
    {
        Validate(table, config);
        var data = EncodedData.Build(table, config);
        var evaluator = new NodeEvaluator(data, config);
        return transformations.Select(levels =>
        {
            var outcome = evaluator.Evaluate(levels.ToArray(), evaluator.Base, keep: false, earlyExit: true, out _);
            return outcome.Satisfied ? outcome.Loss : (double?)null;
        }).ToArray();
    }

    internal static string Describe(AnonymizationConfig config)
    {
        var parts = new List<string> { $"k={config.K}" };
        if (config.LDiversity is { } l)
        {
            parts.Add($"{(l.Variant == LDiversityVariant.Distinct ? "distinct" : "entropy")} ℓ={l.L.ToString(CultureInfo.InvariantCulture)}");
        }

        if (config.TCloseness is { } t)
        {
            parts.Add($"t={t.ToString(CultureInfo.InvariantCulture)}");
        }

        parts.Add($"at most {config.SuppressionLimit.ToString("0.##%", CultureInfo.InvariantCulture)} suppressed");
        return string.Join(", ", parts);
    }

    private static void Validate(DataTable table, AnonymizationConfig config)
    {
        if (config.QuasiIdentifiers.Count == 0)
        {
            throw PrivacyInputException.Usage("At least one quasi-identifier is needed (--qi, or hierarchy files for the columns).");
        }

        var duplicate = config.QuasiIdentifiers.GroupBy(q => q, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw PrivacyInputException.Usage($"--qi names '{duplicate.Key}' twice.", null, duplicate.Key);
        }

        if (config.K < 1)
        {
            throw PrivacyInputException.Usage($"--k must be at least 1, not {config.K}.");
        }

        if (config.SuppressionLimit is < 0 or > 1 || double.IsNaN(config.SuppressionLimit))
        {
            throw PrivacyInputException.Usage($"--suppression must be a share between 0 and 1 (0.04 = 4%), not {config.SuppressionLimit}.");
        }

        foreach (var q in config.QuasiIdentifiers)
        {
            table.RequireColumn(q, "--qi");
        }

        if (config.LDiversity is { } l && l.L < 1)
        {
            throw PrivacyInputException.Usage($"--l must be at least 1, not {l.L}.");
        }

        if (config.TCloseness is { } t && (t <= 0 || t > 1))
        {
            throw PrivacyInputException.Usage($"--t must be in (0, 1], not {t}.");
        }

        if ((config.LDiversity is not null || config.TCloseness is not null) && config.SensitiveAttribute is null)
        {
            throw PrivacyInputException.Usage("--l and --t need a sensitive attribute (--sensitive).");
        }

        if (config.SensitiveAttribute is { } s)
        {
            table.RequireColumn(s, "--sensitive");
            if (config.QuasiIdentifiers.Contains(s, StringComparer.Ordinal))
            {
                throw PrivacyInputException.Usage($"'{s}' cannot be both a quasi-identifier and the sensitive attribute.", null, s);
            }
        }
    }

    private static DataTable BuildOutput(DataTable table, EncodedData data, AnonymizationConfig config, int[] levels, int[] classOfGroup, bool[] suppressedClass, out int suppressed)
    {
        var n = data.Records;
        var suppressedRecord = new bool[n];
        suppressed = 0;
        for (var r = 0; r < n; r++)
        {
            if (suppressedClass[classOfGroup[data.RecordGroup[r]]])
            {
                suppressedRecord[r] = true;
                suppressed++;
            }
        }

        var keep = config.SuppressionMode == SuppressionMode.Remove ? n - suppressed : n;
        var qiIndex = new int[table.ColumnCount];
        Array.Fill(qiIndex, -1);
        for (var q = 0; q < data.M; q++)
        {
            qiIndex[table.IndexOf(data.QiNames[q])] = q;
        }

        var columns = new string[table.ColumnCount][];
        for (var c = 0; c < table.ColumnCount; c++)
        {
            var source = table.Column(c);
            var target = new string[keep];
            var q = qiIndex[c];
            var w = 0;
            for (var r = 0; r < n; r++)
            {
                if (suppressedRecord[r] && config.SuppressionMode == SuppressionMode.Remove)
                {
                    continue;
                }

                if (q < 0)
                {
                    target[w++] = source[r];
                }
                else if (suppressedRecord[r])
                {
                    target[w++] = HierarchyBuilder.Top;
                }
                else
                {
                    var value = data.GroupTuple[(data.RecordGroup[r] * data.M) + q];
                    target[w++] = data.Labels[q][levels[q]][data.Gen[q][levels[q]][value]];
                }
            }

            columns[c] = target;
        }

        return new DataTable(table.ColumnNames, columns) { SourceFile = table.SourceFile };
    }

    /// <summary>The masked output without its suppressed rows, so that risk is measured on the records that are really released.</summary>
    private static DataTable Without(DataTable output, IReadOnlyList<string> qis, int n, bool[] suppressedClass, int[] classOfGroup, int[] recordGroup)
    {
        var keep = Enumerable.Range(0, n).Where(r => !suppressedClass[classOfGroup[recordGroup[r]]]).ToArray();
        var columns = output.ColumnNames.Select((_, c) => keep.Select(r => output.Column(c)[r]).ToArray()).ToArray();
        return new DataTable(output.ColumnNames, columns) { SourceFile = output.SourceFile };
    }
}
