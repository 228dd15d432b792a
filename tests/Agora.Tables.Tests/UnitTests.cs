using System.Buffers;
using System.Net;
using System.Text;
using Agora.Tables.Ingest;
using Agora.Tables.Query;

namespace Agora.Tables.Tests;

/// <summary>The parts that need no host: value reading, decoding, the query language and the outbound guard.</summary>
public sealed class UnitTests
{
    [Theory]
    [InlineData("1,234,567", (int)(TypeMask.Integer | TypeMask.Decimal))]
    [InlineData("12.5%", (int)(TypeMask.Decimal))]
    [InlineData("1,23", (int)(TypeMask.None))]
    [InlineData("007", (int)(TypeMask.None))]
    [InlineData("是", (int)(TypeMask.Boolean))]
    [InlineData("N", (int)(TypeMask.Boolean))]
    [InlineData("2019年3月8日", (int)(TypeMask.Date | TypeMask.DateTime))]
    [InlineData("2019.03.08", (int)(TypeMask.Date | TypeMask.DateTime))]
    [InlineData("2019-02-30", (int)(TypeMask.None))]
    [InlineData("2019年3月", (int)(TypeMask.YearMonth))]
    [InlineData("2019/3/8 7:05", (int)(TypeMask.DateTime))]
    [InlineData("20190308", (int)(TypeMask.Integer | TypeMask.Decimal | TypeMask.Date | TypeMask.DateTime))]
    [InlineData("北京", (int)(TypeMask.None))]
    public void Values_are_classified(string value, int expected)
    {
        var traits = default(ColumnTraits);
        Assert.Equal((TypeMask)expected, ValueClassifier.Classify(value, ref traits));
    }

    [Fact]
    public void Gb18030_decoder_matches_the_framework_including_four_byte_sequences()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = "北京市朝阳区 䴖 € 𠀀 abc,123\n";
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(text);
        var output = new byte[bytes.Length * 2];
        Assert.Equal(OperationStatus.Done, DbcsDecoder.Gb18030.Decode(bytes, output, true, out var consumed, out var written));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(text, Encoding.UTF8.GetString(output, 0, written));
        Assert.Equal(OperationStatus.NeedMoreData, DbcsDecoder.Gb18030.Decode(bytes.AsSpan(0, 1), output, false, out _, out _));
    }

    [Fact]
    public void Soql_compiles_values_to_parameters_never_into_the_text()
    {
        var columns = new[] { new TableColumn("name", ColumnType.Text), new TableColumn("n", ColumnType.Integer), new TableColumn("d", ColumnType.Date) };
        var parameters = new List<object?>();
        var compiler = new SoqlCompiler(columns, parameters);
        var sql = compiler.Compile(SoqlParser.ParseExpression("$where", "name = 'x'' OR 1=1 --' AND n IN (1, '2') AND d BETWEEN '2019年1月1日' AND '20191231'"));
        Assert.DoesNotContain("OR 1=1", sql, StringComparison.Ordinal);
        Assert.Equal(["String:x' OR 1=1 --", "Int64:1", "Double:2", "DateOnly:2019-01-01", "DateOnly:2019-12-31"], parameters.Select(p => $"{p!.GetType().Name}:{p switch { DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), _ => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture) }}"));
        Assert.Contains("\"name\" = $1", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a = ")]
    [InlineData("a = 'open")]
    [InlineData("a = 1 )")]
    [InlineData("`open")]
    [InlineData("a NOT 1")]
    [InlineData("a = 1; DROP")]
    public void Soql_syntax_errors_say_where(string where)
    {
        var error = Assert.Throws<SoqlException>(() => SoqlParser.ParseExpression("$where", where));
        Assert.Equal("$where", error.Parameter);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backticks_name_columns_with_punctuation()
    {
        var items = SoqlParser.ParseSelect("`罚款金额（万元）` AS fine, 2017年");
        Assert.Equal("fine", items[0].Alias);
        Assert.Equal("罚款金额（万元）", ((SoqlColumn)items[0].Expr!).Name);
        Assert.Equal("2017年", ((SoqlColumn)items[1].Expr!).Name);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.8", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    public void Outbound_guard_knows_internal_addresses(string address, bool allowed) =>
        Assert.Equal(allowed, OutboundFetcher.IsPublic(IPAddress.Parse(address)));
}
