using Agora.Privacy.Data;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Detection;

public sealed class ScannerTests
{
    private readonly PiiScanner _scanner = new();

    [Fact]
    public void Resident_ids_are_found_from_values_alone_with_evidence()
    {
        string[] values = ["11010519491231002X", "440305198512011237", "110101199003074514", "", "110101199003074519"];
        var finding = _scanner.ScanColumn("col1", values);
        Assert.Equal(PiiType.ResidentId, finding.Type);
        Assert.Equal(PiiCategory.DirectIdentifier, finding.Category);
        Assert.True(finding.Sensitive);
        Assert.Contains(finding.Evidence, e => e.Contains("GB 11643", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, e => e.Contains("wrong check character", StringComparison.Ordinal));
        Assert.DoesNotContain(finding.Examples, e => e.Contains("1949123", StringComparison.Ordinal));
    }

    [Fact]
    public void Masked_ids_are_recognised_as_masked()
    {
        var finding = _scanner.ScanColumn("身份证号", Enumerable.Repeat("110101********4514", 20));
        Assert.Equal(PiiType.ResidentId, finding.Type);
        Assert.True(finding.LooksMasked);
    }

    [Theory]
    [InlineData("手机号码", new[] { "13800138000", "139 0013 8000", "+86 15912345678", "186****1234" }, PiiType.MobilePhone)]
    [InlineData("tel", new[] { "010-62751234", "(0571)87654321", "0755 23456789" }, PiiType.Landline)]
    [InlineData("邮箱", new[] { "zhang.san@163.com", "li_si2000@qq.com", "z***@gov.cn" }, PiiType.Email)]
    [InlineData("姓名", new[] { "张伟", "王芳", "欧阳娜娜", "李*", "热依拉·艾力" }, PiiType.PersonName)]
    [InlineData("x", new[] { "北京市海淀区中关村大街27号", "广东省深圳市南山区科技园南路18号3栋1201室", "河南省周口市太康县王集乡李庄村3组12号" }, PiiType.Address)]
    [InlineData("x", new[] { "京A12345", "粤B·D12345", "沪C5R321" }, PiiType.LicensePlate)]
    [InlineData("x", new[] { "192.168.1.20", "114.80.166.240", "2408:8207:1850::1" }, PiiType.IpAddress)]
    [InlineData("x", new[] { "116.397128,39.916527", "39.9042, 116.4074" }, PiiType.Coordinates)]
    [InlineData("纬度", new[] { "39.916527", "31.230416" }, PiiType.Coordinates)]
    [InlineData("x", new[] { "91350100M000100Y43", "91110000802100433B" }, PiiType.SocialCreditCode)]
    [InlineData("护照号码", new[] { "E12345678", "EA1234567", "G12345678" }, PiiType.Passport)]
    [InlineData("x", new[] { "男", "女", "女", "男" }, PiiType.Sex)]
    [InlineData("xb", new[] { "1", "2", "2", "1" }, PiiType.Sex)]
    [InlineData("x", new[] { "汉族", "回族", "维吾尔族", "汉族" }, PiiType.Ethnicity)]
    [InlineData("年龄", new[] { "35", "42", "7", "88" }, PiiType.Age)]
    [InlineData("出生日期", new[] { "1985-03-07", "1990/1/2", "19770405", "1968年5月3日" }, PiiType.BirthDate)]
    [InlineData("行政区划代码", new[] { "110101", "440305", "510107" }, PiiType.RegionCode)]
    [InlineData("邮编", new[] { "100080", "200030", "510620" }, PiiType.Postcode)]
    [InlineData("x", new[] { "本科", "大专", "硕士研究生", "高中" }, PiiType.Education)]
    [InlineData("x", new[] { "已婚", "未婚", "离异", "丧偶" }, PiiType.MaritalStatus)]
    [InlineData("x", new[] { "教师", "医生", "公务员", "农民" }, PiiType.Occupation)]
    public void Each_type_is_recognised(string column, string[] values, PiiType expected) =>
        Assert.Equal(expected, _scanner.ScanColumn(column, values).Type);

    [Theory]
    [InlineData("金额", new[] { "12.50", "3000.00", "99.99" })]
    [InlineData("流水号", new[] { "202403150000123456", "202403150000123457" })]
    [InlineData("办理日期", new[] { "2023-05-01", "2023-05-02", "2024-01-09" })]
    [InlineData("数量", new[] { "3", "17", "40" })]
    [InlineData("单位名称", new[] { "北京星辰科技有限公司", "上海华信贸易有限公司" })]
    public void Ordinary_columns_are_not_flagged(string column, string[] values) =>
        Assert.Equal(PiiType.None, _scanner.ScanColumn(column, values).Type);

    [Fact]
    public void Bank_cards_report_luhn_as_a_signal()
    {
        var finding = _scanner.ScanColumn("银行卡号", ["6222020200112233445", "6217001234567890123", "4111111111111111"]);
        Assert.Equal(PiiType.BankCard, finding.Type);
        Assert.Contains(finding.Evidence, e => e.Contains("Luhn", StringComparison.Ordinal));
    }

    [Fact]
    public void Scanning_a_file_reads_every_row_and_names_columns()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "people.csv");
        File.WriteAllText(path, "姓名,身份证号,备注\n张伟,11010519491231002X,无\n王芳,440305198512011237,已办结\n");
        var report = _scanner.ScanFile(path);
        Assert.Equal(2, report.Rows);
        Assert.Equal(PiiType.PersonName, report["姓名"]!.Type);
        Assert.Equal(PiiType.ResidentId, report["身份证号"]!.Type);
        Assert.Equal(PiiType.None, report["备注"]!.Type);
    }

    [Fact]
    public void Gb18030_file_is_rejected_as_utf8_with_the_line_and_read_with_the_right_encoding()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "gb.csv");
        File.WriteAllBytes(path, System.Text.Encoding.GetEncoding("gb18030").GetBytes("name,sex\nzhang,男\nwang,女\n"));
        var e = Assert.Throws<PrivacyInputException>(() => _scanner.ScanFile(path));
        Assert.Equal(PrivacyErrorKind.Failure, e.Kind);
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("gb18030", e.Message, StringComparison.Ordinal);
        var report = _scanner.ScanFile(path, new CsvFormat(',', "gb18030"));
        Assert.Equal(PiiType.Sex, report["sex"]!.Type);
    }
}
