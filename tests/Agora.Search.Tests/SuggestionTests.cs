namespace Agora.Search.Tests;

/// <summary>Suggestions while typing, as the search box shows them: order, visibility, changes, odd input.</summary>
public sealed class SuggestionTests
{
    [Fact]
    public async Task A_Chinese_prefix_suggests_titles_that_start_with_it_first_then_titles_that_contain_it_most_used_first()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("医院床位统计", usage: 5),
            Docs.Make("医疗机构名录", keywords: ["医疗"], usage: 50),
            Docs.Make("北京市医院名录", usage: 1000),
            Docs.Make("朝阳区医保定点", usage: 200),
            Docs.Make("公交线路", usage: 10_000));

        var texts = test.Index.Suggest("医", SearchVisibility.Public).Select(s => s.Text).ToArray();

        // A keyword and the title of the same dataset are equally used: text order between them.
        Assert.Equal(["医疗", "医疗机构名录", "医院床位统计", "北京市医院名录", "朝阳区医保定点"], texts);
    }

    [Fact]
    public async Task An_English_prefix_matches_the_start_of_the_title_or_of_a_word_case_insensitively()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("公交线路", "Bus routes", usage: 10),
            Docs.Make("公交站点", "BUS stops", usage: 300),
            Docs.Make("校车", "School bus timetable", usage: 5_000),
            Docs.Make("公交车辆", "Omnibus fleet", usage: 9_000));

        var texts = test.Index.Suggest("Bus", SearchVisibility.Public).Select(s => s.Text).ToArray();

        // "Omnibus" has "bus" inside a word, not at a word's start: not a suggestion.
        Assert.Equal(["BUS stops", "Bus routes", "School bus timetable"], texts);
        Assert.Equal(["School bus timetable"], test.Index.Suggest("school b", SearchVisibility.Public).Select(s => s.Text));
    }

    [Fact]
    public async Task The_same_title_of_several_datasets_is_suggested_once_for_the_most_used_one()
    {
        var popular = Docs.Make("空气质量日报", usage: 900);
        using var test = await TestIndex.WithAsync(
            Docs.Make("空气质量日报", usage: 3),
            popular,
            Docs.Make("空气质量日报 ", usage: 7),
            Docs.Make("空气质量月报", usage: 1));

        var suggestions = test.Index.Suggest("空气", SearchVisibility.Public);

        Assert.Equal(["空气质量日报", "空气质量月报"], suggestions.Select(s => s.Text));
        Assert.Equal(popular.Id, suggestions[0].DatasetId);
        Assert.Equal(SuggestionKind.Title, suggestions[0].Kind);
    }

    [Fact]
    public async Task A_core_dataset_is_suggested_only_to_its_own_organization_and_the_bureau()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("医院安保核心数据", "Hospital security core data", keywords: ["安保核心"], opening: SearchOpening.Closed,
                sharing: SearchSharing.NotShared, grade: SearchSecurityGrade.Core, organization: Docs.Police, usage: 1_000_000),
            Docs.Make("医院名录", "Hospital list", usage: 1),
            Docs.Make("医院周边交通", opening: SearchOpening.Closed, sharing: SearchSharing.NotShared, organization: Docs.TransportBureau, usage: 2));

        string[] Texts(string prefix, SearchVisibility visibility) => [.. test.Index.Suggest(prefix, visibility).Select(s => s.Text)];

        Assert.Equal(["医院名录"], Texts("医院", SearchVisibility.Public));
        Assert.Equal(["医院周边交通", "医院名录"], Texts("医院", SearchVisibility.Government(Docs.HealthCommission)));
        Assert.Equal(["医院周边交通", "医院名录"], Texts("医院", SearchVisibility.Government()));
        Assert.Equal(["医院安保核心数据", "医院周边交通", "医院名录"], Texts("医院", SearchVisibility.Government(Docs.Police)));
        Assert.Equal(["医院安保核心数据", "医院周边交通", "医院名录"], Texts("医院", SearchVisibility.Bureau));
        Assert.Empty(Texts("安保", SearchVisibility.Public));
        Assert.Empty(Texts("安保", SearchVisibility.Government(Docs.HealthCommission, Docs.TransportBureau)));
        Assert.Equal(["安保核心", "医院安保核心数据"], Texts("安保", SearchVisibility.Government(Docs.TransportBureau, Docs.Police)));
        Assert.Equal(["Hospital security core data", "Hospital list"], Texts("hosp", SearchVisibility.Government(Docs.Police)));
        Assert.Equal(["Hospital list"], Texts("hosp", SearchVisibility.Government(Docs.TransportBureau)));
    }

    [Fact]
    public async Task Changes_show_in_suggestions_after_a_refresh()
    {
        var renamed = Docs.Make("公交线路", usage: 100);
        var removed = Docs.Make("公交站点", usage: 50);
        var hidden = Docs.Make("公交票价", usage: 20);
        using var test = await TestIndex.WithAsync(renamed, removed, hidden, Docs.Make("公交车辆", usage: 10));
        Assert.Equal(["公交线路", "公交站点", "公交票价", "公交车辆"], test.Index.Suggest("公交", SearchVisibility.Public).Select(s => s.Text));

        test.Index.Upsert(renamed with { TitleZh = "地铁线路", Usage = 100 });
        test.Index.Delete(removed.Id);
        test.Index.Upsert(hidden with { Opening = SearchOpening.Closed });
        test.Index.Upsert(Docs.Make("公交换乘", usage: 5_000));
        await test.Index.RefreshAsync();

        Assert.Equal(["公交换乘", "公交车辆"], test.Index.Suggest("公交", SearchVisibility.Public).Select(s => s.Text));
        Assert.Equal(["公交换乘", "公交票价", "公交车辆"], test.Index.Suggest("公交", SearchVisibility.Bureau).Select(s => s.Text));
        Assert.Equal(["地铁线路"], test.Index.Suggest("地铁", SearchVisibility.Public).Select(s => s.Text));
    }

    [Fact]
    public async Task Among_hundreds_of_matches_the_most_used_visible_ones_are_suggested_also_after_changes()
    {
        var random = new Random(7);
        string[] regions = ["北京市", "上海市", "天津市", "重庆市", "河北省", "山西省"];
        var documents = Enumerable.Range(0, 600).Select(i => Docs.Make(
            (i % 3 == 0 ? "" : regions[i % regions.Length]) + "医疗机构名录" + i,
            $"Medical institutions {i}",
            opening: i % 4 == 0 ? SearchOpening.Closed : SearchOpening.Open,
            grade: i % 10 == 0 ? SearchSecurityGrade.Core : SearchSecurityGrade.General,
            organization: i % 2 == 0 ? Docs.Police : Docs.HealthCommission,
            usage: random.Next(0, 5_000))).ToList();
        using var test = await TestIndex.WithAsync([.. documents]);

        foreach (var round in new[] { 1, 2 })
        {
            if (round == 2)
            {
                // Updates delete the old version of a dataset inside its segment: the most used ones change.
                foreach (var document in documents.OrderByDescending(d => d.Usage).Take(40).ToList())
                {
                    documents.Remove(document);
                    test.Index.Delete(document.Id);
                }
                documents[0] = documents[0] with { Usage = 1_000_000 };
                test.Index.Upsert(documents[0]);
                await test.Index.RefreshAsync();
            }
            foreach (var (visibility, sees) in new (SearchVisibility, Func<SearchDocument, bool>)[]
            {
                (SearchVisibility.Public, d => d.Opening != SearchOpening.Closed && d.SecurityGrade != SearchSecurityGrade.Core),
                (SearchVisibility.Government(Docs.HealthCommission), d => d.SecurityGrade != SearchSecurityGrade.Core || d.OrganizationId == Docs.HealthCommission),
                (SearchVisibility.Government(Docs.Police), d => d.SecurityGrade != SearchSecurityGrade.Core || d.OrganizationId == Docs.Police),
                (SearchVisibility.Bureau, _ => true),
            })
            {
                var visible = documents.Where(sees).ToList();
                string[] Expected(Func<string, bool> leading, Func<string, bool> inner) =>
                [
                    .. visible.Where(d => leading(d.TitleZh)).OrderByDescending(d => d.Usage).ThenBy(d => d.TitleZh, StringComparer.Ordinal).Select(d => d.TitleZh)
                        .Concat(visible.Where(d => !leading(d.TitleZh) && inner(d.TitleZh)).OrderByDescending(d => d.Usage).ThenBy(d => d.TitleZh, StringComparer.Ordinal).Select(d => d.TitleZh))
                        .Take(20),
                ];

                Assert.Equal(
                    Expected(t => t.StartsWith("医疗", StringComparison.Ordinal), t => t.Contains("医疗", StringComparison.Ordinal)),
                    test.Index.Suggest("医疗", visibility, limit: 20).Select(s => s.Text));
                Assert.Equal(
                    Expected(_ => false, t => t.Contains("机构", StringComparison.Ordinal)),
                    test.Index.Suggest("机构", visibility, limit: 20).Select(s => s.Text));
                Assert.Equal(
                    Expected(t => t.StartsWith("北京市", StringComparison.Ordinal), _ => false),
                    test.Index.Suggest("北京市", visibility, limit: 20).Select(s => s.Text));
                Assert.Equal(
                    [.. visible.OrderByDescending(d => d.Usage).ThenBy(d => d.TitleEn, StringComparer.Ordinal).Select(d => d.TitleEn).Take(20)],
                    test.Index.Suggest("medical", visibility, limit: 20).Select(s => s.Text));
            }
        }
    }

    [Theory]
    [InlineData("医*")]
    [InlineData("*")]
    [InlineData("??")]
    [InlineData("医院 AND title_zh:*")]
    [InlineData("sg_whole:医院")]
    [InlineData("\"医院")]
    [InlineData("医院~2")]
    [InlineData("(医院")]
    [InlineData("'; DROP TABLE datasets; --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\\")]
    [InlineData("\u0000医")]
    [InlineData("\ud800")]
    public async Task Hostile_input_finds_nothing_and_fails_nothing(string prefix)
    {
        using var test = await TestIndex.WithAsync(Docs.Make("医院名录", "Hospital list", keywords: ["医院"], usage: 3));

        Assert.Empty(test.Index.Suggest(prefix, SearchVisibility.Bureau));
    }

    [Fact]
    public async Task Characters_that_mean_something_to_Lucene_or_HTML_are_matched_as_they_are()
    {
        using var test = await TestIndex.WithAsync(
            Docs.Make("C++ 开发者<调查>", "C++ survey <2024> & more", usage: 2),
            Docs.Make("开发者名录", usage: 1));

        Assert.Equal(["C++ survey <2024> & more", "C++ 开发者<调查>"], test.Index.Suggest("c++", SearchVisibility.Public).Select(s => s.Text));
        Assert.Equal(["C++ survey <2024> & more"], test.Index.Suggest("2024>", SearchVisibility.Public).Select(s => s.Text));
        Assert.Equal(["开发者名录", "C++ 开发者<调查>"], test.Index.Suggest("开发者", SearchVisibility.Public).Select(s => s.Text));
    }

    [Fact]
    public async Task A_very_long_prefix_is_cut_and_still_matches_a_long_title()
    {
        var title = new string('长', 60) + "数据";
        using var test = await TestIndex.WithAsync(Docs.Make(title, usage: 1));

        Assert.Equal([title], test.Index.Suggest(new string('长', 10_000), SearchVisibility.Public).Select(s => s.Text));
        Assert.Empty(test.Index.Suggest(new string('短', 10_000), SearchVisibility.Public));
        Assert.Empty(test.Index.Suggest("医", SearchVisibility.Public, limit: 0));
        Assert.Single(test.Index.Suggest("长", SearchVisibility.Public, limit: int.MaxValue));
    }
}
