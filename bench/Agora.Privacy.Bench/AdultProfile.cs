using System.Diagnostics;
using Agora.Privacy.Anonymization;
using Agora.Privacy.Data;
using Agora.Privacy.Hierarchies;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Bench;

/// <summary>CPU seconds per phase of an anonymization run on adult.</summary>
internal static class AdultProfile
{
    public static void Run(string root)
    {
        var dir = Path.Combine(root, "..", "shared", "data", "adult");
        var table = CsvTableReader.ReadFile(Path.Combine(dir, "adult.csv"), new CsvFormat(';'));
        var hierarchies = HierarchyReader.ReadDirectory(dir);
        for (var rep = 0; rep < 3; rep++)
        {
            foreach (var (k, s) in new[] { (5, 0.0), (5, 0.04), (100, 0.04) })
            {
                var config = new AnonymizationConfig { QuasiIdentifiers = table.ColumnNames.ToArray(), Hierarchies = hierarchies, K = k, SuppressionLimit = s };
                EncodedData? data = null;
                LatticeSearch? search = null;
                var encode = Cpu(() => data = EncodedData.Build(table, config));
                var init = Cpu(() => search = new LatticeSearch(data!, new NodeEvaluator(data!, config), config));
                var run = Cpu(() => search!.Run());
                var risk = Cpu(() => RiskAnalyzer.Analyze(table, config.QuasiIdentifiers));
                var total = Cpu(() => new Anonymizer().Anonymize(table, config));
                Console.WriteLine($"k={k} s={s}: encode {encode:0.000} init {init:0.000} search {run:0.000} ({search!.Evaluated} evals, {search.SatisfiedEvaluations} satisfied, {search.SourceTotal} rolled up, {search.EvaluateTicks / (double)Stopwatch.Frequency:0.000} s in Evaluate) risk {risk:0.000} total {total:0.000} CPU s");
            }
        }
    }

    private static double Cpu(Action action)
    {
        var p = Process.GetCurrentProcess();
        p.Refresh();
        var before = p.UserProcessorTime + p.PrivilegedProcessorTime;
        action();
        p.Refresh();
        return (p.UserProcessorTime + p.PrivilegedProcessorTime - before).TotalSeconds;
    }
}
