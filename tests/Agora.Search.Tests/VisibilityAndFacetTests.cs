namespace Agora.Search.Tests;

public sealed class VisibilityAndFacetTests
{
    private static readonly SearchDocument OpenHealth = Docs.Make("医院名录", themes: ["health"], formats: ["CSV", "json"]);
    private static readonly SearchDocument ConditionalHealth = Docs.Make("医院床位", opening: SearchOpening.Conditional, sharing: SearchSharing.Conditional, themes: ["health"]);
    private static readonly SearchDocument ClosedTransport = Docs.Make("医院周边交通", opening: SearchOpening.Closed, sharing: SearchSharing.NotShared, organization: Docs.TransportBureau, themes: ["transport"]);
    private static readonly SearchDocument CorePolice = Docs.Make("医院安保核心数据", opening: SearchOpening.Closed, sharing: SearchSharing.NotShared, grade: SearchSecurityGrade.Core, organization: Docs.Police, themes: ["security"], formats: ["XLSX"]);
    private static readonly SearchDocument MislabelledCore = Docs.Make("医院核心开放错标", opening: SearchOpening.Open, grade: SearchSecurityGrade.Core, organization: Docs.Police, themes: ["security"]);

    private static Task<TestIndex> IndexAsync() => TestIndex.WithAsync(OpenHealth, ConditionalHealth, ClosedTransport, CorePolice, MislabelledCore);

    [Fact]
    public async Task The_public_sees_open_and_conditional_data_and_never_core_data()
    {
        using var test = await IndexAsync();

        var result = test.Search("医院", SearchVisibility.Public);

        Assert.Equal(2, result.Total);
        Assert.Equal(new[] { OpenHealth.Id, ConditionalHealth.Id }.Order(), result.Items.Select(i => i.Id).Order());
        Assert.Equal([new FacetValue("health", 2)], result.Facets[SearchFacets.Theme]);
        Assert.Equal(["conditional", "open"], result.Facets[SearchFacets.Opening].Select(f => f.Value).Order());
        Assert.DoesNotContain(result.Facets[SearchFacets.Organization], f => f.Value == Docs.Police.ToString());
        Assert.False(result.Facets.ContainsKey(SearchFacets.SecurityGrade));
        Assert.False(result.Facets.ContainsKey(SearchFacets.Sharing));
        Assert.All(result.Items, i => Assert.Null(i.SecurityGrade));
        Assert.Equal(2, test.Search(null, SearchVisibility.Public).Total);
    }

    [Fact]
    public async Task A_government_member_sees_everything_but_other_organizations_core_data()
    {
        using var test = await IndexAsync();

        var outsider = test.Search("医院", SearchVisibility.Government(Docs.HealthCommission));
        var owner = test.Search("医院", SearchVisibility.Government(Docs.Police));

        Assert.Equal(3, outsider.Total);
        Assert.Equal([new FacetValue("general", 3)], outsider.Facets[SearchFacets.SecurityGrade]);
        Assert.Equal(5, owner.Total);
        Assert.Equal(2, owner.Facets[SearchFacets.SecurityGrade].Single(f => f.Value == "core").Count);
        Assert.Contains(outsider.Facets[SearchFacets.Sharing], f => f is { Value: "notShared", Count: 1 });
    }

    [Fact]
    public async Task The_bureau_sees_everything()
    {
        using var test = await IndexAsync();

        var result = test.Search("医院", SearchVisibility.Bureau);

        Assert.Equal(5, result.Total);
        Assert.Equal(5, result.Facets[SearchFacets.Theme].Sum(f => f.Count));
    }

    [Fact]
    public async Task Hidden_datasets_are_not_suggested()
    {
        using var test = await IndexAsync();

        var forPublic = test.Index.Suggest("医院", SearchVisibility.Public).Select(s => s.Text).ToArray();
        var forBureau = test.Index.Suggest("医院", SearchVisibility.Bureau).Select(s => s.Text).ToArray();

        Assert.Equal(new[] { "医院名录", "医院床位" }.Order(StringComparer.Ordinal), forPublic.Order(StringComparer.Ordinal));
        Assert.Contains("医院安保核心数据", forBureau);
    }

    [Fact]
    public async Task Facet_counts_are_correct_for_multi_valued_fields()
    {
        using var test = await IndexAsync();

        var result = test.Search(null, SearchVisibility.Bureau);

        var formats = result.Facets[SearchFacets.Format].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(new Dictionary<string, int> { ["CSV"] = 4, ["JSON"] = 1, ["XLSX"] = 1 }, formats);
        Assert.Equal(new FacetValue("security", 2), result.Facets[SearchFacets.Theme][1]);
    }

    [Fact]
    public async Task Filters_or_within_a_facet_and_across_facets()
    {
        using var test = await IndexAsync();

        var result = test.Search(null, SearchVisibility.Bureau, q => q with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>>
            {
                [SearchFacets.Theme] = ["health", "transport"],
                [SearchFacets.Opening] = ["open", "closed"],
            },
        });

