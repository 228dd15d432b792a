using System.Text.Json;
using Agora.Privacy.Data;
using Agora.Privacy.Gate;

namespace Agora.Privacy.Tests.Risk;

public sealed class PublishGateTests
{
    [Fact]
    public void Untransformed_direct_identifier_fails_the_gate_with_evidence()
    {
        var rows = Enumerable.Range(0, 50).Select(i => (IReadOnlyList<string>)["11010519491231002X", i % 2 == 0 ? "男" : "女"]).ToArray();
        var table = DataTable.FromRows(["身份证号", "性别"], rows);
        var verdict = new PublishGate().Evaluate(table);
        Assert.False(verdict.Passed);
        var failed = Assert.Single(verdict.Checks, c => !c.Passed);
        Assert.Equal("身份证号", failed.Column);
        Assert.Contains("residentId", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transformed_identifiers_and_low_risk_pass_and_the_verdict_serialises()
    {
        var rows = Enumerable.Range(0, 60).Select(i => (IReadOnlyList<string>)["110101********4514", i % 2 == 0 ? "男" : "女", (20 + (i % 3 * 10)).ToString(System.Globalization.CultureInfo.InvariantCulture)]).ToArray();
        var table = DataTable.FromRows(["身份证号", "性别", "年龄"], rows);
        var verdict = new PublishGate().Evaluate(table);
        Assert.True(verdict.Passed, string.Join("; ", verdict.Checks.Select(c => c.Message)));
        Assert.Equal(["性别", "年龄"], verdict.QuasiIdentifiers);
        Assert.Equal(0.1, verdict.HighestProsecutorRisk, 12);

        var json = PrivacyJson.Serialize(verdict);
        using var document = JsonDocument.Parse(json);
        Assert.True(document.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(0.2, document.RootElement.GetProperty("threshold").GetDouble());
        Assert.True(document.RootElement.GetProperty("checks").GetArrayLength() >= 2);
        var back = PrivacyJson.Deserialize<GateVerdict>(json);
        Assert.Equal(verdict.Passed, back!.Passed);
    }

    [Fact]
    public void High_risk_fails_even_without_direct_identifiers()
    {
        var rows = Enumerable.Range(0, 30).Select(i => (IReadOnlyList<string>)[i % 2 == 0 ? "男" : "女", (18 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)]).ToArray();
        var verdict = new PublishGate().Evaluate(DataTable.FromRows(["性别", "年龄"], rows));
        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Checks, c => c.Rule == "prosecutor-risk" && !c.Passed);
        Assert.Equal(1.0, verdict.HighestProsecutorRisk);
    }

    [Fact]
    public void Declared_transforms_count_as_protection()
    {
        var rows = Enumerable.Range(0, 20).Select(_ => (IReadOnlyList<string>)["13800138000"]).ToArray();
        var table = DataTable.FromRows(["手机号"], rows);
        var verdict = new PublishGate().Evaluate(table, new GateOptions { TransformedColumns = new Dictionary<string, string> { ["手机号"] = "pseudonymize" } });
        Assert.True(verdict.Passed);
    }
}
