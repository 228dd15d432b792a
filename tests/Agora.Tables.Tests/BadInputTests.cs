using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Agora.Tables.Tests;

/// <summary>Each bad file gets an error that names the problem and where, and nothing is published.</summary>
public sealed class BadInputTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TablesHost Host => fixture.Host;

    [Fact]
    public async Task Empty_file_is_refused_at_upload()
    {
        var problem = await Host.UploadAsync(Host.Access.Create(), [], "empty.csv", expected: HttpStatusCode.BadRequest);
        Assert.Equal("urn:agora:problem:empty-file", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ragged_row_names_its_line_and_the_old_version_keeps_serving()
    {
        var id = Host.Access.Create();
        TablesHost.Succeeded(await Host.IngestAsync(id, Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n"), "good.csv"));
        var job = await Host.IngestAsync(id, Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n4,5\n6,7,8\n"), "bad.csv");
        var error = TablesHost.Failed(job, "ragged-row");
        Assert.Equal(3, error.GetProperty("row").GetInt64());
        var rows = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows");
        Assert.Equal(1, rows.GetProperty("version").GetInt32());
        Assert.Equal(1, rows.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task Truncated_files_are_refused()
    {
        var shortLast = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n4,5,6\n7,8"), "cut.csv");
        Assert.Contains("truncated", TablesHost.Failed(shortLast, "ragged-row").GetProperty("message").GetString(), StringComparison.Ordinal);
        var openQuote = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes("a,b\n1,\"two\n3,4\n5,6\n"), "quote.csv");
        Assert.Equal(2, TablesHost.Failed(openQuote, "unclosed-quote").GetProperty("row").GetInt64());
        var cutCharacter = Encoding.UTF8.GetBytes("a,b\n1,北京\n").SkipLast(2).ToArray();
        TablesHost.Failed(await Host.IngestAsync(Host.Access.Create(), cutCharacter, "char.csv"), "truncated-file");
    }

    [Fact]
    public async Task Nul_byte_is_refused_with_its_line()
    {
        var job = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes("a,b\n1,x\n2,y\0z\n"), "nul.csv");
        var error = TablesHost.Failed(job, "nul-byte");
        Assert.Equal(3, error.GetProperty("row").GetInt64());
        Assert.Equal("2", error.GetProperty("column").GetString());
    }

    [Fact]
    public async Task Ten_thousand_columns_are_refused()
    {
        var header = string.Join(',', Enumerable.Range(1, 10_000).Select(i => $"c{i}"));
        var row = string.Join(',', Enumerable.Range(1, 10_000));
        var job = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes(header + "\n" + row + "\n"), "wide.csv");
        Assert.Contains("10000", TablesHost.Failed(job, "too-many-columns").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_megabyte_field_is_refused()
    {
        var csv = "a,b\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i},x\n")) + "1,\"" + new string('x', 10 * 1024 * 1024) + "\"\n";
        var job = await Host.IngestAsync(Host.Access.Create(), Encoding.UTF8.GetBytes(csv), "big.csv");
        var error = TablesHost.Failed(job, "field-too-large");
        Assert.Equal(202, error.GetProperty("row").GetInt64());
        Assert.Equal("b", error.GetProperty("column").GetString());
    }

    [Fact]
    public async Task Xlsx_zip_bomb_is_refused()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("<Types/>");
            }
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                sheet.Write(zeros);
            }
        }
        var job = await Host.IngestAsync(Host.Access.Create(), buffer.ToArray(), "bomb.xlsx");
        Assert.Contains("zip bomb", TablesHost.Failed(job, "xlsx-zip-bomb").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_xlsx_is_refused()
    {
        var bytes = File.ReadAllBytes(TestData.CnOpenData("bj_changping_env_disclosure.REALLY-XLSX.csv"));
        var job = await Host.IngestAsync(Host.Access.Create(), bytes[..(bytes.Length / 2)], "half.xlsx");
        TablesHost.Failed(job, "invalid-xlsx");
    }

    [Fact]
    public async Task Cancelled_ingest_leaves_the_previous_version()
    {
        var id = Host.Access.Create();
        TablesHost.Succeeded(await Host.IngestAsync(id, Encoding.UTF8.GetBytes("n,t\n1,a\n"), "one.csv"));
        var csv = new StringBuilder("n,t\n");
        for (var i = 0; i < 600_000; i++)
        {
            csv.Append(i).Append(",text ").Append(i).Append('\n');
        }
        var job = await Host.UploadAsync(id, Encoding.UTF8.GetBytes(csv.ToString()), "big.csv");
        var jobId = job.GetProperty("id").GetGuid();
        using var cancel = await Host.SendAsync(HttpMethod.Post, $"/api/v1/jobs/{jobId}/cancel");
        var final = await Host.WaitAsync(jobId);
        Assert.Equal("cancelled", final.GetProperty("state").GetString());
        var rows = await Host.GetJsonAsync($"/api/v1/distributions/{id}/rows");
        Assert.Equal(1, rows.GetProperty("version").GetInt32());
        using var again = await Host.SendAsync(HttpMethod.Post, $"/api/v1/jobs/{jobId}/cancel");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Only_the_owner_uploads_and_sees_jobs()
    {
        var id = Host.Access.Create();
        var problem = await Host.UploadAsync(id, Encoding.UTF8.GetBytes("a\n1\n"), "a.csv", user: "stranger", expected: HttpStatusCode.Forbidden);
        Assert.Equal("urn:agora:problem:forbidden", problem.GetProperty("type").GetString());
        var job = await Host.UploadAsync(id, Encoding.UTF8.GetBytes("a\n1\n"), "a.csv");
        await Host.GetJsonAsync($"/api/v1/jobs/{job.GetProperty("id").GetGuid()}", "stranger", HttpStatusCode.NotFound);
        await Host.UploadAsync(Guid.NewGuid(), Encoding.UTF8.GetBytes("a\n1\n"), "a.csv", expected: HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Url_ingest_refuses_internal_addresses()
    {
        var id = Host.Access.Create();
        foreach (var url in new[] { "http://127.0.0.1/x.csv", "http://10.1.2.3/x.csv", "http://169.254.169.254/latest/meta-data", "http://[::1]/x.csv", "http://localhost/x.csv", "file:///etc/passwd" })
        {
            using var response = await Host.SendAsync(HttpMethod.Post, $"/api/v1/distributions/{id}/data/url", content: System.Net.Http.Json.JsonContent.Create(new { url }));
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("url", problem.GetProperty("field").GetString());
            Assert.Contains(problem.GetProperty("type").GetString(), new[] { "urn:agora:problem:outbound-address-refused", "urn:agora:problem:invalid-url" });
        }
    }
}
