using System.Diagnostics;
using Agora.Search.Analysis;
using Agora.Search.Indexing;

namespace Agora.Search.Bench;

internal static class Profile
{
    public static void Run(int n, bool rebuildOnly)
    {
        var cpu = Process.GetCurrentProcess();
        TimeSpan Cpu() { cpu.Refresh(); return cpu.TotalProcessorTime; }
        var gen = new CatalogGenerator(n, 1);
        var c0 = Cpu();
        var sw = Stopwatch.StartNew();
        var recs = gen.All().ToList();
        Console.WriteLine($"generate: {sw.ElapsedMilliseconds} ms cpu {(Cpu() - c0).TotalMilliseconds} ms");
        c0 = Cpu();
        sw.Restart();
        recs = gen.All().ToList();
        Console.WriteLine($"generate again: {sw.ElapsedMilliseconds} ms cpu {(Cpu() - c0).TotalMilliseconds} ms");
        c0 = Cpu();
        sw.Restart();
        foreach (var r in recs)
        {
            DocumentMapper.TitleSortKey("zh", r.Document.TitleZh);
        }
        Console.WriteLine($"sort keys: {sw.ElapsedMilliseconds} ms cpu {(Cpu() - c0).TotalMilliseconds} ms");
        c0 = Cpu();
        sw.Restart();
        foreach (var r in recs)
        {
            DocumentMapper.Map(r.Document);
        }
        Console.WriteLine($"map: {sw.ElapsedMilliseconds} ms cpu {(Cpu() - c0).TotalMilliseconds} ms");
        var set = new AnalyzerSet(SegmentCache.Shared);
        for (var pass = 0; pass < (rebuildOnly ? 0 : 2); pass++)
        {
            c0 = Cpu();
            sw.Restart();
            long tokens = 0;
            var perField = new Dictionary<string, long>();
            foreach (var r in recs)
            {
                foreach (var f in DocumentMapper.Map(r.Document))
                {
                    if (f.IndexableFieldType.IsIndexed && f.IndexableFieldType.IsTokenized && f.GetStringValue() is { } s)
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        using var ts = set.Indexing.GetTokenStream(f.Name, s);
                        ts.Reset();
                        while (ts.IncrementToken())
                        {
                            tokens++;
                        }
                        ts.End();
                        perField[f.Name] = perField.GetValueOrDefault(f.Name) + Stopwatch.GetTimestamp() - t0;
                    }
                }
            }
            Console.WriteLine($"analyze pass {pass}: {sw.ElapsedMilliseconds} ms cpu {(Cpu() - c0).TotalMilliseconds} ms tokens {tokens} cache {SegmentCache.Shared.Hits}/{SegmentCache.Shared.Misses}");
            Console.WriteLine("  " + string.Join(", ", perField.OrderByDescending(p => p.Value).Select(p => $"{p.Key}={p.Value * 1000 / Stopwatch.Frequency}ms")));
        }
        var dir = Path.Combine(Path.GetTempPath(), "prof-idx");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }
        var threads = int.Parse(Environment.GetEnvironmentVariable("THREADS") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        using var idx = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = dir, VerifyOnOpen = false, RebuildThreads = threads });
        c0 = Cpu();
        sw.Restart();
        idx.Rebuild(recs.Select(r => r.Document));
        Console.WriteLine($"rebuild: {sw.ElapsedMilliseconds} ms cpu {(Cpu() - c0).TotalMilliseconds} ms");
    }

    public static void Search(int n, int queries)
    {
        var folder = Path.Combine(Path.GetTempPath(), "prof-search-" + n);
        using var index = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = folder, VerifyOnOpen = false });
        if (index.NeedsRebuild)
        {
            var sw0 = Stopwatch.StartNew();
            index.Rebuild(new CatalogGenerator(n, 20240601).All().Select(r => r.Document));
            Console.WriteLine($"built {n} in {sw0.Elapsed.TotalSeconds:N1} s");
        }
        var mix = QueryMix.Build(queries, 20240601);
        var open = new Dictionary<string, IReadOnlyList<string>> { [SearchFacets.Opening] = ["open"] };
        var theme = new Dictionary<string, IReadOnlyList<string>> { [SearchFacets.Theme] = ["health"] };
        foreach (var (label, make) in new (string, Func<SearchQuery>)[]
        {
            ("browse, no facets", () => new SearchQuery { Facets = [], Limit = 10 }),
            ("browse, all facets", () => new SearchQuery { Limit = 10 }),
            ("browse open, no facets", () => new SearchQuery { Filters = open, Facets = [], Limit = 10 }),
            ("browse open, all facets", () => new SearchQuery { Filters = open, Limit = 10 }),
            ("browse open, org facet", () => new SearchQuery { Filters = open, Facets = [SearchFacets.Organization], Limit = 10 }),
            ("browse open, opening facet", () => new SearchQuery { Filters = open, Facets = [SearchFacets.Opening], Limit = 10 }),
            ("browse health, all facets", () => new SearchQuery { Filters = theme, Limit = 10 }),
            ("医院, no facets", () => new SearchQuery { Text = "医院", Facets = [], Limit = 10 }),
            ("医院, no facets, limit 1", () => new SearchQuery { Text = "医院", Facets = [], Limit = 1 }),
            ("医院, all facets", () => new SearchQuery { Text = "医院", Limit = 10 }),
            ("\"医疗机构名录\"", () => new SearchQuery { Text = "\"医疗机构名录\"", Facets = [], Limit = 10 }),
            ("北京市医疗机构名录", () => new SearchQuery { Text = "北京市医疗机构名录", Facets = [], Limit = 10 }),
            ("hospitals", () => new SearchQuery { Text = "hospitals", Facets = [], Limit = 10 }),
        })
        {
            for (var i = 0; i < 5; i++)
            {
                index.Search(make(), SearchVisibility.Public);
            }
            var l = new Latencies();
            var total = 0;
            for (var i = 0; i < 20; i++)
            {
                var sw = Stopwatch.StartNew();
                total = index.Search(make(), SearchVisibility.Public).Total;
                l.Add(sw.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"{label,-32} median {l.Median,7:N2} ms  min {l.Percentile(1),7:N2}  total {total}");
        }
        foreach (var q in QueryMix.Build(200, 5))
        {
            index.Search(new SearchQuery { Text = q.Text, Filters = q.Filters, Facets = q.WithFacets ? null : [], Limit = 10 }, q.Visibility);
        }
        {
            var proc = Process.GetCurrentProcess();
            double CpuMs() { proc.Refresh(); return proc.TotalProcessorTime.TotalMilliseconds; }
            foreach (var (label, limit) in new[] { ("limit 1", 1), ("limit 10", 10), ("limit 10 again", 10), ("limit 1 again", 1) })
            {
                var c0 = CpuMs();
                for (var i = 0; i < 300; i++)
                {
                    index.Search(new SearchQuery { Text = "医院", Facets = [], Limit = limit }, SearchVisibility.Public);
                }
                Console.WriteLine($"医院 {label}: {(CpuMs() - c0) / 300:N3} ms cpu per search");
            }
        }
        var all = new Latencies();
        var byCategory = new Dictionary<string, Latencies>();
        var slow = new List<(double, BenchQuery)>();
        foreach (var q in mix)
        {
            var sw = Stopwatch.StartNew();
            index.Search(new SearchQuery { Text = q.Text, Filters = q.Filters, Facets = q.WithFacets ? null : [], Limit = 10 }, q.Visibility);
            var ms = sw.Elapsed.TotalMilliseconds;
            all.Add(ms);
            (byCategory.TryGetValue(q.Category, out var l) ? l : byCategory[q.Category] = new Latencies()).Add(ms);
            slow.Add((ms, q));
        }
        Console.WriteLine($"all: median {all.Median:N2} p90 {all.P90:N2} p99 {all.P99:N2}");
        foreach (var (c, l) in byCategory)
        {
            Console.WriteLine($"  {c}: median {l.Median:N2} p99 {l.P99:N2}");
        }
        foreach (var (ms, q) in slow.OrderByDescending(s => s.Item1).Take(8))
        {
            Console.WriteLine($"  slow {ms:N1} ms [{q.Category}] {q}");
        }
    }

    public static void Query(int n, string text, int repeat, bool facets)
    {
        var folder = Path.Combine(Path.GetTempPath(), "prof-search-" + n);
        using var index = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = folder, VerifyOnOpen = false });
        var proc = Process.GetCurrentProcess();
        proc.Refresh();
        var c0 = proc.TotalProcessorTime;
        var total = 0;
        for (var i = 0; i < repeat; i++)
        {
            total = index.Search(new SearchQuery { Text = text.Length == 0 ? null : text, Facets = facets ? null : [], Limit = 10 }, SearchVisibility.Public).Total;
        }
        proc.Refresh();
        Console.WriteLine($"{text}: {total} hits, {(proc.TotalProcessorTime - c0).TotalMilliseconds / repeat:N3} ms cpu per search");
    }

    public static void Clauses(int n)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long totalChars = 0, uniqueChars = 0, clauses = 0;
        var gen = new CatalogGenerator(n, 20240601);
        foreach (var r in gen.All())
        {
            var d = r.Document;
            foreach (var text in new[] { d.TitleZh, d.DescriptionZh, d.OrganizationNameZh }.Concat(d.Keywords).Concat(d.FieldLabels).Concat(d.ThemeLabels))
            {
                foreach (var clause in text.Split(['，', '。', '、', '（', '）', ' ', ';', '；', '：'], StringSplitOptions.RemoveEmptyEntries))
                {
                    clauses++;
                    totalChars += clause.Length;
                    if (seen.Add(clause))
                    {
                        uniqueChars += clause.Length;
                    }
                }
            }
        }
        Console.WriteLine($"{n} docs: {clauses / (double)n:N1} clauses/doc, {totalChars / (double)n:N0} chars/doc, unique {seen.Count:N0} clauses, {uniqueChars / (double)n:N1} unique chars/doc");
    }

    public static void Judge(int n, int show)
    {
        var folder = Path.Combine(Path.GetTempPath(), "prof-search-" + n);
        var gen = new CatalogGenerator(n, 20240601);
        using var index = new LuceneSearchIndex(new SearchIndexOptions { IndexDirectory = folder, VerifyOnOpen = false });
        if (index.NeedsRebuild)
        {
            index.Rebuild(gen.All().Select(r => r.Document));
        }
        var total = 0.0;
        foreach (var judged in JudgedSet.Queries)
        {
            var result = index.Search(new SearchQuery { Text = judged.Text, Facets = [], Limit = 10 }, SearchVisibility.Bureau);
            var records = result.Items.Select(i => gen.Generate(int.Parse(i.Identifier[(i.Identifier.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture))).ToList();
            var p = records.Count(judged.IsRelevant) / 10.0;
            total += p;
            Console.WriteLine($"{p:N1} {judged.Text} ({result.Total})");
            if (p < 1 && show > 0)
            {
                foreach (var r in records.Take(show))
                {
                    Console.WriteLine($"    {(judged.IsRelevant(r) ? "+" : "-")} {r.Document.TitleZh} | {r.TopicKey} {r.Region.FullZh} | {r.Document.OrganizationNameZh}");
                }
            }
        }
        Console.WriteLine($"mean {total / JudgedSet.Queries.Count:N3}");
    }

    public static void LuceneLevel(int n)
    {
        var folder = Path.Combine(Path.GetTempPath(), "prof-search-" + n);
        using var dir = global::Lucene.Net.Store.FSDirectory.Open(folder);
        using var reader = global::Lucene.Net.Index.DirectoryReader.Open(dir);
        var searcher = new global::Lucene.Net.Search.IndexSearcher(reader);
        Console.WriteLine($"segments: {reader.Leaves.Count}, docs {reader.NumDocs}");
        var bits = new Agora.Search.Querying.SegmentBits();
        var filter = new Agora.Search.Querying.TermBitsFilter(bits, [[(IndexFields.Opening, "open"), (IndexFields.Opening, "conditional")], [(IndexFields.Grade, "general"), (IndexFields.Grade, "important")]]);
        global::Lucene.Net.Search.Query T(string f, string t) => new global::Lucene.Net.Search.TermQuery(new global::Lucene.Net.Index.Term(f, t));
        var dismax = new global::Lucene.Net.Search.DisjunctionMaxQuery(0.1f) { T(IndexFields.ChineseAll, "医院"), T(IndexFields.EnglishAll, "医院") };
        var item = new global::Lucene.Net.Search.BooleanQuery { { dismax, global::Lucene.Net.Search.Occur.MUST }, { T(IndexFields.TitleZh, "医院"), global::Lucene.Net.Search.Occur.SHOULD }, { T(IndexFields.Keywords, "医院"), global::Lucene.Net.Search.Occur.SHOULD } };
        var sort = new global::Lucene.Net.Search.Sort(global::Lucene.Net.Search.SortField.FIELD_SCORE, new global::Lucene.Net.Search.SortField(IndexFields.IdSort, global::Lucene.Net.Search.SortFieldType.STRING));
        var proc = Process.GetCurrentProcess();
        void Time(string label, Func<int> run)
        {
            for (var i = 0; i < 5; i++) run();
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var hits = 0;
            for (var i = 0; i < 40; i++) hits = run();
            proc.Refresh();
            Console.WriteLine($"{label,-48} {(proc.TotalProcessorTime - c0).TotalMilliseconds / 40,8:N2} ms cpu {sw.Elapsed.TotalMilliseconds / 40,8:N2} ms wall  hits {hits}");
        }
        Time("term zh_all, score collector", () => searcher.Search(T(IndexFields.ChineseAll, "医院"), 10).TotalHits);
        Time("term zh_all, count only", () => { var c = new global::Lucene.Net.Search.TotalHitCountCollector(); searcher.Search(T(IndexFields.ChineseAll, "医院"), c); return c.TotalHits; });
        Time("term zh_all + filter", () => searcher.Search(T(IndexFields.ChineseAll, "医院"), filter, 10).TotalHits);
        Time("dismax(zh_all,bigram)", () => searcher.Search(dismax, 10).TotalHits);
        Time("item (dismax + 2 should)", () => searcher.Search(item, 10).TotalHits);
        Time("item + filter", () => searcher.Search(item, filter, 10).TotalHits);
        Time("item + filter, field sort", () => searcher.Search(item, filter, 10, sort).TotalHits);
        Time("item + filter, field sort, no doc scores", () => { var c = global::Lucene.Net.Search.TopFieldCollector.Create(sort, 11, null, true, true, false, true); searcher.Search(item, filter, c); return c.TotalHits; });
    }
}
