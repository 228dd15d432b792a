using System.Globalization;
using System.Text;
using Agora.Privacy.Data;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Corpus;

/// <summary>Precision and recall of the scanner per type on the labelled corpus, column by column.</summary>
public sealed record TypeScore(string Type, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public int Support => TruePositives + FalseNegatives;
}

public sealed record CorpusScore(IReadOnlyList<TypeScore> Types, int Columns, int Correct, IReadOnlyList<string> Errors)
{
    public double Accuracy => (double)Correct / Columns;

    public double MacroPrecision => Types.Where(t => t.Support > 0).Average(t => t.Precision);

    public double MacroRecall => Types.Where(t => t.Support > 0).Average(t => t.Recall);

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| type | columns | precision | recall |");
        sb.AppendLine("|---|---:|---:|---:|");
        foreach (var t in Types)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {t.Type} | {t.Support} | {t.Precision:0.000} | {t.Recall:0.000} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"| **all (macro)** | {Columns} | {MacroPrecision:0.000} | {MacroRecall:0.000} |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Column accuracy (including columns that hold no personal data): {Correct}/{Columns} = {Accuracy:0.000}.");
        return sb.ToString();
    }
}

public static class CorpusEvaluation
{
    public static CorpusScore Evaluate(string directory)
    {
        var labels = File.ReadAllLines(Path.Combine(directory, "labels.csv")).Skip(1)
            .Select(ParseLabel)
            .ToArray();
        var scanner = new PiiScanner();
        var predictions = new Dictionary<(string File, string Column), PiiType>();
        foreach (var file in labels.Select(l => l.File).Distinct())
        {
            var report = scanner.ScanFile(Path.Combine(directory, file), new CsvFormat(','));
            foreach (var c in report.Columns)
            {
                predictions[(file, c.Column)] = c.Type;
            }
        }

        var types = PiiTypes.All.ToDictionary(t => t, _ => (Tp: 0, Fp: 0, Fn: 0));
        var correct = 0;
        var errors = new List<string>();
        foreach (var (file, column, label) in labels)
        {
            var predicted = predictions[(file, column)];
            if (predicted == label)
            {
                correct++;
                if (label != PiiType.None)
                {
                    types[label] = types[label] with { Tp = types[label].Tp + 1 };
                }

                continue;
            }

            errors.Add($"{file} '{column}': expected {label}, found {predicted}");
            if (label != PiiType.None)
            {
                types[label] = types[label] with { Fn = types[label].Fn + 1 };
            }

            if (predicted != PiiType.None)
            {
                types[predicted] = types[predicted] with { Fp = types[predicted].Fp + 1 };
            }
        }

        return new CorpusScore(
            types.Select(p => new TypeScore(p.Key.Code(), p.Value.Tp, p.Value.Fp, p.Value.Fn)).ToArray(),
            labels.Length,
            correct,
            errors);
    }

    private static (string File, string Column, PiiType Label) ParseLabel(string line)
    {
        // file,column,type where column may be quoted.
        var first = line.IndexOf(',');
        var last = line.LastIndexOf(',');
        var column = line[(first + 1)..last];
        if (column.StartsWith('"'))
        {
            column = column[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        var type = line[(last + 1)..];
        return (line[..first], column, type == "none" ? PiiType.None : PiiTypes.TryParse(type, out var t) ? t : throw new FormatException(line));
    }
}
