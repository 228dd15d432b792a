using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Agora.Tables.Access;
using Agora.Tables.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Tables.Tests;

/// <summary>
/// A small web host with the tables API, a fake access resolver and a recording audit sink, driven over HTTP
/// through the real ASP.NET Core pipeline. The caller is named by the X-Test-User header.
/// </summary>
internal sealed class TablesHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private TablesHost(WebApplication app, string dataDirectory, bool ownsDirectory)
    {
        _app = app;
        _ownsDirectory = ownsDirectory;
        DataDirectory = dataDirectory;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public FakeAccessResolver Access => _app.Services.GetRequiredService<FakeAccessResolver>();

    public RecordingAuditSink Audit => _app.Services.GetRequiredService<RecordingAuditSink>();

    public IServiceProvider Services => _app.Services;

    /// <param name="dataDirectory">An existing data directory to start on (a restart), which the host then leaves in place; a fresh one when null.</param>
    public static async Task<TablesHost> StartAsync(Action<TablesOptions>? configure = null, string? dataDirectory = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "agora-tables-tests", Guid.NewGuid().ToString("N"));
        var options = new TablesOptions { DataDirectory = dataDirectory, IngestThreads = 1, SqlThreads = 1, QueryMemoryLimit = "256MB" };
        configure?.Invoke(options);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAgoraTables(options);
        builder.Services.AddSingleton<FakeAccessResolver>();
        builder.Services.AddSingleton<ITableAccessResolver>(sp => sp.GetRequiredService<FakeAccessResolver>());
        builder.Services.AddSingleton<RecordingAuditSink>();
        builder.Services.AddSingleton<IReadAuditSink>(sp => sp.GetRequiredService<RecordingAuditSink>());
        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue("X-Test-User", out var user))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], "test"));
            }
            return next(context);
        });
        app.MapTablesApi();
        await app.StartAsync();
        return new TablesHost(app, dataDirectory, ownsDirectory);
    }

    public HttpRequestMessage Request(HttpMethod method, string url, string? user = "owner")
    {
        var request = new HttpRequestMessage(method, url);
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user);
        }
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? user = "owner", HttpContent? content = null)
    {
        var request = Request(method, url, user);
        request.Content = content;
        return await Client.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string url, string? user = "owner", HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(HttpMethod.Get, url, user);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Uploads raw bytes and returns the job as first returned (202).</summary>
    public async Task<JsonElement> UploadAsync(Guid id, byte[] content, string? fileName, string query = "", string user = "owner", HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var separator = query.Length > 0 ? "&" : "";
        var url = $"/api/v1/distributions/{id}/data?{query}{(fileName is null ? "" : $"{separator}filename={Uri.EscapeDataString(fileName)}")}";
        using var response = await SendAsync(HttpMethod.Post, url, user, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"upload: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Uploads and waits for the job to end; returns the final job.</summary>
    public async Task<JsonElement> IngestAsync(Guid id, byte[] content, string? fileName, string query = "")
    {
        var job = await UploadAsync(id, content, fileName, query);
        return await WaitAsync(job.GetProperty("id").GetGuid());
    }

    public Task<JsonElement> IngestFileAsync(Guid id, string path, string query = "") => IngestAsync(id, File.ReadAllBytes(path), Path.GetFileName(path), query);

    public async Task<JsonElement> WaitAsync(Guid jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await GetJsonAsync($"/api/v1/jobs/{jobId}");
            var state = job.GetProperty("state").GetString();
            if (state is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {state}");
            await Task.Delay(50);
        }
    }

    public static void Succeeded(JsonElement job) =>
        Assert.True(job.GetProperty("state").GetString() == "succeeded", "job did not succeed: " + job);

    public static JsonElement Failed(JsonElement job, string code)
    {
        Assert.True(job.GetProperty("state").GetString() == "failed", "job did not fail: " + job);
        var error = job.GetProperty("errors")[0];
        Assert.True(error.GetProperty("code").GetString() == code, $"expected {code}: {error}");
        return error;
    }

    public async Task<JsonElement> PostSqlAsync(string sql, string user = "owner", HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/sql", user, JsonContent.Create(new { query = sql }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"sql: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_ownsDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
