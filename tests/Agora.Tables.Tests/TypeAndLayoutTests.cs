using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Agora.Tables.Tests;

/// <summary>Types, null tokens, header repair and steward overrides, on small files made here.</summary>
public sealed class TypeAndLayoutTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TablesHost Host => fixture.Host;

    private const string Mixed =
        "编号,金额,增长率,是否公开,日期一,日期二,日期三,日期四,日期五,年月,时间,邮编,备注\n" +
        "1,\"1,234\",12.5%,是,2019-03-08,2019/3/8,2019年3月8日,20190308,2019.03.08,2019年3月,2019-03-08 09:30:00,010020,-\n" +
        "2,\"12,345,678\",-3%,否,2020-12-31,2020/12/31,2020年12月31日,20201231,2020.12.31,2020年12月,2020-12-31 23:59,100080,无\n" +
        "3,—,/,是,NULL,,无,-,—,2021年1月,,200000,正常\n";

    [Fact]
    public async Task Every_type_is_inferred_and_converted()
    {
        var id = Host.Access.Create();
        var job = await Host.IngestAsync(id, Encoding.UTF8.GetBytes(Mixed), "mixed.csv");
        TablesHost.Succeeded(job);
        var types = job.GetProperty("result").GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());
        Assert.Equal("integer", types["编号"]);
        Assert.Equal("integer", types["金额"]);
        Assert.Equal("decimal", types["增长率"]);
        Assert.Equal("boolean", types["是否公开"]);
        foreach (var date in new[] { "日期一", "日期二", "日期三", "日期四", "日期五" })
        {
            Assert.Equal("date", types[date]);
        }
        Assert.Equal("yearMonth", types["年月"]);
        Assert.Equal("dateTime", types["时间"]);
        Assert.Equal("text", types["邮编"]);
        Assert.Equal("text", types["备注"]);

        var rows = (await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows?$order=编号")).GetProperty("rows");
        Assert.Equal(12345678, rows[1].GetProperty("金额").GetInt64());
        Assert.Equal(-3, rows[1].GetProperty("增长率").GetDouble());
        Assert.False(rows[1].GetProperty("是否公开").GetBoolean());
        Assert.All(new[] { "日期一", "日期二", "日期三", "日期四", "日期五" }, c => Assert.Equal("2019-03-08", rows[0].GetProperty(c).GetString()));
        Assert.Equal("2019-03-08T09:30:00", rows[0].GetProperty("时间").GetString());
        Assert.Equal("010020", rows[0].GetProperty("邮编").GetString());
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("金额").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("日期三").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("备注").ValueKind);
    }

    [Fact]
    public async Task Merged_header_rows_are_joined_and_blank_or_repeated_names_made_unique()
    {
        var csv = "表1 各地区主要指标\n地区,GDP,,人口,\n,总量,增速,总量,增速\n北京,100,5.1,2000,1.2\n上海,120,4.9,2400,0.8\n";
        var job = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes(csv), "merged.csv");
        TablesHost.Succeeded(job);
        var names = job.GetProperty("result").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["地区", "GDP_总量", "GDP_增速", "人口_总量", "人口_增速"], names);

        var repeated = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes("名称,,名称,值\na,b,c,1\n"), "dup.csv");
        TablesHost.Succeeded(repeated);
        Assert.Equal(["名称", "column_2", "名称_2", "值"], repeated.GetProperty("result").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList());
    }

    [Fact]
    public async Task Tab_and_semicolon_delimiters_are_detected()
    {
        var tsv = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes("a\tb\n1\tx,y\n2\tz\n"), "t.tsv");
        TablesHost.Succeeded(tsv);
        Assert.Equal("\t", tsv.GetProperty("result").GetProperty("delimiter").GetString());
        var semi = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes("a;b;c\n1;2;3\n4;5;6\n"), "s.csv");
        TablesHost.Succeeded(semi);
        Assert.Equal(";", semi.GetProperty("result").GetProperty("delimiter").GetString());
    }

    [Fact]
    public async Task Json_ndjson_and_parquet_are_ingested()
    {
        var json = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes("""[{"名称":"甲","数量":"1,200","日期":"2019年3月8日"},{"名称":"乙","数量":5,"extra":{"a":1}}]"""), "a.json");
        TablesHost.Succeeded(json);
        var columns = json.GetProperty("result").GetProperty("columns");
        Assert.Equal("integer", columns[1].GetProperty("type").GetString());
        Assert.Equal("extra", columns[3].GetProperty("name").GetString());

        var id = Host.Access.Create();
        TablesHost.Succeeded(await Host.IngestAsync(id, Encoding.UTF8.GetBytes("{\"k\":1,\"v\":\"x\"}\n{\"k\":2,\"v\":\"y\"}\n"), "a.ndjson"));
        using var parquet = await Host.SendAsync(HttpMethod.Get, $"/api/v1/distributions/{id}/download?format=parquet");
        var bytes = await parquet.Content.ReadAsByteArrayAsync();
        var again = Host.Access.Create();
        var job = await Host.IngestAsync(again, bytes, "copy.parquet");
        TablesHost.Succeeded(job);
        Assert.Equal(2, job.GetProperty("result").GetProperty("rowCount").GetInt64());
        Assert.Equal("integer", job.GetProperty("result").GetProperty("columns")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Steward_override_retypes_from_the_stored_source()
    {
        var id = Host.Access.Create();
        TablesHost.Succeeded(await Host.IngestAsync(id, Encoding.UTF8.GetBytes("code,name\n110101,东城区\n110102,西城区\n"), "codes.csv"));
        var schema = await Host.GetJsonAsync($"/api/v1/distributions/{id}/schema");
        Assert.Equal("integer", schema.GetProperty("columns")[0].GetProperty("type").GetString());

        using var bad = await Host.SendAsync(HttpMethod.Put, $"/api/v1/distributions/{id}/schema", content: JsonContent.Create(new { columns = new[] { new { name = "nope", type = "text" } } }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"field\":\"columns[0].name\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var put = await Host.SendAsync(HttpMethod.Put, $"/api/v1/distributions/{id}/schema", content: JsonContent.Create(new { columns = new[] { new { name = "code", type = "text" } } }));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, put.StatusCode);
        var job = await Host.WaitAsync(JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        TablesHost.Succeeded(job);
        Assert.Equal(2, job.GetProperty("result").GetProperty("version").GetInt32());
        var rows = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows?$where=code='110101'");
        Assert.Equal("110101", rows.GetProperty("rows")[0].GetProperty("code").GetString());

        using var wrong = await Host.SendAsync(HttpMethod.Put, $"/api/v1/distributions/{id}/schema", content: JsonContent.Create(new { columns = new[] { new { name = "name", type = "integer" } } }));
        var failed = await Host.WaitAsync(JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        var error = TablesHost.Failed(failed, "type-mismatch");
        Assert.Equal("name", error.GetProperty("column").GetString());
        Assert.Equal(2, error.GetProperty("row").GetInt64());
    }

    [Fact]
    public async Task Profile_has_counts_extremes_top_values_and_histogram()
    {
        var id = Host.Access.Create();
        var csv = new StringBuilder("区,金额\n");
        for (var i = 1; i <= 100; i++)
        {
            csv.Append(i % 3 == 0 ? "朝阳" : "海淀").Append(',').Append(i % 10 == 0 ? "-" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        TablesHost.Succeeded(await Host.IngestAsync(id, Encoding.UTF8.GetBytes(csv.ToString()), "p.csv"));
        var profile = await Host.GetJsonAsync($"/api/v1/distributions/{id}/profile");
        var district = profile.GetProperty("columns")[0];
        Assert.Equal("海淀", district.GetProperty("topValues")[0].GetProperty("value").GetString());
        Assert.Equal(67, district.GetProperty("topValues")[0].GetProperty("count").GetInt64());
        var amount = profile.GetProperty("columns")[1];
        Assert.Equal(10, amount.GetProperty("nulls").GetInt64());
        Assert.Equal("1", amount.GetProperty("min").GetString());
        Assert.Equal("99", amount.GetProperty("max").GetString());
        Assert.InRange(amount.GetProperty("distinctEstimate").GetInt64(), 80, 100);
        Assert.Equal(90, amount.GetProperty("histogram").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
    }
}
