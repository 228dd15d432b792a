using System.Net;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;

namespace Agora.Tables.Tests;

/// <summary>Downloads in every format, with the query parameters, access, formula neutralising and audit.</summary>
public sealed class DownloadTests(QueryFixture fixture) : IClassFixture<QueryFixture>
{
    private TablesHost Host => fixture.Host;

    private async Task<byte[]> Download(string query, string user = "owner")
    {
        using var response = await Host.SendAsync(HttpMethod.Get, $"/api/v1/distributions/{fixture.Visits}/download?{query}", user);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    [Fact]
    public async Task Csv_with_bom_neutralises_formulas_but_not_numbers()
    {
        var bytes = await Download("format=csv&bom=true&$select=id,amount,note&$where=id<=4&$order=id");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,amount,note", lines[0]);
        Assert.Equal("1,1000.5,'-5", lines[1]);
        Assert.Equal("2,2000.5,'@SUM(A1)", lines[2]);
        Assert.Equal("4,4000.5,'=1+2", lines[4]);
        var negative = await Download($"format=csv&$select={Uri.EscapeDataString("0 - amount AS minus")}&$where=id=1");
        Assert.Equal("minus\r\n-1000.5\r\n", Encoding.UTF8.GetString(negative));
    }

    [Fact]
    public async Task Tsv_json_and_ndjson()
    {
        var tsv = Encoding.UTF8.GetString(await Download("format=tsv&$select=id,hospital&$limit=2&$order=id"));
        Assert.Equal("id\thospital\r\n1\t人民医院\r\n2\t协和医院\r\n", tsv);
        var json = JsonDocument.Parse(await Download("format=json&$where=id=3")).RootElement;
        Assert.Equal(3, json[0].GetProperty("id").GetInt64());
        Assert.Equal("2019-04-04", json[0].GetProperty("visit_date").GetString());
        var ndjson = Encoding.UTF8.GetString(await Download("format=ndjson&$order=id"));
        var lines = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, lines.Length);
        Assert.Equal(200, JsonDocument.Parse(lines[^1]).RootElement.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Xlsx_opens_with_typed_cells_and_neutralised_text()
    {
        var bytes = await Download("format=xlsx&$order=id&$limit=4");
        using var stream = new MemoryStream(bytes);
        var rows = MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(1d, rows[0]["id"]);
        Assert.Equal("'-5", rows[0]["note"]);
        Assert.Equal("'=1+2", rows[3]["note"]);
        Assert.Equal(new DateTime(2019, 2, 2), rows[0]["visit_date"]);
    }

    [Fact]
    public async Task Parquet_whole_and_filtered_and_restricted()
    {
        var id = Host.Access.Create();
        var whole = await Download("format=parquet");
        var job = await Host.IngestAsync(id, whole, "w.parquet");
        Assert.Equal(200, job.GetProperty("result").GetProperty("rowCount").GetInt64());
        var restricted = await Download("format=parquet&$where=id>100", "analyst");
        var other = Host.Access.Create();
        var again = await Host.IngestAsync(other, restricted, "r.parquet");
        Assert.Equal(25, again.GetProperty("result").GetProperty("rowCount").GetInt64());
        Assert.DoesNotContain(again.GetProperty("result").GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "phone");
    }

    [Fact]
    public async Task Downloads_are_audited_and_refused_without_access()
    {
        var before = Host.Audit.Events.Count;
        await Download("format=csv", "analyst");
        var read = Host.Audit.Events.Skip(before).Single(e => e.Path == Audit.ReadPath.Download);
        Assert.Equal(50, read.RowCount);
        Assert.DoesNotContain("phone", read.Columns);
        Assert.Equal("csv", read.Format);
        using var refused = await Host.SendAsync(HttpMethod.Get, $"/api/v1/distributions/{fixture.Visits}/download?format=csv", "stranger");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var badFormat = await Host.SendAsync(HttpMethod.Get, $"/api/v1/distributions/{fixture.Visits}/download?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
    }
}
