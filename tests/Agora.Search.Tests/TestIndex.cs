namespace Agora.Search.Tests;

/// <summary>A real index in a temporary folder, deleted afterwards.</summary>
internal sealed class TestIndex : IDisposable
{
    private readonly bool ownsFolder;

    public TestIndex(string? folder = null, Action<SearchIndexOptions>? configure = null)
    {
        ownsFolder = folder is null;
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "agora-search-" + Guid.NewGuid().ToString("N"));
        var options = new SearchIndexOptions { IndexDirectory = Folder };
        configure?.Invoke(options);
        Index = new LuceneSearchIndex(options);
    }

    public string Folder { get; }

    public LuceneSearchIndex Index { get; }

    public static async Task<TestIndex> WithAsync(params SearchDocument[] documents)
    {
        var test = new TestIndex();
        test.Index.Rebuild(documents);
        await test.Index.RefreshAsync();
        return test;
    }

    public SearchResult Search(string? text, SearchVisibility? visibility = null, Func<SearchQuery, SearchQuery>? change = null)
    {
        var query = new SearchQuery { Text = text };
        return Index.Search(change is null ? query : change(query), visibility ?? SearchVisibility.Bureau);
    }

    public void Dispose()
    {
        Index.Dispose();
        if (ownsFolder && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

internal static class Docs
{
    public static readonly Guid HealthCommission = Guid.Parse("11111111-1111-1111-1111-111111111111");
    public static readonly Guid TransportBureau = Guid.Parse("22222222-2222-2222-2222-222222222222");
    public static readonly Guid Police = Guid.Parse("33333333-3333-3333-3333-333333333333");

    /// <summary>
    /// Datasets whose attributes vary independently of their titles (which repeat, so many scores tie), so that every
    /// filter cuts differently. <paramref name="organization"/> picks each one's organization by its position.
    /// </summary>
    public static SearchDocument[] Varied(int count, Func<int, Guid>? organization = null)
    {
        string[] titles = ["医院床位统计", "医疗 机构 名录", "医疗机构分布", "北京市医院名录", "公交 线路", "医疗 名录 机构", "养老机构名单"];
        string[] english = ["hospital beds", "medical institutions", "bus routes", "hospital beds by district"];
        string[] themes = ["health", "transport", "society"];
        string[][] formats = [["CSV"], ["JSON"], ["CSV", "XLSX"], ["JSON", "CSV"]];
        SearchOpening[] openings = [SearchOpening.Open, SearchOpening.Conditional, SearchOpening.Closed];
        SearchSecurityGrade[] grades = [SearchSecurityGrade.General, SearchSecurityGrade.General, SearchSecurityGrade.Important, SearchSecurityGrade.Core];
        Guid[] organizations = [HealthCommission, TransportBureau, Police];
        string[] regions = ["110105", "110108", "310101", "440106"];
        return
        [
            .. Enumerable.Range(0, count).Select(i => Make(
                titles[i % titles.Length],
                titleEn: english[i % english.Length],
                opening: openings[i / 3 % openings.Length],
                grade: grades[i / 5 % grades.Length],
                organization: organization?.Invoke(i) ?? organizations[i / 2 % organizations.Length],
                region: regions[i / 7 % regions.Length],
                themes: [themes[i / 4 % themes.Length]],
                formats: formats[i / 11 % formats.Length])),
        ];
    }

    public static SearchDocument Make(
        string titleZh,
        string titleEn = "",
        string descriptionZh = "",
        string descriptionEn = "",
        SearchOpening opening = SearchOpening.Open,
        SearchSharing sharing = SearchSharing.Unconditional,
        SearchSecurityGrade grade = SearchSecurityGrade.General,
        Guid? organization = null,
        string region = "110105",
        string[]? themes = null,
        string[]? formats = null,
        string[]? keywords = null,
        DateTimeOffset? modified = null,
        long usage = 0,
        Guid? id = null) => new()
        {
            Id = id ?? Guid.NewGuid(),
            Identifier = "DS-" + Math.Abs(titleZh.GetHashCode() % 100000),
            TitleZh = titleZh,
            TitleEn = titleEn,
            DescriptionZh = descriptionZh,
            DescriptionEn = descriptionEn,
            Keywords = keywords ?? [],
            Themes = themes ?? ["health"],
            OrganizationId = organization ?? HealthCommission,
            OrganizationNameZh = organization == TransportBureau ? "北京市交通委员会" : organization == Police ? "北京市公安局" : "北京市卫生健康委员会",
            OrganizationNameEn = organization == TransportBureau ? "Beijing Transport Commission" : organization == Police ? "Beijing Public Security Bureau" : "Beijing Health Commission",
            OrganizationLevel = "municipal",
            RegionCode = region,
            Formats = formats ?? ["CSV"],
            License = "CC-BY-4.0",
            Opening = opening,
            Sharing = sharing,
            SecurityGrade = grade,
            UpdateFrequency = "monthly",
            Modified = modified ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Usage = usage,
        };
}
