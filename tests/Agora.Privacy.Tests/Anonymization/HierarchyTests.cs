using Agora.Privacy.Hierarchies;

namespace Agora.Privacy.Tests.Anonymization;

public sealed class HierarchyTests
{
    [Fact]
    public void Adult_hierarchies_are_read_by_attribute()
    {
        var hierarchies = HierarchyReader.ReadDirectory(TestPaths.Adult);
        Assert.Equal(9, hierarchies.Count);
        Assert.Equal(5, hierarchies["age"].Height);
        Assert.Equal("20-24", hierarchies["age"].Generalize("23", 1));
        Assert.Equal("*", hierarchies["marital-status"].Generalize("Divorced", 2));
        Assert.Equal("marital-status", HierarchyReader.AttributeOf("x/adult_hierarchy_marital-status.csv"));
        Assert.Null(HierarchyReader.AttributeOf("x/adult.csv"));
    }

    [Theory]
    [InlineData("a;b;*\nc;d\n", "2 levels")]
    [InlineData("a;x;*\na;y;*\n", "listed twice")]
    [InlineData("a;x;1;*\nb;x;2;*\n", "must be a tree")]
    [InlineData("a\n", "one level")]
    public void Malformed_hierarchies_are_rejected_with_file_and_row(string content, string expected)
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "t_hierarchy_col.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<PrivacyInputException>(() => HierarchyReader.ReadFile(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Equal("col", e.Column);
        Assert.NotNull(e.Row);
    }

    [Fact]
    public void Region_codes_generalize_county_city_province()
    {
        var h = HierarchyBuilder.RegionCodes("region", ["110108", "440305", "440300"]);
        Assert.Equal(["110108", "110100", "110000", "*"], h.Rows.First());
        Assert.Equal("440300", h.Generalize("440305", 1));
        Assert.Equal("440000", h.Generalize("440300", 2));
        Assert.Throws<PrivacyInputException>(() => HierarchyBuilder.RegionCodes("region", ["4403"]));
    }

    [Fact]
    public void Dates_ages_and_numbers_get_automatic_hierarchies()
    {
        var dates = HierarchyBuilder.Dates("birth", ["1985-03-07", "1989-12-31"]);
        Assert.Equal(["1985-03-07", "1985-03", "1985", "1980-1989", "*"], dates.Rows.First());

        var ages = HierarchyBuilder.Ages("age", ["37", "8"]);
        Assert.Equal(["37", "35-39", "30-39", "20-39", "*"], ages.Rows.First());

        var numbers = HierarchyBuilder.Numbers("income", ["0", "1234", "5000", "9999"]);
        Assert.Equal("*", numbers.Generalize("1234", numbers.MaxLevel));
        Assert.StartsWith("[", numbers.Generalize("1234", 1), StringComparison.Ordinal);
        for (var l = 1; l < numbers.MaxLevel; l++)
        {
            // Coarser levels never split what a finer level joined.
            var groups = numbers.Rows.GroupBy(r => r[l]);
            Assert.All(groups, g => Assert.Single(g.Select(r => r[l + 1]).Distinct()));
        }
    }

    [Fact]
    public void Inference_picks_the_builder_from_the_values()
    {
        Assert.Equal("automatic:age", HierarchyBuilder.Infer("年龄", ["35", "42", "7"]).Source);
        Assert.Equal("automatic:date", HierarchyBuilder.Infer("d", ["2001-01-02", "2003-04-05"]).Source);
        Assert.Equal("automatic:region", HierarchyBuilder.Infer("行政区划代码", ["110101", "440305", "510107"]).Source);
        Assert.Equal("automatic:suppression", HierarchyBuilder.Infer("colour", ["red", "blue"]).Source);
    }
}
