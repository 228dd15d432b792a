using Agora.Catalog.Model;
using Agora.Catalog.Validation;

namespace Agora.Catalog.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("914403001922038216")] // Huawei Technologies Co., Ltd.
    [InlineData("9144030071526726XG")] // Tencent Technology (Shenzhen) Co., Ltd.
    [InlineData("91330100716105852F")] // Alibaba (China) Co., Ltd.
    public void Real_credit_codes_pass_the_check_character(string code) =>
        Assert.Null(CreditCode.Validate(code));

    [Theory]
    [InlineData("914403001922038217", "check character")]
    [InlineData("91440300192203821", "18 characters")]
    [InlineData("9144030019220382I6", "invalid character 'I'")]
    [InlineData("", "required")]
    public void Wrong_credit_codes_say_what_is_wrong(string code, string reason) =>
        Assert.Contains(reason, CreditCode.Validate(code));

    [Fact]
    public void Generated_check_characters_validate() =>
        Assert.True(CreditCode.IsValid(CreditCode.WithCheckCharacter("11330000002482029")));

    [Fact]
    public void Region_table_has_every_province_and_prefecture()
    {
        Assert.Equal(34, RegionCodes.All.Count(r => r.Level == RegionLevel.Province));
        Assert.True(RegionCodes.All.Count(r => r.Level == RegionLevel.Prefecture) >= 330);
        Assert.Equal("浙江省 杭州市 西湖区", RegionCodes.FullName("330106"));
        Assert.Equal("贵州省", RegionCodes.ProvinceOf("520103")!.Name);
        Assert.False(RegionCodes.IsKnown("999999"));
        Assert.False(RegionCodes.IsKnown("11000"));
    }

    [Fact]
    public void Rules_allow_exactly_the_combinations_design_md_allows()
    {
        var allowed = CatalogRules.AllowedCombinations().ToList();
        Assert.Equal(9 + 2 + 1, allowed.Count);
        Assert.Contains((SharingAttribute.NotShared, OpeningAttribute.Closed, SecurityGrade.Core), allowed);
        Assert.DoesNotContain(allowed, c => c.Grade == SecurityGrade.Important && c.Opening != OpeningAttribute.Closed);
        Assert.DoesNotContain(allowed, c => c.Grade == SecurityGrade.Core && c.Sharing != SharingAttribute.NotShared);
    }

    [Fact]
    public void Not_shared_needs_a_legal_basis()
    {
        Assert.Equal("legalBasis", CatalogRules.Check(SharingAttribute.NotShared, OpeningAttribute.Closed, SecurityGrade.General, null)?.Field);
        Assert.Null(CatalogRules.Check(SharingAttribute.NotShared, OpeningAttribute.Closed, SecurityGrade.General, "《数据安全法》"));
    }

    [Fact]
    public void Dataset_input_with_several_problems_names_each_field_and_changes_nothing()
    {
        var dataset = new Dataset { Identifier = "before", TitleZh = "原标题", License = "CC0-1.0" };
        var errors = InputValidation.Apply(new Api.DatasetInput(
            "bad id with spaces", new("\u0001控制字符", null), null, Guid.NewGuid(), ["healthcare", "astrology"], null, "WTFPL",
            null, null, null, new(new DateOnly(2020, 1, 1), new DateOnly(2019, 1, 1)), "999999",
            SharingAttribute.Conditional, null, null, OpeningAttribute.Open, null, SecurityGrade.General,
            [new("a", null, "text", null, FieldSensitivity.None), new("A", null, "uuid", null, FieldSensitivity.None)]), dataset);

        var fields = errors.ToDictionary().Keys;
        Assert.Equivalent(new[] { "identifier", "title.zh", "themes", "license", "temporal.end", "spatialRegionCode", "sharingConditions", "fields[1].name", "fields[1].type" }, fields);
        Assert.Equal("before", dataset.Identifier);
        Assert.Equal("原标题", dataset.TitleZh);
    }
}
