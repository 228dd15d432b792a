using System.Runtime.InteropServices;
using System.Text;

namespace Agora.Search.Bench;

/// <summary>Writes bench/results/search.md.</summary>
internal sealed class Report(BenchOptions options, CatalogGenerator generator)
{
    private readonly List<EngineFigures> engines = [];

    public SuggestFigures? Suggest { get; set; }

    public void Add(EngineFigures figures) => engines.Add(figures);

    public string ToMarkdown(string log)
    {
        var md = new StringBuilder();
        md.AppendLine("# Catalog search benchmark").AppendLine();
        md.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC.");
        md.AppendLine($"{options.Records:N0} synthetic catalog records (seed {options.Seed}), {options.Queries:N0} queries, first page of {10} results.").AppendLine();
        var engineOption = options.Engines.Length == 3 ? "" : " --engines " + string.Join(',', options.Engines);
        md.AppendLine("```").AppendLine($"bench/Agora.Search.Bench/run-bench.sh --records {options.Records} --queries {options.Queries}{engineOption}").AppendLine("```").AppendLine();

        var lucene = engines.FirstOrDefault(e => e.Name.StartsWith("Lucene", StringComparison.Ordinal));
        if (lucene is not null)
        {
            var all = Of(lucene.Times.Values.Select(t => t.Ms));
            var rate = options.Records / lucene.Build.Elapsed.TotalSeconds;
            md.AppendLine("## Goals (Lucene.NET, in process)").AppendLine();
            md.AppendLine("| figure | goal | measured | |");
            md.AppendLine("|---|---|---|---|");
            md.AppendLine(lucene.Build.Elapsed == TimeSpan.Zero
                ? "| index build | ≥ 20,000 records/s | not measured (index of an earlier run reused) | |"
                : $"| index build | ≥ 20,000 records/s | {rate:N0} records/s | {(rate >= 20_000 ? "met" : "**not met**")} |");
            md.AppendLine($"| search median | < 5 ms | {all.Median:N2} ms | {(all.Median < 5 ? "met" : "**not met**")} |");
            md.AppendLine($"| search p99 | < 25 ms | {all.P99:N2} ms | {(all.P99 < 25 ? "met" : "**not met**")} |");
            md.AppendLine();
        }

        md.AppendLine("## Index build").AppendLine();
        md.AppendLine("| engine | time | records/s | size on disk | peak working set of the bench so far |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var e in engines)
        {
            var built = e.Build.Elapsed == TimeSpan.Zero
                ? "reused | – "
                : $"{e.Build.Elapsed.TotalSeconds:N1} s | {options.Records / e.Build.Elapsed.TotalSeconds:N0} ";
            md.AppendLine($"| {e.Name} | {built}| {e.Build.Bytes / 1048576.0:N0} MiB | {e.Build.PeakWorkingSet / 1048576.0:N0} MiB |");
        }
        if (lucene?.Build.CacheHitRate is { } hitRate)
        {
            md.AppendLine().AppendLine($"Lucene: share of text clauses whose SmartCn segmentation came from the clause cache: {hitRate:P1}.");
        }
        md.AppendLine();

        md.AppendLine("## Search latency (one thread, ms per query: total + first page + facets where asked)").AppendLine();
        md.AppendLine("| engine | queries run | median | p90 | p99 | max | mean |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var e in engines)
        {
            var l = Of(e.Times.Values.Select(t => t.Ms));
            md.AppendLine($"| {e.Name} | {l.Count} | {l.Median:N2} | {l.P90:N2} | {l.P99:N2} | {l.Max:N1} | {l.Mean:N2} |");
        }
        md.AppendLine();
        md.AppendLine("By kind of query (median / p99, ms):").AppendLine();
        var categories = new[] { QueryMix.Single, QueryMix.Phrase, QueryMix.MultiWord, QueryMix.Faceted };
        md.AppendLine("| engine | " + string.Join(" | ", categories) + " |");
        md.AppendLine("|---|" + string.Concat(categories.Select(_ => "---|")));
        foreach (var e in engines)
        {
            md.Append($"| {e.Name} |");
            foreach (var category in categories)
            {
                var l = Of(e.Times.Values.Where(t => t.Category == category).Select(t => t.Ms));
                md.Append($" {l.Median:N2} / {l.P99:N1} |");
            }
            md.AppendLine();
        }
        md.AppendLine();

        if (lucene is not null && engines.Count > 1)
        {
            md.AppendLine("## Speed relative to Lucene.NET (same queries)").AppendLine();
            md.AppendLine("Computed over the queries both engines ran; > 1 means slower than Lucene.").AppendLine();
            md.AppendLine("| engine | queries compared | median ratio | p99 ratio | geometric mean of per-query ratios |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var e in engines.Where(e => e != lucene))
            {
                var common = e.Times.Keys.Where(lucene.Times.ContainsKey).ToArray();
                var mine = Of(common.Select(k => e.Times[k].Ms));
                var theirs = Of(common.Select(k => lucene.Times[k].Ms));
                var geometric = Math.Exp(common.Average(k => Math.Log(e.Times[k].Ms / Math.Max(0.001, lucene.Times[k].Ms))));
                md.AppendLine($"| {e.Name} | {common.Length} | {mine.Median / theirs.Median:N1}× | {mine.P99 / theirs.P99:N1}× | {geometric:N1}× |");
            }
            md.AppendLine();
        }

        md.AppendLine("## Precision at 10, 50 judged Chinese queries").AppendLine();
        md.AppendLine("| engine | mean P@10 | queries with P@10 = 1 | queries with no relevant result in the top 10 |");
        md.AppendLine("|---|---|---|---|");
        foreach (var e in engines)
        {
            md.AppendLine($"| {e.Name} | {e.Precision.Average(p => p.Precision):N3} | {e.Precision.Count(p => p.Precision >= 1)} | {e.Precision.Count(p => p.Precision == 0)} |");
        }
        md.AppendLine().AppendLine("<details><summary>Per query (P@10, and how many datasets the engine matched)</summary>").AppendLine();
        md.AppendLine("| query | relevant in corpus | " + string.Join(" | ", engines.Select(e => e.Name)) + " |");
        md.AppendLine("|---|---|" + string.Concat(engines.Select(_ => "---|")));
        var relevantCounts = CountRelevant();
        for (var i = 0; i < JudgedSet.Queries.Count; i++)
        {
            md.Append($"| {JudgedSet.Queries[i].Text} | {relevantCounts[i]:N0} |");
            foreach (var e in engines)
            {
                md.Append($" {e.Precision[i].Precision:N1} ({e.Precision[i].Total:N0}) |");
            }
            md.AppendLine();
        }
        md.AppendLine().AppendLine("</details>").AppendLine();

        if (Suggest is not null)
        {
            md.AppendLine("## Suggestions (Lucene.NET)").AppendLine();
            var all = Suggest.Latencies;
            md.AppendLine($"{all.Count} calls over 15 prefixes (医, 北京市, hosp, s…): median {all.Median:N2} ms, p99 {all.P99:N2} ms, max {all.Max:N1} ms.").AppendLine();
            md.AppendLine($"Until the first suggestion, counted from the end of loading (the index reads the segments' suggestion dictionaries in the background from its opening; a keystroke leaves a large segment out until then): {Suggest.FirstMs:N0} ms ({Suggest.FirstCpuMs:N0} ms CPU of the process meanwhile); managed heap kept: {Suggest.HeapBytes / 1048576.0:N0} MiB.").AppendLine();
            md.AppendLine("Median by prefix (ms): " + string.Join(", ", Suggest.Medians.Select(m => $"{m.Prefix} {m.Median:N2}")) + ".").AppendLine();
        }

        md.AppendLine(Method);
        md.AppendLine("## Log").AppendLine().AppendLine("```").Append(log).AppendLine("```");
        return md.ToString();
    }

    private int[] CountRelevant()
    {
        var counts = new int[JudgedSet.Queries.Count];
        foreach (var record in generator.All())
        {
            for (var i = 0; i < counts.Length; i++)
            {
                if (JudgedSet.Queries[i].IsRelevant(record))
                {
                    counts[i]++;
                }
            }
        }
        return counts;
    }

    private static Latencies Of(IEnumerable<double> values)
    {
        var latencies = new Latencies();
        foreach (var value in values)
        {
            latencies.Add(value);
        }
        return latencies;
    }

    private const string Method = """
        ## Method

        - **Data.** `CatalogGenerator` makes record *i* from the seed and *i* alone: a topic (120 kinds of data from 20
          departments, some far more common than others), a region (real names and GB/T 2260 codes of the 31 provinces,
          three cities each and three districts of each capital; 3 % national), a title such as 朝阳区医疗机构名录（2023年）,
          a description of two to five clauses naming the columns, the publisher (北京市朝阳区卫生健康委员会) and the update
          rhythm (60–150 Chinese characters), English title and description, keywords, columns with Chinese labels,
          formats, licence, attributes (85 % general, 12 % important, 3 % core; core data closed and not shared), a
          modification date over ten years and a heavy-tailed usage count.
        - **Queries.** 1,000 from `QueryMix`, a quarter each: single words (70 % Chinese keywords such as 医院, 30 %
          English such as hospitals), quoted phrases (topic names, column labels, English phrases), Chinese multi-word
          queries (region + topic with or without spaces, e.g. 朝阳区医疗机构名录, 河北省 公交 票价), and 1–3 filters
          (theme, region, format, opening, level, update frequency; sharing and grade for government users) with every
          facet counted. 80 % as the public, 20 % as a government member. 200 other queries warm each engine first.
          Each query is timed alone, on one thread, through the engine's whole answer: total count, first page of 10
          (for Lucene also each hit's record and highlighted snippets) and facet counts where asked.
        - **Agora.Search.** Chinese text analyzed by SmartCn's HHMM segmenter (clauses memoized), with the character
          pairs inside words of three or more characters stacked on the word (北京 finds 北京市); English by the
          English analyzer (Porter). Titles analyzed once, in their own fields (weighted 4×), beside one all-Chinese
          and one all-English field for the rest; visibility and filters as cached per-segment bit sets built from
          doc values; facets by bit-set intersection or cached ordinals; what a hit shows from one binary doc value
          per dataset; browsing without text from per-segment pre-sorted orders. Highlighting included in the timings.
        - **The same question to every engine.** The SQL baselines receive the query split exactly as Agora.Search
          splits it (quoted phrases, words, Chinese segmented by SmartCn with the same few function words dropped); all
          words must match, and when none can, any word may (as Agora.Search relaxes a query with no result). The same
          visibility rules and filters are applied in SQL, and facets are `GROUP BY` queries (a facet filtered on itself
          is counted without its own filter, as in Agora.Search).
        - **SQLite FTS5 trigram.** External-content FTS5 table with `tokenize='trigram'`, ranked by `bm25` with the
          Lucene field weights. Trigrams cannot index words shorter than three characters, and most Chinese words have
          two (医院, 公交): those fall back to `LIKE '%…%'` over the text columns, a scan. Given a time budget
          (`--sql-budget-minutes`), it runs a prefix of the mix, which is balanced across the four kinds.
        - **PostgreSQL full-text.** Stock PostgreSQL 15 has no Chinese parser (zhparser is not packaged), so Chinese text
          is stored as overlapping character pairs (医疗机构 → 医疗 疗机 机构) and a Chinese word is a phrase of its pairs;
          English uses the `english` configuration. Weights A–D follow the Lucene boosts; `ts_rank` orders; GIN index.
          Throwaway cluster on loopback: shared_buffers 2 GB, work_mem 64 MB, fsync off, unlogged tables.
        - **Precision at 10.** 50 Chinese queries (`JudgedSet`), judged by construction: a dataset is relevant exactly
          when the generator made it of the asked kind of data (one or two topics, e.g. 医疗机构 covers the directory of
          medical institutions and the medical-insurance designated institutions) for a region of the asked province.
          The judgement never looks at any engine's output. Twelve records per query are planted at fixed positions
          so that every query has relevant datasets even in a small run. Unfilled places in a top 10 count as misses.
        - **Limits.** Synthetic text repeats more than a real catalog, which favours the segmentation cache
          (hit rate shown above); real descriptions are more varied. The machine was shared with other work during the
          run. Judgements by construction check retrieval of the right kind of data in the right place, not finer
          usefulness.

        """;
}

internal sealed record SuggestFigures(Latencies Latencies, double FirstMs, double FirstCpuMs, long HeapBytes, IReadOnlyList<(string Prefix, double Median)> Medians);
