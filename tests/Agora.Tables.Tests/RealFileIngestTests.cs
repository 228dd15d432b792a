using System.Text;

namespace Agora.Tables.Tests;

/// <summary>Real government files: encodings, title rows, notes, odd headers, files that are not what they say.</summary>
public sealed class RealFileIngestTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TablesHost Host => fixture.Host;

    [Fact]
    public async Task Gbk_file_is_read_as_gb18030_with_dates_typed()
    {
        var id = Host.Access.Create();
        var job = await Host.IngestFileAsync(id, TestData.CnOpenData("bj_zgc_listed_companies.gbk.csv"));
        TablesHost.Succeeded(job);
        var result = job.GetProperty("result");
        Assert.Equal("gb18030", result.GetProperty("encoding").GetString());
        Assert.Equal(433, result.GetProperty("rowCount").GetInt64());
        var rows = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows?$limit=1");
        var first = rows.GetProperty("rows")[0];
        Assert.Equal("北大资源(控股)有限公司", first.GetProperty("企业名称").GetString());
        Assert.Equal("1991-10-07", first.GetProperty("上市日期").GetString());
        var schema = await Host.GetJsonAsync($"/api/v1/distributions/{id}/schema");
        Assert.Contains(schema.GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "上市日期" && c.GetProperty("type").GetString() == "date");
    }

    [Fact]
    public async Task Gb18030_four_byte_character_survives()
    {
        var id = Host.Access.Create();
        var job = await Host.IngestFileAsync(id, TestData.CnOpenData("bj_work_safety_licences.gb18030.csv"));
        TablesHost.Succeeded(job);
        Assert.Equal(10838, job.GetProperty("result").GetProperty("rowCount").GetInt64());
        var found = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows?$q={Uri.EscapeDataString("䴖")}");
        Assert.True(found.GetProperty("rows").GetArrayLength() >= 1);
        var columns = job.GetProperty("result").GetProperty("columns");
        Assert.Equal("序号", columns[0].GetProperty("name").GetString());
        Assert.Equal("   序号", columns[0].GetProperty("sourceName").GetString());
        Assert.Equal("column_14", columns[13].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Utf8_bom_is_not_part_of_the_first_name()
    {
        var id = Host.Access.Create();
        TablesHost.Succeeded(await Host.IngestFileAsync(id, TestData.CnOpenData("bj_rural_industry_leaders.utf8bom.csv")));
        var rows = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows?$select=姓名,认定年份&$limit=1");
        Assert.Equal("熊*金", rows.GetProperty("rows")[0].GetProperty("姓名").GetString());
        Assert.Equal("integer", rows.GetProperty("columns")[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Statistics_export_skips_title_rows_and_notes_and_reports_them()
    {
        var id = Host.Access.Create();
        var job = await Host.IngestFileAsync(id, TestData.CnOpenData("nbs_money_supply_monthly_1999_2021.gbk.csv"));
        TablesHost.Succeeded(job);
        var result = job.GetProperty("result");
        Assert.Equal(258, result.GetProperty("rowCount").GetInt64());
        var skipped = result.GetProperty("skippedRows").EnumerateArray().ToList();
        Assert.Contains(skipped, s => s.GetProperty("reason").GetString() == "title" && s.GetProperty("line").GetInt64() == 1);
        Assert.Contains(skipped, s => s.GetProperty("reason").GetString() == "note" && s.GetProperty("text").GetString()!.StartsWith("数据来源", StringComparison.Ordinal));
        Assert.Equal("yearMonth", result.GetProperty("columns")[0].GetProperty("type").GetString());
        var rows = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows?$where={Uri.EscapeDataString("时间 = '2021年5月'")}");
        Assert.Equal("2021-05", rows.GetProperty("rows")[0].GetProperty("时间").GetString());
        Assert.Equal(2275538.07, rows.GetProperty("rows")[0].GetProperty("货币和准货币(M2)供应量期末值(亿元)").GetDouble());
    }

    [Fact]
    public async Task Quoted_newline_in_header_and_trailing_source_note()
    {
        var id = Host.Access.Create();
        var job = await Host.IngestFileAsync(id, TestData.CnOpenData("bj_domestic_listed_companies.utf8.csv"));
        TablesHost.Succeeded(job);
        var result = job.GetProperty("result");
        Assert.Equal(5280, result.GetProperty("rowCount").GetInt64());
        Assert.Equal("公司属性 [交易日期] 最新收盘日", result.GetProperty("columns")[3].GetProperty("name").GetString());
        Assert.Contains(result.GetProperty("skippedRows").EnumerateArray(), s => s.GetProperty("text").GetString() == "数据来源：Wind");
    }

    [Fact]
    public async Task Xlsx_named_csv_is_refused_unless_declared_then_read()
    {
        var path = TestData.CnOpenData("bj_changping_env_disclosure.REALLY-XLSX.csv");
        var id = Host.Access.Create();
        var problem = await Host.UploadAsync(id, File.ReadAllBytes(path), Path.GetFileName(path), expected: System.Net.HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("urn:agora:problem:file-type-mismatch", problem.GetProperty("type").GetString());
        Assert.Contains("XLSX", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var job = await Host.IngestFileAsync(id, path, "format=xlsx");
        TablesHost.Succeeded(job);
        var result = job.GetProperty("result");
        Assert.Equal("序号", result.GetProperty("columns")[0].GetProperty("name").GetString());
        Assert.Equal("title", result.GetProperty("skippedRows")[0].GetProperty("reason").GetString());
        Assert.Equal(75, result.GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task Xls_is_refused_with_a_clear_reason()
    {
        var path = TestData.CnOpenData("bj_shunyi_water_saving.REALLY-XLS.csv");
        var problem = await Host.UploadAsync(Host.Access.Create(), File.ReadAllBytes(path), Path.GetFileName(path), expected: System.Net.HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("urn:agora:problem:xls-not-supported", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_gbk_character_on_the_last_line_is_found()
    {
        var text = new StringBuilder("id,name\n");
        for (var i = 0; i < 50_000; i++)
        {
            text.Append(i).Append(",row").Append(i).Append('\n');
        }
        var bytes = Encoding.ASCII.GetBytes(text.ToString()).Concat(Gbk("50000,北京市朝阳区\n")).ToArray();
        var id = Host.Access.Create();
        var job = await Host.IngestAsync(id, bytes, "late.csv");
        TablesHost.Succeeded(job);
        Assert.Equal("gb18030", job.GetProperty("result").GetProperty("encoding").GetString());
        var rows = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows?$where=id=50000");
        Assert.Equal("北京市朝阳区", rows.GetProperty("rows")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Utf8_with_a_gbk_line_is_mixed_encodings()
    {
        var bytes = Encoding.UTF8.GetBytes("地区,人口\n北京市,2189\n上海市,2487\n广州市,1882\n").Concat(Gbk("深圳市,1768\n")).ToArray();
        var job = await Host.IngestAsync(Host.Access.Create(), bytes, "mixed.csv");
        var error = TablesHost.Failed(job, "mixed-encodings");
        Assert.Equal(5, error.GetProperty("row").GetInt64());
    }

    [Fact]
    public async Task Encoding_override_is_used()
    {
        var id = Host.Access.Create();
        var job = await Host.IngestFileAsync(id, TestData.CnOpenData("nbs_province_gdp_1993_2017.gbk.csv"), "encoding=gbk");
        TablesHost.Succeeded(job);
        Assert.Equal("gb18030", job.GetProperty("result").GetProperty("encoding").GetString());
        Assert.Equal(31, job.GetProperty("result").GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task Big5_text_is_told_from_gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var big5 = Encoding.GetEncoding(950);
        var bytes = big5.GetBytes("機關,地址,說明\n臺北市政府,臺北市信義區市府路1號,資料來源為本機關\n新北市政府,新北市板橋區中山路一段161號,這是政府開放資料\n");
        var id = Host.Access.Create();
        var job = await Host.IngestAsync(id, bytes, "tw.csv");
        TablesHost.Succeeded(job);
        Assert.Equal("big5", job.GetProperty("result").GetProperty("encoding").GetString());
        var rows = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows");
        Assert.Equal("臺北市政府", rows.GetProperty("rows")[0].GetProperty("機關").GetString());
    }

    internal static byte[] Gbk(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes(text);
    }

    [Fact]
    public async Task Multipart_upload_takes_the_file_name_from_the_part()
    {
        var id = Host.Access.Create();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(TestData.CnOpenData("stats_division_codes_cities_2023.utf8.csv")));
        form.Add(file, "file", "cities.csv");
        using var response = await Host.SendAsync(HttpMethod.Post, $"/api/v1/distributions/{id}/data", content: form);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var job = await Host.WaitAsync(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        TablesHost.Succeeded(job);
        Assert.Equal("cities.csv", job.GetProperty("fileName").GetString());
        Assert.Equal(342, job.GetProperty("result").GetProperty("rowCount").GetInt64());
    }
}