        Assert.Equal(new[] { ClosedTransport.Id, OpenHealth.Id }.Order(), result.Items.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task A_facet_filtered_on_itself_still_counts_its_other_values()
    {
        using var test = await IndexAsync();

        var result = test.Search(null, SearchVisibility.Bureau, q => q with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [SearchFacets.Theme] = ["transport"] },
        });

        Assert.Equal(1, result.Total);
        var themes = result.Facets[SearchFacets.Theme].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(new Dictionary<string, int> { ["health"] = 2, ["security"] = 2, ["transport"] = 1 }, themes);
        Assert.Equal([new FacetValue("closed", 1)], result.Facets[SearchFacets.Opening]);
    }

    [Fact]
    public async Task Facets_filtered_on_themselves_keep_the_words_the_other_filters_and_visibility()
    {
        using var test = await IndexAsync();

        var result = test.Search("医院", SearchVisibility.Public, q => q with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>>
            {
                [SearchFacets.Theme] = ["health"],
                [SearchFacets.Opening] = ["open"],
            },
        });

        Assert.Equal([OpenHealth.Id], result.Items.Select(i => i.Id));
        // Opening counted under the theme filter only; theme under the opening filter only, and never the core
        // dataset mislabelled open, which the public does not see.
        Assert.Equal(["conditional:1", "open:1"], result.Facets[SearchFacets.Opening].Select(f => $"{f.Value}:{f.Count}").Order());
        Assert.Equal([new FacetValue("health", 1)], result.Facets[SearchFacets.Theme]);
        Assert.Equal(["CSV:1", "JSON:1"], result.Facets[SearchFacets.Format].Select(f => $"{f.Value}:{f.Count}").Order());
    }

    [Fact]
    public async Task Organization_facet_names_the_organizations()
    {
        using var test = await IndexAsync();

        var organizations = test.Search(null, SearchVisibility.Public).Facets[SearchFacets.Organization];

        var health = Assert.Single(organizations);
        Assert.Equal(new FacetValue(Docs.HealthCommission.ToString(), 2, "北京市卫生健康委员会", "Beijing Health Commission"), health);
    }

    [Fact]
    public async Task Only_the_facets_asked_for_are_counted()
    {
        using var test = await IndexAsync();

        var result = test.Search(null, SearchVisibility.Public, q => q with { Facets = [SearchFacets.Format] });

        Assert.Equal([SearchFacets.Format], result.Facets.Keys);
        Assert.Empty(test.Search(null, SearchVisibility.Public, q => q with { Facets = [] }).Facets);
    }

    [Fact]
    public async Task Government_only_filters_and_facets_are_refused_to_the_public()
    {
        using var test = await IndexAsync();

        var filter = Assert.Throws<SearchQueryException>(() => test.Search(null, SearchVisibility.Public, q => q with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [SearchFacets.SecurityGrade] = ["core"] },
        }));
        var facet = Assert.Throws<SearchQueryException>(() => test.Search(null, SearchVisibility.Public, q => q with { Facets = [SearchFacets.Sharing] }));

        Assert.Equal(("filter-not-allowed", "filter.securityGrade"), (filter.Code, filter.Field));
        Assert.Equal("facet-not-allowed", facet.Code);
    }

    [Fact]
    public async Task Government_users_filter_on_sharing_and_grade()
    {
        using var test = await IndexAsync();

        var result = test.Search(null, SearchVisibility.Government(Docs.Police), q => q with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>>
            {
                [SearchFacets.SecurityGrade] = ["core"],
                [SearchFacets.Sharing] = ["notShared"],
            },
        });

        Assert.Equal([CorePolice.Id], result.Items.Select(i => i.Id));
        Assert.Equal(SearchSecurityGrade.Core, result.Items[0].SecurityGrade);
    }

    [Theory]
    [InlineData("nope", "x", "unknown-filter", "filter.nope")]
    [InlineData(SearchFacets.Region, "11", "invalid-filter-value", "filter.region")]
    [InlineData(SearchFacets.Opening, "public", "invalid-filter-value", "filter.opening")]
    [InlineData(SearchFacets.Organization, "health", "invalid-filter-value", "filter.organization")]
    public async Task Bad_filters_are_named(string name, string value, string code, string field)
    {
        using var test = await IndexAsync();

        var error = Assert.Throws<SearchQueryException>(() => test.Search(null, SearchVisibility.Bureau, q => q with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [name] = [value] },
        }));

        Assert.Equal((code, field), (error.Code, error.Field));
    }

    [Fact]
    public async Task Filter_values_are_matched_case_insensitively_where_the_values_are_words()
    {
        using var test = await IndexAsync();

        var result = test.Search(null, SearchVisibility.Bureau, q => q with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>>
            {
                [SearchFacets.Format] = ["xlsx"],
                [SearchFacets.Opening] = ["Closed"],
                [SearchFacets.Organization] = [Docs.Police.ToString("N")],
            },
        });

        Assert.Equal([CorePolice.Id], result.Items.Select(i => i.Id));
    }
}
