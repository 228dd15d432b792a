namespace Agora.Search.Tests;

public sealed class SuggestAndHighlightTests
{
    [Fact]
    public async Task Suggests_titles_and_keywords_in_Chinese_and_English()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("医疗机构名录", "Medical institutions", keywords: ["医保定点", "hospital"], usage: 10),
            Docs.Make("北京市医院床位", "Hospital beds", usage: 100),
            Docs.Make("公共交通线路", "Bus routes", keywords: ["公交"]));

        var zh = test.Index.Suggest("医", SearchVisibility.Public);
        var en = test.Index.Suggest("hosp", SearchVisibility.Public);
        var start = test.Index.Suggest("北京市医", SearchVisibility.Public);

        Assert.Equal(new[] { "医保定点", "医疗机构名录", "北京市医院床位" }.Order(StringComparer.Ordinal), zh.Select(s => s.Text).Order(StringComparer.Ordinal));
        Assert.Contains(zh, s => s is { Text: "医保定点", Kind: SuggestionKind.Keyword, DatasetId: null });
        Assert.Equal(["Hospital beds", "hospital"], en.Select(s => s.Text));
        Assert.Equal("北京市医院床位", Assert.Single(start).Text);
        Assert.NotNull(start[0].DatasetId);
        Assert.Empty(test.Index.Suggest("地铁", SearchVisibility.Public));
        Assert.Empty(test.Index.Suggest("  ", SearchVisibility.Public));
        Assert.Single(test.Index.Suggest("医", SearchVisibility.Public, limit: 1));
    }

    [Fact]
    public async Task Titles_that_start_with_the_prefix_come_first()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("北京市医院", usage: 1000),
            Docs.Make("医院名录", usage: 1));

        Assert.Equal(["医院名录", "北京市医院"], test.Index.Suggest("医院", SearchVisibility.Public).Select(s => s.Text));
    }

    [Fact]
    public async Task Matches_are_marked_and_everything_else_escaped()
    {
        using var test = await TestIndex.WithAsync(Docs.Make(
            "<script>alert('x')</script>医院名录 & 床位",
            "<b>Hospital</b> list",
            descriptionZh: "<img src=x onerror=alert(1)>本数据集包含全市医院的名称。",
            descriptionEn: "All \"hospitals\" <i>in</i> Beijing."));

        var hit = Assert.Single(test.Search("医院 hospital").Items);

        Assert.Equal("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;<mark>医院</mark>名录 &amp; 床位", hit.TitleZhHtml);
        Assert.Equal("&lt;b&gt;<mark>Hospital</mark>&lt;/b&gt; list", hit.TitleEnHtml);
        Assert.Contains("<mark>医院</mark>", hit.DescriptionZhHtml);
        Assert.DoesNotContain("<img", hit.DescriptionZhHtml);
        Assert.Contains("&lt;img", hit.DescriptionZhHtml);
        Assert.Contains("&quot;<mark>hospitals</mark>&quot; &lt;i&gt;in&lt;/i&gt;", hit.DescriptionEnHtml);
    }

    [Fact]
    public async Task Without_a_match_the_text_is_escaped_and_long_descriptions_shortened()
    {
        using var test = await TestIndex.WithAsync(Docs.Make(
            "<标题>", descriptionZh: "<" + new string('长', 300), keywords: ["关键"]));

        var hit = Assert.Single(test.Search("关键").Items);

        Assert.Equal("&lt;标题&gt;", hit.TitleZhHtml);
        Assert.StartsWith("&lt;长长", hit.DescriptionZhHtml);
        Assert.EndsWith("…", hit.DescriptionZhHtml);
        Assert.True(hit.DescriptionZhHtml.Length < 100);
    }

    [Fact]
    public async Task Hits_carry_what_a_result_card_shows()
    {
        var document = Docs.Make("医院名录", "Hospitals", themes: ["health"], formats: ["csv", "json"], usage: 42);
        using var test = await TestIndex.WithAsync(document);

        var hit = Assert.Single(test.Search("医院", SearchVisibility.Public).Items);

        Assert.Equal(document.Id, hit.Id);
        Assert.Equal(document.Identifier, hit.Identifier);
        Assert.Equal(Docs.HealthCommission, hit.OrganizationId);
        Assert.Equal("北京市卫生健康委员会", hit.OrganizationNameZh);
        Assert.Equal(["CSV", "JSON"], hit.Formats);
        Assert.Equal(["health"], hit.Themes);
        Assert.Equal(SearchOpening.Open, hit.Opening);
        Assert.Equal(document.Modified, hit.Modified);
        Assert.Equal(42, hit.Usage);
        Assert.True(hit.Score > 0);
    }
}
