using System.Diagnostics;
using System.Globalization;
using System.Text;
using Agora.Privacy.Anonymization;
using Agora.Privacy.Data;
using Agora.Privacy.Detection;
using Agora.Privacy.Gate;
using Agora.Privacy.Hierarchies;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Cli;

/// <summary>
/// The behaviour of <c>agora privacy scan|anonymize|risk</c>, independent of the command-line parser: each method
/// writes its output, reports bad input on one line of the error writer and returns the exit code
/// (0 ok, 1 failure, 2 usage error).
/// </summary>
public static class PrivacyCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static int Scan(ScanOptions options, TextWriter output, TextWriter error) => Run(error, () =>
    {
        var format = Format(options.Delimiter, options.Encoding);
        var report = new PiiScanner().ScanFile(options.File, format);
        if (options.Json)
        {
            output.WriteLine(PrivacyJson.Serialize(report));
            return;
        }

        output.WriteLine($"{report.File}: {report.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows, {report.Columns.Count} columns, scanned in {report.Seconds:0.###} s");
        foreach (var c in report.Columns)
        {
            var label = c.Type == PiiType.None ? "-" : $"{c.Type.Code()} ({c.Type.ChineseName()}, {(c.IsDirectIdentifier ? "direct identifier" : "quasi-identifier")})";
            output.WriteLine($"  {c.Column}: {label}, confidence {c.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}");
            foreach (var e in c.Evidence)
            {
                output.WriteLine($"      {e}");
            }
        }
    });

    public static int Risk(RiskOptions options, TextWriter output, TextWriter error) => Run(error, () =>
    {
        var format = Format(options.Delimiter, options.Encoding);
        var table = CsvTableReader.ReadFile(options.File, format);
        var qis = ParseList(options.QuasiIdentifiers);
        if (qis.Count == 0)
        {
            qis = new PiiScanner().Scan(table).QuasiIdentifiers.Select(f => f.Column).ToArray();
            if (qis.Count == 0)
            {
                throw PrivacyInputException.Usage($"--qi is missing and no quasi-identifier was detected in {options.File}; name them with --qi a,b,c.", options.File);
            }
        }

        CheckThreshold(options.Threshold);
        var population = options.Population is null ? null : CsvTableReader.ReadFile(options.Population, format);
        var risk = RiskAnalyzer.Analyze(table, qis, options.Threshold, population);
        if (options.Json)
        {
            output.WriteLine(PrivacyJson.Serialize(risk));
            return;
        }

        WriteRisk(output, options.File, risk);
    });

    public static int Anonymize(AnonymizeOptions options, TextWriter output, TextWriter error) => Run(error, () =>
    {
        var watch = Stopwatch.StartNew();
        var format = Format(options.Delimiter, options.Encoding);
        var metric = options.Metric.ToLowerInvariant() switch
        {
            "entropy" or "nonuniformentropy" or "non-uniform-entropy" => LossMetric.NonUniformEntropy,
            "loss" => LossMetric.Loss,
            _ => throw PrivacyInputException.Usage($"--metric must be 'entropy' or 'loss', not '{options.Metric}'."),
        };
        var variant = (options.LVariant ?? "distinct").ToLowerInvariant() switch
        {
            "distinct" => LDiversityVariant.Distinct,
            "entropy" => LDiversityVariant.Entropy,
            _ => throw PrivacyInputException.Usage($"--l-variant must be 'distinct' or 'entropy', not '{options.LVariant}'."),
        };
        CheckThreshold(options.Threshold);
        if (!File.Exists(options.Input))
        {
            throw PrivacyInputException.Usage($"--input: file not found: {options.Input}", options.Input);
        }

        if (!Directory.Exists(options.Hierarchies))
        {
            throw PrivacyInputException.Usage($"--hierarchies: folder not found: {options.Hierarchies}", options.Hierarchies);
        }

        var table = CsvTableReader.ReadFile(options.Input, format);
        var hierarchies = HierarchyReader.ReadDirectory(options.Hierarchies, format with { Delimiter = ';' });
        var qis = ParseList(options.QuasiIdentifiers);
        if (qis.Count == 0)
        {
            qis = table.ColumnNames.Where(hierarchies.ContainsKey).ToArray();
            if (qis.Count == 0)
            {
                throw PrivacyInputException.Usage(
                    $"No hierarchy file in {options.Hierarchies} matches a column of {options.Input} ({string.Join(", ", table.ColumnNames)}); name files <anything>_hierarchy_<column>.csv or pass --qi.",
                    options.Hierarchies);
            }
        }

        foreach (var name in hierarchies.Keys.Where(h => table.IndexOf(h) < 0 && qis.Contains(h, StringComparer.Ordinal)))
        {
            throw PrivacyInputException.Usage($"Hierarchy {hierarchies[name].Source} is for column '{name}', which is not in {options.Input}.", hierarchies[name].Source, name);
        }

        var all = new Dictionary<string, Hierarchy>(hierarchies, StringComparer.Ordinal);
        foreach (var qi in qis)
        {
            var index = table.RequireColumn(qi, "--qi");
            if (!all.ContainsKey(qi))
            {
                all[qi] = HierarchyBuilder.Infer(qi, table.Column(index));
            }
        }

        var config = new AnonymizationConfig
        {
            QuasiIdentifiers = qis,
            Hierarchies = all,
            K = options.K,
            SuppressionLimit = options.Suppression,
            SensitiveAttribute = options.Sensitive,
            LDiversity = options.L is { } l ? new LDiversity(l, variant) : null,
            TCloseness = options.T,
            Metric = metric,
        };
        var result = new Anonymizer().Anonymize(table, config, options.Threshold);
        var delimiter = options.Delimiter is null ? ',' : CsvFormat.ParseDelimiter(options.Delimiter);
        CsvTableWriter.WriteFile(result.Output, options.Output, delimiter);
        var gate = new PublishGate().Evaluate(result.Output, new GateOptions
        {
            Threshold = options.Threshold,
            QuasiIdentifiers = qis,
            TransformedColumns = qis.ToDictionary(q => q, _ => "generalize", StringComparer.Ordinal),
        });
        watch.Stop();
        var report = new AnonymizationReport(
            options.Input,
            options.Output,
            result.Records,
            qis,
            options.Sensitive,
            new CriteriaReport(options.K, options.L, options.L is null ? null : variant.ToString().ToLowerInvariant(), options.T, options.Suppression),
            result.Transformation,
            result.HierarchySources,
            result.SuppressedRecords,
            result.InformationLoss,
            result.EquivalenceClasses,
            result.SmallestClass,
            new RiskReport(result.RiskBefore!, result.RiskAfter!),
            result.Search,
            Math.Round(result.Elapsed.TotalSeconds, 4),
            Math.Round(watch.Elapsed.TotalSeconds, 4),
            gate);
        if (options.Report is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(options.Report));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(options.Report, PrivacyJson.Serialize(report) + "\n", new UTF8Encoding(false));
        }

        output.WriteLine($"transformation: {string.Join(", ", result.Transformation.Select(t => $"{t.Key}={t.Value}"))}");
        output.WriteLine($"suppressed records: {result.SuppressedRecords} of {result.Records} ({(double)result.SuppressedRecords / Math.Max(1, result.Records):0.00%})");
        output.WriteLine($"information loss ({result.InformationLoss.Metric}): {result.InformationLoss.Value:0.###} ({result.InformationLoss.Relative:0.00%} of the maximum)");
        output.WriteLine($"highest prosecutor risk: {result.RiskBefore!.Prosecutor.Highest:0.####} before, {result.RiskAfter!.Prosecutor.Highest:0.####} after; unique records: {result.RiskBefore.UniqueShare:0.00%} before, {result.RiskAfter.UniqueShare:0.00%} after");
        output.WriteLine($"lattice: {result.Search.LatticeSize} nodes, {result.Search.NodesEvaluated} evaluated; search {result.Elapsed.TotalSeconds:0.###} s, total {watch.Elapsed.TotalSeconds:0.###} s");
        output.WriteLine($"publish gate: {(gate.Passed ? "passed" : "not passed")}");
        output.WriteLine($"wrote {options.Output}{(options.Report is null ? string.Empty : $" and {options.Report}")}");
    });

    private static void WriteRisk(TextWriter output, string file, RiskSummary risk)
    {
        output.WriteLine($"{file}: {risk.Records.ToString("N0", CultureInfo.InvariantCulture)} records on {string.Join(", ", risk.QuasiIdentifiers)}");
        output.WriteLine($"  equivalence classes: {risk.EquivalenceClasses.ToString("N0", CultureInfo.InvariantCulture)}, smallest {risk.SmallestClass}, average size {risk.AverageClassSize:0.##}");
        output.WriteLine($"  unique records: {risk.UniqueShare:0.00%}");
        output.WriteLine($"  prosecutor risk: highest {risk.Prosecutor.Highest:0.####}, average {risk.Prosecutor.Average:0.####}, records above {risk.Threshold}: {risk.Prosecutor.RecordsAtRisk:0.00%}");
        output.WriteLine($"  journalist risk: highest {risk.Journalist.Highest:0.####}, average {risk.Journalist.Average:0.####}{(risk.JournalistUsesPopulation ? string.Empty : " (no population table: same as prosecutor)")}");
        output.WriteLine($"  marketer risk: {risk.Marketer:0.####}");
    }

    private static int Run(TextWriter error, Action action)
    {
        try
        {
            action();
            return Ok;
        }
        catch (PrivacyInputException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.Kind == PrivacyErrorKind.Usage ? UsageError : Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return Failure;
        }
    }

    private static CsvFormat Format(string? delimiter, string? encoding)
    {
        var format = new CsvFormat(delimiter is null ? null : CsvFormat.ParseDelimiter(delimiter), encoding);
        format.ResolveEncoding();
        return format;
    }

    private static void CheckThreshold(double threshold)
    {
        if (threshold is <= 0 or > 1 || double.IsNaN(threshold))
        {
            throw PrivacyInputException.Usage($"--threshold must be in (0, 1], not {threshold}.");
        }
    }

    private static IReadOnlyList<string> ParseList(string? list) =>
        list is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
