using System.Text;
using System.Text.Json;
using Agora.Privacy.Cli;

namespace Agora.Privacy.Tests.Cli;

public sealed class PrivacyCliTests
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    [Fact]
    public void Scan_prints_each_column_with_type_and_evidence()
    {
        var file = Write("people.csv", "姓名;手机号;金额\n张伟;13800138000;12.5\n王芳;13900139000;8\n");
        Assert.Equal(0, PrivacyCli.Scan(new ScanOptions(file, ";"), _out, _err));
        var text = _out.ToString();
        Assert.Contains("姓名: personName", text, StringComparison.Ordinal);
        Assert.Contains("手机号: mobilePhone", text, StringComparison.Ordinal);
        Assert.Contains("金额: -", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_json_is_machine_readable_and_detects_the_delimiter()
    {
        var file = Write("people.csv", "姓名;手机号\n张伟;13800138000\n");
        Assert.Equal(0, PrivacyCli.Scan(new ScanOptions(file, Json: true), _out, _err));
        using var json = JsonDocument.Parse(_out.ToString());
        var columns = json.RootElement.GetProperty("columns");
        Assert.Equal(2, columns.GetArrayLength());
        Assert.Equal("mobilePhone", columns[1].GetProperty("type").GetString());
        Assert.Equal("directIdentifier", columns[1].GetProperty("category").GetString());
    }

    [Fact]
    public void Missing_file_is_a_usage_error_naming_it()
    {
        Assert.Equal(2, PrivacyCli.Scan(new ScanOptions("/no/such/file.csv"), _out, _err));
        Assert.Contains("/no/such/file.csv", _err.ToString(), StringComparison.Ordinal);
        Assert.Single(_err.ToString().Trim().Split('\n'));
    }

    [Fact]
    public void Wrong_encoding_is_a_failure_naming_the_line()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var file = Path.Combine(TestPaths.NewTempDirectory(), "gbk.csv");
        File.WriteAllBytes(file, Encoding.GetEncoding("gbk").GetBytes("a,b\n1,2\n张,伟\n"));
        Assert.Equal(1, PrivacyCli.Scan(new ScanOptions(file), _out, _err));
        Assert.Contains("line 3", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, PrivacyCli.Scan(new ScanOptions(file, Encoding: "gbk"), _out, _err));
    }

    [Fact]
    public void Risk_reports_prosecutor_risk_and_rejects_unknown_columns()
    {
        Assert.Equal(0, PrivacyCli.Risk(new RiskOptions(TestPaths.AdultCsv, "sex,age,race", ";"), _out, _err));
        Assert.Contains("prosecutor risk: highest 1", _out.ToString(), StringComparison.Ordinal);

        Assert.Equal(2, PrivacyCli.Risk(new RiskOptions(TestPaths.AdultCsv, "sex,agee", ";"), _out, _err));
        Assert.Contains("'agee'", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymize_adult_writes_the_output_and_the_report()
    {
        var dir = TestPaths.NewTempDirectory();
        var output = Path.Combine(dir, "out.csv");
        var report = Path.Combine(dir, "report.json");
        var code = PrivacyCli.Anonymize(Options(output, report) with { QuasiIdentifiers = null, Suppression = 0.01, K = 10 }, _out, _err);
        Assert.True(code == 0, _err.ToString());

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        Assert.Equal(9, root.GetProperty("transformation").EnumerateObject().Count());
        var suppressed = root.GetProperty("suppressedRecords").GetInt32();
        Assert.InRange(suppressed, 0, (int)(0.01 * 30162));
        Assert.Equal("nonUniformEntropy", root.GetProperty("informationLoss").GetProperty("metric").GetString());
        Assert.True(root.GetProperty("informationLoss").GetProperty("value").GetDouble() > 0);
        Assert.Equal(1.0, root.GetProperty("risk").GetProperty("before").GetProperty("prosecutor").GetProperty("highest").GetDouble());
        Assert.True(root.GetProperty("risk").GetProperty("after").GetProperty("prosecutor").GetProperty("highest").GetDouble() <= 0.1);
        Assert.True(root.GetProperty("elapsedSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("gate").GetProperty("passed").GetBoolean());

        var lines = File.ReadAllLines(output);
        Assert.Equal("sex;age;race;marital-status;education;native-country;workclass;occupation;salary-class", lines[0]);
        Assert.Equal(30162 - suppressed, lines.Length - 1);
    }

    [Fact]
    public void Anonymize_with_qi_subset_and_loss_metric()
    {
        var dir = TestPaths.NewTempDirectory();
        var code = PrivacyCli.Anonymize(Options(Path.Combine(dir, "o.csv"), Path.Combine(dir, "r.json")) with { QuasiIdentifiers = "age,sex,race", Metric = "loss", K = 10 }, _out, _err);
        Assert.True(code == 0, _err.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "r.json")));
        Assert.Equal(3, json.RootElement.GetProperty("transformation").EnumerateObject().Count());
        Assert.Equal("loss", json.RootElement.GetProperty("informationLoss").GetProperty("metric").GetString());
    }

    [Fact]
    public void Anonymize_usage_errors_exit_with_2()
    {
        var dir = TestPaths.NewTempDirectory();
        Assert.Equal(2, PrivacyCli.Anonymize(Options(Path.Combine(dir, "o.csv"), null) with { Metric = "fastest" }, _out, _err));
        Assert.Equal(2, PrivacyCli.Anonymize(Options(Path.Combine(dir, "o.csv"), null) with { Hierarchies = "/no/such/dir" }, _out, _err));
        Assert.Equal(2, PrivacyCli.Anonymize(Options(Path.Combine(dir, "o.csv"), null) with { QuasiIdentifiers = "age,shoe" }, _out, _err));
        Assert.Equal(2, PrivacyCli.Anonymize(Options(Path.Combine(dir, "o.csv"), null) with { Suppression = 1.5 }, _out, _err));
        var errors = _err.ToString();
        Assert.Contains("--metric", errors, StringComparison.Ordinal);
        Assert.Contains("/no/such/dir", errors, StringComparison.Ordinal);
        Assert.Contains("'shoe'", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "o.csv")));
    }

    [Fact]
    public void Anonymize_reports_malformed_hierarchies_and_missing_values_with_file_row_and_column()
    {
        var dir = TestPaths.NewTempDirectory();
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, "age;sex\n30;M\n31;F\n99;F\n");
        File.WriteAllText(Path.Combine(dir, "h_hierarchy_sex.csv"), "M;*\nF;*\n");
        File.WriteAllText(Path.Combine(dir, "h_hierarchy_age.csv"), "30;30-34;*\n31;30-34;*\n");
        var options = new AnonymizeOptions { Input = input, Delimiter = ";", Hierarchies = dir, Output = Path.Combine(dir, "o.csv"), K = 2 };
        Assert.Equal(1, PrivacyCli.Anonymize(options, _out, _err));
        Assert.Contains("row 3, column 'age': value '99'", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("h_hierarchy_age.csv", _err.ToString(), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(dir, "h_hierarchy_age.csv"), "30;30-34;*\n31;30-34\n99;95-99;*\n");
        Assert.Equal(1, PrivacyCli.Anonymize(options, _out, _err));
        Assert.Contains("h_hierarchy_age.csv row 2", _err.ToString(), StringComparison.Ordinal);
    }

    private static AnonymizeOptions Options(string output, string? report) => new()
    {
        Input = TestPaths.AdultCsv,
        Delimiter = ";",
        Hierarchies = TestPaths.Adult,
        QuasiIdentifiers = "sex,age,race,marital-status,education,native-country,workclass,occupation,salary-class",
        K = 5,
        Suppression = 0,
        Metric = "entropy",
        Output = output,
        Report = report,
    };

    private static string Write(string name, string content)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), name);
        File.WriteAllText(path, content);
        return path;
    }
}
