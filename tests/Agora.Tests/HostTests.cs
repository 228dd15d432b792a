using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Agora.Catalog.Api;
using Agora.Testing;

namespace Agora.Tests;

public sealed class HostTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Health_status_and_openapi_answer(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider);

        Assert.Equal("\"ok\"", await server.Client.GetStringAsync("/healthz"));
        var status = await server.GetAsync<StatusApi.StatusDto>("/api/v1/status");
        Assert.Equal(provider, status.Storage);
        Assert.Equal(200, status.Counts.Datasets);
        Assert.Equal(38, status.Counts.Organizations);

        using var openapi = JsonDocument.Parse(await server.Client.GetStringAsync("/openapi/v1.json"));
        var paths = openapi.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/datasets", out _));
        Assert.True(paths.TryGetProperty("/api/v1/organizations/{id}", out _));
        var docs = await server.Client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("Agora API", await docs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Responses_carry_strict_security_headers_and_unknown_routes_get_problems()
    {
        await using var server = await AgoraTestServer.StartAsync(demo: false);

        var response = await server.Client.GetAsync("/api/v1/nothing-here");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("urn:agora:problem:not-found", problem.Type);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task The_command_line_creates_an_admin_and_a_token_that_the_api_accepts()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Sqlite);
        var (code, _, error) = await RunAsync(store, "admin", "create", "--email", "ops@example.org", "--password", "short");
        Assert.Equal(2, code);
        Assert.Contains("at least 10 characters", error);

        (code, _, _) = await RunAsync(store, "admin", "create", "--email", "ops@example.org", "--password", "a-long-password");
        Assert.Equal(0, code);
        (code, _, error) = await RunAsync(store, "admin", "create", "--email", "ops@example.org", "--password", "a-long-password");
        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));

        var (tokenCode, token, _) = await RunAsync(store, "token", "create", "--user", "ops@example.org", "--scope", "admin", "--expires", "1d");
        Assert.Equal(0, tokenCode);
        Assert.Matches("^agora_[A-Za-z0-9_-]{43}$", token.Trim());
        (code, _, _) = await RunAsync(store, "token", "create", "--user", "ops@example.org", "--scope", "root");
        Assert.Equal(2, code);

        await using var server = await AgoraTestServer.StartOnAsync(store);
        var me = await server.WithToken(token.Trim()).GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    internal static async Task<(int Code, string Output, string Error)> RunAsync(TestStore store, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "agora.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(store.DataDirectory);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
