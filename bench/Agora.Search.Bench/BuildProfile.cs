using System.Diagnostics;
using Agora.Search.Analysis;
using Agora.Search.Indexing;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;

namespace Agora.Search.Bench;

/// <summary>
/// CPU time per record of each stage of an index build (generation, field mapping, analysis, the whole rebuild), for
/// finding where the build's time goes on a shared machine, where wall-clock times mean little:
/// <c>dotnet run -c Release --project bench/Agora.Search.Bench -- profile-build [records]</c>.
/// </summary>
internal static class BuildProfile
{
    public static int Run(int records)
    {
        var generator = new CatalogGenerator(records, 20240601);
        List<SearchDocument> documents = [];
        Stage("generate", records, () => documents = [.. generator.All().Select(r => r.Document)]);
        Stage("map fields", records, () =>
        {
            foreach (var document in documents)
            {
                DocumentMapper.Map(document);
            }
        });
        using var analyzers = new AnalyzerSet(SegmentCache.Shared);
        Stage("map + analyze (cold cache)", records, () => Analyze(documents, analyzers));
        Stage("map + analyze (warm cache)", records, () => Analyze(documents, analyzers));
        if (Environment.GetEnvironmentVariable("PROFILE_RAW") is { } raw)
        {
            Raw(documents, raw);
            return 0;
        }
        foreach (var threads in (Environment.GetEnvironmentVariable("PROFILE_THREADS") ?? "1,2").Split(',').Select(int.Parse))
        {
            var folder = Path.Combine(Path.GetTempPath(), "agora-search-profile");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, true);
            }
            using var index = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = folder, VerifyOnOpen = false, RebuildThreads = threads });
            Stage($"rebuild, {threads} thread(s)", records, () => index.Rebuild(documents));
        }
        return 0;
    }

    private static void Raw(List<SearchDocument> documents, string mode)
    {
        var folder = Path.Combine(Path.GetTempPath(), "agora-search-raw");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, true);
        }
        using var dir = Lucene.Net.Store.FSDirectory.Open(folder);
        using var writer = new IndexWriter(dir, new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, new Lucene.Net.Analysis.Core.WhitespaceAnalyzer(Lucene.Net.Util.LuceneVersion.LUCENE_48)) { RAMBufferSizeMB = 256 });
        var words = documents.Select(d => string.Join(' ', Enumerable.Range(0, 200).Select(i => d.DescriptionEn.Length > i + 3 ? d.DescriptionEn.Substring(i, 3) : "x"))).ToList();
        var text = new Lucene.Net.Documents.TextField("t", "", Lucene.Net.Documents.Field.Store.NO);
        var stored = new Lucene.Net.Documents.StoredField("s", "");
        var id = new Lucene.Net.Documents.StringField("id", "", Lucene.Net.Documents.Field.Store.NO);
        var strings = Enumerable.Range(0, 12).Select(i => new Lucene.Net.Documents.StringField("f" + i, "", Lucene.Net.Documents.Field.Store.NO)).ToArray();
        var sorted = Enumerable.Range(0, 12).Select(i => new Lucene.Net.Documents.SortedDocValuesField("d" + i, new Lucene.Net.Util.BytesRef())).ToArray();
        var numeric = Enumerable.Range(0, 2).Select(i => new Lucene.Net.Documents.NumericDocValuesField("n" + i, 0)).ToArray();
        var storedMany = Enumerable.Range(0, 20).Select(i => new Lucene.Net.Documents.StoredField("s" + i, "")).ToArray();
        var binary = new Lucene.Net.Documents.BinaryDocValuesField("b", new Lucene.Net.Util.BytesRef());
        var numbersAsSorted = Enumerable.Range(0, 2).Select(i => new Lucene.Net.Documents.SortedDocValuesField("o" + i, new Lucene.Net.Util.BytesRef())).ToArray();
        Stage("raw " + mode, documents.Count, () =>
        {
            for (var i = 0; i < documents.Count; i++)
            {
                var doc = new List<IIndexableField>();
                id.SetStringValue(i.ToString()); doc.Add(id);
                if (mode.Contains('t')) { text.SetStringValue(words[i]); doc.Add(text); }
                if (mode.Contains('s')) { stored.SetStringValue(documents[i].DescriptionZh + documents[i].DescriptionEn + documents[i].TitleZh + documents[i].TitleEn); doc.Add(stored); }
                if (mode.Contains('m')) { foreach (var f in storedMany) { f.SetStringValue(documents[i].TitleZh); doc.Add(f); } }
                if (mode.Contains('f')) { foreach (var f in strings) { f.SetStringValue(documents[i].License); doc.Add(f); } }
                if (mode.Contains('d')) { foreach (var f in sorted) { f.SetBytesValue(new Lucene.Net.Util.BytesRef(documents[i].License)); doc.Add(f); } }
                if (mode.Contains('b')) { binary.SetBytesValue(new Lucene.Net.Util.BytesRef(documents[i].DescriptionZh + documents[i].DescriptionEn + documents[i].TitleZh + documents[i].TitleEn)); doc.Add(binary); }
                if (mode.Contains('o')) { foreach (var f in numbersAsSorted) { f.SetBytesValue(new Lucene.Net.Util.BytesRef(BitConverter.GetBytes((long)i * 7919 % 1000003))); doc.Add(f); } }
                if (mode.Contains('n')) { foreach (var f in numeric) { f.SetInt64Value(i); doc.Add(f); } }
                writer.AddDocument(doc);
            }
            writer.Commit();
        });
    }

    private static void Analyze(List<SearchDocument> documents, AnalyzerSet analyzers)
    {
        var tokens = new Dictionary<string, long>(StringComparer.Ordinal);
        long stacked = 0;
        foreach (var document in documents)
        {
            foreach (var field in DocumentMapper.Map(document))
            {
                if (!field.IndexableFieldType.IsIndexed || !field.IndexableFieldType.IsTokenized || field.GetStringValue() is not { } text)
                {
                    continue;
                }
                using var stream = analyzers.Indexing.GetTokenStream(field.Name, text);
                stream.AddAttribute<ICharTermAttribute>();
                var increment = stream.AddAttribute<IPositionIncrementAttribute>();
                stream.Reset();
                var count = 0;
                while (stream.IncrementToken())
                {
                    count++;
                    stacked += increment.PositionIncrement == 0 ? 1 : 0;
                }
                stream.End();
                tokens[field.Name] = tokens.GetValueOrDefault(field.Name) + count;
            }
        }
        Console.WriteLine("tokens per record: " + string.Join(", ", tokens.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value / (double)documents.Count:N1}"))
            + $" (total {tokens.Values.Sum() / (double)documents.Count:N1}, of which pairs stacked inside longer words {stacked / (double)documents.Count:N1})");
    }

    private static void Stage(string name, int records, Action action)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var pause = GC.GetTotalPauseDuration();
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes();
        var wall = Stopwatch.StartNew();
        action();
        wall.Stop();
        process.Refresh();
        var used = process.TotalProcessorTime - cpu;
        Console.WriteLine($"{name,-32} cpu {used.TotalMicroseconds / records,8:N1} µs/record   wall {wall.Elapsed.TotalMicroseconds / records,8:N1} µs/record   gc pause {(GC.GetTotalPauseDuration() - pause).TotalMicroseconds / records:N1} µs/record, gen0/1/2 {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}, {(GC.GetTotalAllocatedBytes() - allocated) / records:N0} B/record   load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }
}
