namespace Agora.Search.Tests;

public sealed class TextSearchTests
{
    [Fact]
    public async Task Chinese_words_find_Chinese_titles()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("北京市医疗机构名录", descriptionZh: "全市二级以上医疗机构的名称、地址和等级。"),
            Docs.Make("朝阳区医院床位统计", descriptionZh: "各医院的床位数量。"),
            Docs.Make("公共交通线路站点", descriptionZh: "公交线路与站点位置。", themes: ["transport"]));

        Assert.Equal(["朝阳区医院床位统计"], Titles(test.Search("医院")));
        Assert.Equal(["北京市医疗机构名录"], Titles(test.Search("医疗机构")));
        Assert.Equal(["公共交通线路站点"], Titles(test.Search("交通")));
    }

    [Fact]
    public async Task Chinese_text_without_spaces_is_split_into_words_that_must_all_match()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("北京市医疗机构名录"),
            Docs.Make("上海市医疗机构名录", region: "310101") with { OrganizationNameZh = "上海市卫生健康委员会", OrganizationNameEn = "" },
            Docs.Make("北京市公共交通线路"));

        // 北京 is typed, the title says 北京市: the words still meet.
        Assert.Equal(["北京市医疗机构名录"], Titles(test.Search("北京医疗机构")));
        Assert.Equal(2, test.Search("医疗机构名录").Total);
        Assert.Equal(["北京市医疗机构名录"], Titles(test.Search("北京市的医疗机构")));
    }

    [Fact]
    public async Task A_city_name_is_found_inside_the_longer_word_the_text_was_segmented_into()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("石家庄市医疗机构名录"),
            Docs.Make("乌鲁木齐市公交线路"),
            Docs.Make("北京市医疗机构名录"));

        Assert.Equal(["石家庄市医疗机构名录"], Titles(test.Search("石家庄")));
        Assert.Equal(["石家庄市医疗机构名录"], Titles(test.Search("石家庄 医疗机构")));
        Assert.Equal(["乌鲁木齐市公交线路"], Titles(test.Search("乌鲁木齐")));
    }

    [Fact]
    public async Task A_longer_word_indexed_after_a_search_is_found_by_the_next_search()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("石家庄市医疗机构名录"),
            Docs.Make("北京市医疗机构名录"));
        Assert.Equal(["石家庄市医疗机构名录"], Titles(test.Search("石家庄")));

        // The words holding 石家庄 are looked up per segment and kept; a new segment has words of its own.
        test.Index.Upsert(Docs.Make("石家庄站公交线路", descriptionZh: "途经石家庄站的公交线路。"));
        await test.Index.RefreshAsync();

        Assert.Equal(["石家庄市医疗机构名录", "石家庄站公交线路"], Titles(test.Search("石家庄")).Order(StringComparer.Ordinal));
        Assert.Equal(["石家庄站公交线路"], Titles(test.Search("石家庄 公交")));
    }

    [Fact]
    public async Task English_words_are_stemmed()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("医院床位", "Hospital beds in Beijing"),
            Docs.Make("公交站点", "Bus stops"));

        Assert.Equal(["医院床位"], Titles(test.Search("hospitals")));
        Assert.Equal(["医院床位"], Titles(test.Search("Hospital BED")));
        Assert.Equal(["公交站点"], Titles(test.Search("stop")));
    }

    [Fact]
    public async Task Quoted_phrases_need_the_words_together()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("床位数", "Hospital bed count by district"),
            Docs.Make("床位统计", "Count of hospital beds"),
            Docs.Make("医疗机构", descriptionZh: "医疗机构信息"),
            Docs.Make("机构医疗", descriptionZh: "机构与医疗"));

        Assert.Equal(2, test.Search("bed count").Total);
        Assert.Equal(["床位数"], Titles(test.Search("\"bed count\"")));
        Assert.Equal(["医疗机构"], Titles(test.Search("\"医疗机构\"")));
        Assert.Equal(["医疗机构"], Titles(test.Search("“医疗机构”")));
    }

    [Fact]
    public async Task Searches_keywords_organizations_themes_fields_and_formats()
    {
        var withFields = Docs.Make("数据集甲", organization: Docs.Police) with { FieldNames = ["hospital_name", "bedCount"], FieldLabels = ["医院名称", "床位数"] };
        using var test = await TestIndex.WithAsync(
            withFields,
            Docs.Make("数据集乙", keywords: ["空气质量", "PM2.5"], organization: Docs.TransportBureau, themes: ["environment"], formats: ["json"]),
            Docs.Make("数据集丙") with { ThemeLabels = ["医疗卫生"] });

        Assert.Equal(["数据集甲"], Titles(test.Search("医院名称")));
        Assert.Equal(["数据集甲"], Titles(test.Search("bed count")));
        Assert.Equal(["数据集甲"], Titles(test.Search("hospital_name")));
        Assert.Equal(["数据集乙"], Titles(test.Search("空气质量")));
        Assert.Equal(["数据集乙"], Titles(test.Search("交通委员会")));
        Assert.Equal(["数据集乙"], Titles(test.Search("Transport Commission")));
        Assert.Equal(["数据集乙"], Titles(test.Search("environment")));
        Assert.Equal(["数据集乙"], Titles(test.Search("JSON")));
        Assert.Equal(["数据集丙"], Titles(test.Search("卫生")));
    }

    [Fact]
    public async Task Questions_find_datasets_when_not_every_word_can_match()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("北京市养老机构名录"),
            Docs.Make("上海市养老机构名录", region: "310101") with { OrganizationNameZh = "上海市民政局", OrganizationNameEn = "" },
            Docs.Make("北京市公交线路"));

        var question = test.Search("北京市有哪些养老机构");

        Assert.Equal("北京市养老机构名录", Titles(question)[0]);
        Assert.DoesNotContain("北京市公交线路", Titles(question));
        Assert.Equal(["北京市养老机构名录"], Titles(test.Search("北京 养老")));
    }

    [Fact]
    public async Task Titles_rank_above_descriptions()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("公共交通线路", descriptionZh: "包含医院周边的公交站点。"),
            Docs.Make("医院名录", descriptionZh: "全市医院。"));

        Assert.Equal(["医院名录", "公共交通线路"], Titles(test.Search("医院")));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("*:*")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("AND OR")]
    [InlineData("NOT")]
    [InlineData("\"unbalanced 医院")]
    [InlineData("title_zh:医院")]
    [InlineData("医院~2 [a TO z] {x} ^3 \\ / ! -+ && ||")]
    [InlineData("'; DROP TABLE datasets; --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\u202E\u0000\uFFFF")]
    [InlineData("\uD800")]
    public async Task Hostile_text_never_throws(string text)
    {
        using var test = await TestIndex.WithAsync(Docs.Make("医院名录", "Hospital list"));

        var result = test.Search(text);

        Assert.True(result.Total >= 0);
    }

    [Fact]
    public async Task Very_long_text_never_throws()
    {
        using var test = await TestIndex.WithAsync(Docs.Make("医院名录", "Hospital list"));

        Assert.True(test.Search(string.Concat(Enumerable.Repeat("医院 \"hospital (", 20_000))).Total >= 0);
        Assert.True(test.Search(new string('医', 100_000)).Total >= 0);
        Assert.Empty(test.Index.Suggest(new string('a', 100_000), SearchVisibility.Public));
    }

    [Fact]
    public async Task Operators_are_plain_text_not_syntax()
    {
        using var test = await TestIndex.WithAsync(Docs.Make("医院名录"), Docs.Make("交通线路"));

        Assert.Equal(0, test.Search("*:*").Total);
        Assert.Equal(["医院名录"], Titles(test.Search("医院 OR")));
    }

    [Fact]
    public async Task Empty_text_browses_everything_newest_first()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("旧", modified: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Docs.Make("新", modified: new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(["新", "旧"], Titles(test.Search(null)));
        Assert.Equal(["新", "旧"], Titles(test.Search("   ")));
    }

    internal static string[] Titles(SearchResult result) =>
        [.. result.Items.Select(i => i.TitleZhHtml.Replace("<mark>", "").Replace("</mark>", ""))];
}
