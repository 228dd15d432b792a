using Agora.Privacy.Classification;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Classification;

public sealed class ClassificationTests
{
    private static ColumnFinding Finding(string column, PiiType type) =>
        new(column, 0, type, type.Category(), 0.99, type.IsSensitive(), 10, 10, 10, 1, 0, [], [], []);

    [Fact]
    public void Sensitive_data_of_many_people_is_at_least_important_and_explained()
    {
        var suggestion = new ClassificationAssistant().Suggest([Finding("身份证号", PiiType.ResidentId), Finding("性别", PiiType.Sex)], "社会保障", 250_000);
        Assert.Equal(SuggestedGrade.Important, suggestion.Grade);
        Assert.Equal(SuggestedSharing.Conditional, suggestion.Sharing);
        Assert.Equal(SuggestedOpening.Closed, suggestion.Opening);
        var hit = Assert.Single(suggestion.Hits, h => h.RuleId == "sensitive-personal-large");
        Assert.Contains("250,000", hit.Explanation, StringComparison.Ordinal);
        Assert.Contains("居民身份证号码", hit.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void No_personal_data_is_general_and_open()
    {
        var suggestion = new ClassificationAssistant().Suggest([Finding("金额", PiiType.None)], "财政预算", 500);
        Assert.Equal(SuggestedGrade.General, suggestion.Grade);
        Assert.Equal(SuggestedSharing.Unconditional, suggestion.Sharing);
        Assert.Equal(SuggestedOpening.Open, suggestion.Opening);
        Assert.Contains(suggestion.Hits, h => h.RuleId == "no-personal-data");
    }

    [Fact]
    public void Core_theme_never_leaves_its_owner()
    {
        var suggestion = new ClassificationAssistant().Suggest([], "国防动员", 10);
        Assert.Equal(SuggestedGrade.Core, suggestion.Grade);
        Assert.Equal(SuggestedSharing.NotShared, suggestion.Sharing);
        Assert.Equal(SuggestedOpening.Closed, suggestion.Opening);
    }

    [Fact]
    public void Operators_can_replace_the_rules_and_bad_rules_are_named()
    {
        var rules = ClassificationRules.Parse("""
            { "rules": [ { "id": "any-phone", "when": { "anyOf": ["mobilePhone"] }, "grade": "important", "explain": "phones: {types}" } ] }
            """);
        var suggestion = new ClassificationAssistant(rules).Suggest([Finding("手机", PiiType.MobilePhone)], null, 1);
        Assert.Equal(SuggestedGrade.Important, suggestion.Grade);
        Assert.Contains(suggestion.Hits, h => h.RuleId == "platform-important");

        var e = Assert.Throws<PrivacyInputException>(() => ClassificationRules.Parse("""{ "rules": [ { "id": "x", "when": { "anyOf": ["shoeSize"] }, "explain": "" } ] }"""));
        Assert.Contains("shoeSize", e.Message, StringComparison.Ordinal);
        Assert.Throws<PrivacyInputException>(() => ClassificationRules.Parse("""{ "rules": [ { "id": "x", "when": { "colour": 1 }, "explain": "" } ] }"""));
    }

    [Fact]
    public void Default_rules_are_readable_json_and_decisions_record_overrides()
    {
        Assert.Contains("\"rules\"", ClassificationRules.DefaultJson(), StringComparison.Ordinal);
        var suggestion = new ClassificationAssistant().Suggest([Finding("姓名", PiiType.PersonName)], null, 100);
        var decision = new ClassificationDecision(suggestion, SuggestedGrade.Important, suggestion.Sharing, SuggestedOpening.Closed, "steward-1", "内部规定", DateTimeOffset.UnixEpoch);
        Assert.True(decision.Overridden);
        Assert.False(ClassificationDecision.Confirm(suggestion, "steward-1", "同意", DateTimeOffset.UnixEpoch).Overridden);
        Assert.Contains("\"overridden\": true", PrivacyJson.Serialize(decision), StringComparison.Ordinal);
    }
}
