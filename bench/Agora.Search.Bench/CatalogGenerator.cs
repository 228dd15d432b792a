using System.Security.Cryptography;
using System.Text;

namespace Agora.Search.Bench;

/// <summary>A synthetic dataset and the facts it was generated from, which decide relevance in the judged set.</summary>
internal sealed record GeneratedRecord(SearchDocument Document, string TopicKey, Region Region);

/// <summary>
/// Deterministic synthetic catalog: record i depends only on the seed and i, so any engine can regenerate the same
/// million records as a stream. Text follows the shape of Chinese government catalogs: region and topic in the title,
/// a description of two to five clauses naming columns, publisher and update rhythm, English translations.
/// </summary>
internal sealed class CatalogGenerator(int count, int seed)
{
    private static readonly IReadOnlyList<Region> Regions = Bench.Regions.All;

    public int Count { get; } = count;

    public JudgedSet Judged { get; } = new(count);

    public IEnumerable<GeneratedRecord> All()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return Generate(i);
        }
    }

    public GeneratedRecord Generate(int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index * 7919));
        var (department, topic) = PickTopic(rng);
        var region = PickRegion(rng);
        if (Judged.PlantedAt(index) is { } planted)
        {
            (department, topic) = Vocabulary.Topics.First(t => t.Topic.Key == planted.TopicKey);
            var scope = Regions.Where(planted.Query.Covers).ToArray();
            region = scope[rng.Next(scope.Length)];
        }
        var regionZh = region.Level == "national" ? "" : region.Zh;
        var organizationZh = region.Level == "national" ? "国家" + department.Zh : region.FullZh + department.Zh;
        var organizationEn = region.Level == "national" ? "National " + department.En : $"{region.FullEn} {department.En}";

        var suffix = Vocabulary.TitleSuffixes[rng.Next(Vocabulary.TitleSuffixes.Length)];
        var titleRegion = rng.NextDouble() switch
        {
            < 0.5 => regionZh,
            < 0.8 => region.Level == "national" ? "全国" : region.FullZh,
            _ => "",
        };
        var titleZh = titleRegion + topic.Zh + suffix;
        var titleEn = topic.En + (region.Level == "national" ? " (national)" : " in " + region.FullEn) + SuffixEn(suffix);

        var fields = topic.Fields.OrderBy(_ => rng.Next()).Take(Math.Min(topic.Fields.Length, 3 + rng.Next(3))).ToArray();
        var frequency = Vocabulary.Frequencies[rng.Next(Vocabulary.Frequencies.Length)];
        var (frequencyZh, frequencyEn) = Vocabulary.FrequencyWords[frequency];

        var zh = new StringBuilder();
        zh.Append("本数据集包含").Append(rng.NextDouble() < 0.5 ? region.FullZh : "").Append(topic.Zh).Append("的")
            .Append(string.Join("、", fields.Select(f => f.Label))).Append("等信息，数据来源于").Append(organizationZh)
            .Append('，').Append(frequencyZh).Append('。');
        if (rng.NextDouble() < 0.5)
        {
            zh.Append("可用于").Append(department.Use).Append('。');
        }
        if (rng.NextDouble() < 0.4)
        {
            zh.Append(Vocabulary.ExtraClausesZh[rng.Next(Vocabulary.ExtraClausesZh.Length)]).Append('。');
        }
        if (rng.NextDouble() < 0.3)
        {
            zh.Append("共收录").Append(rng.Next(50, 200_000)).Append("条记录。");
        }
        var en = new StringBuilder();
        en.Append("This dataset contains the ").Append(string.Join(", ", fields.Select(f => f.Name.Replace('_', ' '))))
            .Append(" of ").Append(topic.En.ToLowerInvariant()).Append(region.Level == "national" ? " nationwide" : " in " + region.FullEn)
            .Append(". Published by ").Append(organizationEn).Append(", ").Append(frequencyEn).Append('.');
        if (rng.NextDouble() < 0.3)
        {
            en.Append(' ').Append(Vocabulary.ExtraClausesEn[rng.Next(Vocabulary.ExtraClausesEn.Length)]);
        }

        var keywords = topic.Keywords.OrderBy(_ => rng.Next()).Take(2 + rng.Next(2)).ToList();
        if (rng.NextDouble() < 0.3 && regionZh.Length > 0)
        {
            keywords.Add(regionZh);
        }
        var themes = new List<string> { department.Theme };
        if (rng.NextDouble() < 0.1)
        {
            themes.Add(Vocabulary.Departments[rng.Next(Vocabulary.Departments.Count)].Theme);
        }
        var formats = Vocabulary.Formats.OrderBy(_ => rng.Next()).Take(1 + rng.Next(3)).ToArray();

        var grade = rng.NextDouble() switch
        {
            < 0.85 => SearchSecurityGrade.General,
            < 0.97 => SearchSecurityGrade.Important,
            _ => SearchSecurityGrade.Core,
        };
        var (opening, sharing) = grade switch
        {
            SearchSecurityGrade.Core => (SearchOpening.Closed, SearchSharing.NotShared),
            SearchSecurityGrade.Important => (rng.NextDouble() < 0.6 ? SearchOpening.Conditional : SearchOpening.Closed, SearchSharing.Conditional),
            _ => (rng.NextDouble() switch { < 0.7 => SearchOpening.Open, < 0.9 => SearchOpening.Conditional, _ => SearchOpening.Closed },
                rng.NextDouble() switch { < 0.6 => SearchSharing.Unconditional, < 0.95 => SearchSharing.Conditional, _ => SearchSharing.NotShared }),
        };

        var document = new SearchDocument
        {
            Id = GuidFor("dataset", index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Identifier = $"{region.Code}-{topic.Key}-{index:D7}",
            TitleZh = titleZh,
            TitleEn = titleEn,
            DescriptionZh = zh.ToString(),
            DescriptionEn = en.ToString(),
            Keywords = keywords,
            Themes = themes,
            ThemeLabels = [department.ThemeLabel],
            OrganizationId = GuidFor("organization", region.Code + department.En),
            OrganizationNameZh = organizationZh,
            OrganizationNameEn = organizationEn,
            OrganizationLevel = region.Level,
            RegionCode = region.Code,
            Formats = formats,
            License = Vocabulary.Licenses[rng.Next(Vocabulary.Licenses.Length)],
            Opening = opening,
            Sharing = sharing,
            SecurityGrade = grade,
            UpdateFrequency = frequency,
            Modified = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(rng.Next(0, 10 * 365 * 24 * 60)),
            Usage = (long)Math.Min(5_000_000, 10 * Math.Pow(1 - rng.NextDouble(), -1.5)),
            FieldNames = [.. fields.Select(f => f.Name)],
            FieldLabels = [.. fields.Select(f => f.Label)],
        };
        return new GeneratedRecord(document, topic.Key, region);
    }

    private static (Department, Topic) PickTopic(Random rng)
    {
        // Some kinds of data are published far more often than others.
        var topics = Vocabulary.Topics;
        var index = (int)(topics.Count * Math.Pow(rng.NextDouble(), 1.6));
        return topics[Math.Min(index, topics.Count - 1)];
    }

    private static Region PickRegion(Random rng)
    {
        var roll = rng.NextDouble();
        if (roll < 0.03)
        {
            return Bench.Regions.National;
        }
        var level = roll < 0.15 ? "provincial" : roll < 0.45 ? "municipal" : "county";
        var candidates = LevelIndex[level];
        return candidates[rng.Next(candidates.Length)];
    }

    private static readonly Dictionary<string, Region[]> LevelIndex =
        Regions.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.ToArray());

    private static string SuffixEn(string suffix) => suffix switch
    {
        "（2023年）" => " (2023)",
        "（2024年）" => " (2024)",
        "季度数据" => ", quarterly",
        "年度统计" => ", annual statistics",
        "月度数据" => ", monthly",
        "汇总表" => ", summary",
        "明细" => ", details",
        _ => "",
    };

    public static Guid GuidFor(string kind, string key) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes(kind + ":" + key)));
}
