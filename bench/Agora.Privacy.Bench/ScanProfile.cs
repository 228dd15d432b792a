using System.Diagnostics;
using System.Text;
using Agora.Privacy.Detection;
using Agora.Privacy.Tests.Corpus;
using nietras.SeparatedValues;

namespace Agora.Privacy.Bench;

/// <summary>Where scanning time goes: parsing only, parsing and hashing, full classification (CPU seconds).</summary>
internal static class ScanProfile
{
    public static void Run()
    {
        var table = new CorpusGenerator(11).GenerateWide(20_000);
        var csv = CorpusGenerator.ToCsv(table);
        var path = Path.Combine(Path.GetTempPath(), "agora-scanprof.csv");
        File.WriteAllText(path, csv + string.Concat(Enumerable.Repeat(csv[(csv.IndexOf('\n') + 1)..], 4)), new UTF8Encoding(false));
        var mb = new FileInfo(path).Length / 1048576.0;
        for (var rep = 0; rep < 2; rep++)
        {
            Console.WriteLine($"parse: {mb / Cpu(() => Parse(path, 0)):0} MB/s");
            Console.WriteLine($"parse+trim+hash: {mb / Cpu(() => Parse(path, 1)):0} MB/s");
            Console.WriteLine($"parse+classify: {mb / Cpu(() => Parse(path, 2)):0} MB/s");
            Console.WriteLine($"full scan: {mb / Cpu(() => new PiiScanner().ScanFile(path)):0} MB/s");
            foreach (var c in table.Columns)
            {
                var values = c.Values;
                var cpu = Cpu(() =>
                {
                    for (var i = 0; i < 20; i++)
                    {
                        foreach (var v in values)
                        {
                            ValueClassifier.Classify(v, out _);
                        }
                    }
                });
                if (rep == 1)
                {
                    Console.WriteLine($"  {c.Name}: {cpu / (20.0 * values.Length) * 1e9:0} ns/value");
                }
            }
        }

        File.Delete(path);
    }

    private static void Parse(string path, int level)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(path);
        long sink = 0;
        foreach (var row in reader)
        {
            for (var c = 0; c < row.ColCount; c++)
            {
                var span = row[c].Span;
                if (level >= 1)
                {
                    sink += string.GetHashCode(span.Trim());
                }

                if (level >= 2)
                {
                    sink += (long)ValueClassifier.Classify(span, out _);
                }
            }
        }

        GC.KeepAlive(sink);
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
