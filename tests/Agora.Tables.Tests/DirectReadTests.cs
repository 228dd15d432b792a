using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Agora.Tables.Tests;

/// <summary>A host where every file counts as big and types come from 1,000 rows, to test the direct-read path.</summary>
public sealed class DirectReadFixture : IAsyncLifetime
{
    internal TablesHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await TablesHost.StartAsync(o =>
    {
        o.DirectReadBytes = 64 * 1024;
        o.TypeSampleRows = 1000;
    });

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Big files are read at head and tail, and DuckDB's strict parser checks the middle; whatever it finds there sends
/// the ingest to a full scan, so errors still name the row and late values still widen the type.
/// </summary>
public sealed class DirectReadTests(DirectReadFixture fixture) : IClassFixture<DirectReadFixture>
{
    private TablesHost Host => fixture.Host;

    private static StringBuilder Rows(int count, Func<int, string> value)
    {
        var csv = new StringBuilder("n,v,city\n");
        for (var i = 1; i <= count; i++)
        {
            csv.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',').Append(value(i)).Append(",北京市\n");
        }
        return csv;
    }

    [Fact]
    public async Task Plain_big_file_is_read_directly()
    {
        var id = Host.Access.Create();
        var job = await Host.IngestAsync(id, Encoding.UTF8.GetBytes(Rows(20_000, i => (i * 3).ToString(CultureInfo.InvariantCulture)).ToString()), "plain.csv");
        TablesHost.Succeeded(job);
        Assert.Equal(20_000, job.GetProperty("result").GetProperty("rowCount").GetInt64());
        Assert.Equal("integer", job.GetProperty("result").GetProperty("columns")[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_value_after_the_sample_widens_the_column_and_an_override_names_its_row()
    {
        var id = Host.Access.Create();
        var job = await Host.IngestAsync(id, Encoding.UTF8.GetBytes(Rows(20_000, i => i == 15_000 ? "n/a" : "7").ToString()), "late.csv");
        TablesHost.Succeeded(job);
        Assert.Equal("text", job.GetProperty("result").GetProperty("columns")[1].GetProperty("type").GetString());

        using var put = await Host.SendAsync(HttpMethod.Put, $"/api/v1/distributions/{id}/schema", content: JsonContent.Create(new { columns = new[] { new { name = "v", type = "integer" } } }));
        var failed = await Host.WaitAsync(JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        var error = TablesHost.Failed(failed, "type-mismatch");
        Assert.Equal(15_001, error.GetProperty("row").GetInt64());
        Assert.Equal("v", error.GetProperty("column").GetString());
    }

    [Fact]
    public async Task A_ragged_row_in_the_middle_is_named()
    {
        var csv = Rows(20_000, i => i == 12_345 ? "1,extra" : "1");
        var job = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes(csv.ToString()), "ragged.csv");
        Assert.Equal(12_346, TablesHost.Failed(job, "ragged-row").GetProperty("row").GetInt64());
    }

    [Fact]
    public async Task Notes_at_the_end_of_a_big_file_are_skipped()
    {
        var csv = Rows(20_000, i => "1").Append("注：本表为测试数据。\n数据来源：测试\n");
        var job = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes(csv.ToString()), "notes.csv");
        TablesHost.Succeeded(job);
        Assert.Equal(20_000, job.GetProperty("result").GetProperty("rowCount").GetInt64());
        Assert.Equal(2, job.GetProperty("result").GetProperty("skippedRows").GetArrayLength());
    }

    [Fact]
    public async Task A_nul_byte_in_a_big_file_is_named()
    {
        var csv = Rows(20_000, i => i == 10_000 ? "a\0b" : "1");
        var job = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes(csv.ToString()), "nul.csv");
        Assert.Equal(10_001, TablesHost.Failed(job, "nul-byte").GetProperty("row").GetInt64());
        var gb = RealFileIngestTests.Gbk(csv.ToString());
        Assert.Equal(10_001, TablesHost.Failed(await Host.IngestAsync(Host.Access.Create(), gb, "nul-gb.csv"), "nul-byte").GetProperty("row").GetInt64());
    }
}
