using System.CommandLine;
using Agora.Privacy.Cli;

namespace Agora.Commands;

/// <summary>`agora privacy scan|anonymize|risk`: a thin shell over <see cref="PrivacyCli"/>, which holds the behaviour.</summary>
internal static class PrivacyCommand
{
    public static Command Create()
    {
        var command = new Command("privacy", "Find personal data, measure re-identification risk and anonymize tables (k-anonymity, ℓ-diversity, t-closeness).");
        command.Subcommands.Add(Scan());
        command.Subcommands.Add(Anonymize());
        command.Subcommands.Add(Risk());
        return command;
    }

    private static Command Scan()
    {
        var file = new Argument<string>("FILE") { Description = "Delimited text file with a header row." };
        var delimiter = DelimiterOption();
        var encoding = EncodingOption();
        var json = new Option<bool>("--json") { Description = "Write the findings as JSON." };
        var command = new Command("scan", "Say per column whether it holds direct identifiers or quasi-identifiers, with confidence and evidence.")
        {
            file, delimiter, encoding, json,
        };
        command.SetAction(parse => PrivacyCli.Scan(
            new ScanOptions(parse.GetValue(file)!, parse.GetValue(delimiter), parse.GetValue(encoding), parse.GetValue(json)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static Command Risk()
    {
        var file = new Argument<string>("FILE") { Description = "Delimited text file with a header row." };
        var qi = new Option<string?>("--qi") { Description = "Comma-separated quasi-identifiers (default: those the scanner finds)." };
        var delimiter = DelimiterOption();
        var encoding = EncodingOption();
        var population = new Option<string?>("--population") { Description = "Population table with the same quasi-identifiers, for journalist risk." };
        var threshold = ThresholdOption();
        var json = new Option<bool>("--json") { Description = "Write the risk as JSON." };
        var command = new Command("risk", "Measure prosecutor, journalist and marketer re-identification risk of a file as it is.")
        {
            file, qi, delimiter, encoding, population, threshold, json,
        };
        command.SetAction(parse => PrivacyCli.Risk(
            new RiskOptions(parse.GetValue(file)!, parse.GetValue(qi), parse.GetValue(delimiter), parse.GetValue(encoding), parse.GetValue(population), parse.GetValue(threshold), parse.GetValue(json)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static Command Anonymize()
    {
        var input = new Option<string>("--input") { Description = "Delimited text file to anonymize.", Required = true };
        var delimiter = DelimiterOption();
        var encoding = EncodingOption();
        var hierarchies = new Option<string>("--hierarchies") { Description = "Folder of ARX hierarchy files named <anything>_hierarchy_<column>.csv.", Required = true };
        var qi = new Option<string?>("--qi") { Description = "Comma-separated quasi-identifiers (default: every column with a hierarchy file)." };
        var sensitive = new Option<string?>("--sensitive") { Description = "Sensitive attribute for ℓ-diversity and t-closeness." };
        var k = new Option<int>("--k") { Description = "Smallest equivalence class allowed (default 5).", DefaultValueFactory = _ => 5 };
        var l = new Option<double?>("--l") { Description = "ℓ-diversity of the sensitive attribute." };
        var lVariant = new Option<string?>("--l-variant") { Description = "distinct (default) or entropy." };
        var t = new Option<double?>("--t") { Description = "t-closeness of the sensitive attribute (earth mover's distance)." };
        var suppression = new Option<double>("--suppression") { Description = "Largest share of records that may be suppressed (0.04 = 4%).", DefaultValueFactory = _ => 0 };
        var metric = new Option<string>("--metric") { Description = "entropy (non-uniform entropy) or loss.", DefaultValueFactory = _ => "entropy" };
        var output = new Option<string>("--output") { Description = "Where to write the anonymized CSV.", Required = true };
        var report = new Option<string?>("--report") { Description = "Where to write the JSON report." };
        var threshold = ThresholdOption();
        var command = new Command("anonymize", "Generalize quasi-identifiers and suppress records with the least information loss until the criteria hold.")
        {
            input, delimiter, encoding, hierarchies, qi, sensitive, k, l, lVariant, t, suppression, metric, output, report, threshold,
        };
        command.SetAction(parse => PrivacyCli.Anonymize(
            new AnonymizeOptions
            {
                Input = parse.GetValue(input)!,
                Delimiter = parse.GetValue(delimiter),
                Encoding = parse.GetValue(encoding),
                Hierarchies = parse.GetValue(hierarchies)!,
                QuasiIdentifiers = parse.GetValue(qi),
                Sensitive = parse.GetValue(sensitive),
                K = parse.GetValue(k),
                L = parse.GetValue(l),
                LVariant = parse.GetValue(lVariant),
                T = parse.GetValue(t),
                Suppression = parse.GetValue(suppression),
                Metric = parse.GetValue(metric)!,
                Output = parse.GetValue(output)!,
                Report = parse.GetValue(report),
                Threshold = parse.GetValue(threshold),
            },
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static Option<string?> DelimiterOption() =>
        new("--delimiter") { Description = "Field delimiter: one character or tab (default: detected from the header)." };

    private static Option<string?> EncodingOption() =>
        new("--encoding") { Description = "Text encoding: utf-8 (default), gb18030, gbk, utf-16." };

    private static Option<double> ThresholdOption() =>
        new("--threshold") { Description = "Highest acceptable prosecutor risk (default 0.2, i.e. k ≥ 5).", DefaultValueFactory = _ => 0.2 };
}
