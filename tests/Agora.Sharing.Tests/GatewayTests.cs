using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Api;
using Agora.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Agora.Sharing.Tests.SharingTestServer;

namespace Agora.Sharing.Tests;

/// <summary>The API service gateway, with a real upstream on loopback.</summary>
public sealed class GatewayTests
{
    private static readonly object[] Endpoints =
    [
        new { method = "GET", path = "/items/{id}" },
        new { method = "POST", path = "/items" },
        new { method = "GET", path = "/slow" },
        new { method = "GET", path = "/huge" },
        new { method = "GET", path = "/huge-chunked" },
        new { method = "GET", path = "/redirect" },
        new { method = "GET", path = "/gone" },
        new { method = "GET", path = "/headers" },
        new { method = "GET", path = "/fixed" },
    ];

    private sealed record Echo(string Id, string Path, string? Query, Dictionary<string, string> Headers);

    private sealed record Setup(SharingTestServer Server, Upstream Upstream, Guid Dataset, HttpClient Consumer, HttpClient Steward, GrantDto Grant) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }

    private static async Task<Setup> SetUpAsync(string provider = TestStore.Sqlite, object? conditions = null, int? ratePerSecond = null)
    {
        var upstream = await Upstream.StartAsync();
        var server = await StartAsync(provider);
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var distribution = await server.AddApiDistributionAsync(dataset);
        var steward = await server.ClientForAsync(Provider);
        var registered = await steward.PutAsJsonAsync($"/api/v1/distributions/{distribution}/service",
            new { slug = "institutions", upstreamUrl = new Uri(upstream.Address, "/api").ToString(), endpoints = Endpoints, ratePerSecond }, Json);
        var service = await ReadAsync<ApiServiceDto>(registered, HttpStatusCode.Created);
        Assert.Equal("/gw/beijing-wjw/institutions/", service.GatewayPath);
        var consumer = await server.ClientForAsync(Consumer);
        var grant = await Flow.GrantAsync(consumer, steward, dataset, conditions);
        return new Setup(server, upstream, dataset, consumer, steward, grant);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Forwards_with_a_request_id_and_the_client_organization_but_without_credentials_or_hop_by_hop_headers(string provider)
    {
        await using var setup = await SetUpAsync(provider);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/gw/beijing-wjw/institutions/items/42?region=110108");
        request.Headers.Add("Cookie", "agora.auth=session-secret");
        request.Headers.Connection.Add("X-Hop");
        request.Headers.Add("X-Hop", "dropped");
        request.Headers.Add("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.Add("X-Agora-Client-Organization", "spoofed");
        request.Headers.Add("X-Request-Id", "chosen-by-client");
        request.Headers.Add("X-Custom", "kept");

        using var response = await setup.Consumer.SendAsync(request);
        var echo = await ReadAsync<Echo>(response);

        Assert.Equal("42", echo.Id);
        Assert.Equal("/api/items/42", echo.Path);
        Assert.Equal("?region=110108", echo.Query);
        Assert.DoesNotContain("authorization", echo.Headers.Keys);
        Assert.DoesNotContain("cookie", echo.Headers.Keys);
        Assert.DoesNotContain("proxy-authorization", echo.Headers.Keys);
        Assert.DoesNotContain("x-hop", echo.Headers.Keys);
        Assert.Equal("kept", echo.Headers["x-custom"]);
        Assert.Equal("shanghai-rsj", echo.Headers["x-agora-client-organization"]);
        Assert.Equal(setup.Grant.Id.ToString(), echo.Headers["x-agora-grant"]);
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Equal(requestId, echo.Headers["x-request-id"]);
        Assert.NotEqual("chosen-by-client", requestId);
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Upstream")));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Keep-Alive"));

        var call = Assert.Single(setup.Server.Audit.Calls);
        Assert.Equal(requestId, call.RequestId);
        Assert.Equal(200, call.Status);
        Assert.True(call.Succeeded);
        Assert.Equal(setup.Grant.Id, call.GrantId);
        Assert.Equal(ShanghaiRsj, call.ClientOrganizationId);
        Assert.Equal("/items/42", call.Path);
        Assert.NotNull(call.RequestOutAt);
        Assert.NotNull(call.ResponseInAt);
        Assert.True(call.ResponseBytes > 0);

        // The upstream's own answer comes back unchanged, even a bodiless 404 in a host that writes status pages.
        using var gone = await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/gone");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(await gone.Content.ReadAsByteArrayAsync());

        var posted = await setup.Consumer.PostAsync("/gw/beijing-wjw/institutions/items", new StringContent("{\"name\":\"协和\"}", System.Text.Encoding.UTF8, "application/json"));
        using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        Assert.Equal("{\"name\":\"协和\"}", body.RootElement.GetProperty("received").GetString());
        Assert.True(setup.Server.Audit.Calls.Last().RequestBytes > 0);
    }

    [Fact]
    public async Task The_upstreams_headers_come_back_as_written_and_the_trace_context_is_the_consumers_own()
    {
        await using var setup = await SetUpAsync();

        // The consumer sent no trace context: the gateway adds none of its own (its traces are not the upstream's business).
        using var plain = await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/headers");
        using (var echo = JsonDocument.Parse(await plain.Content.ReadAsStringAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.Equal("", echo.RootElement.GetProperty("traceparent").GetString());
        }

        Assert.Equal(new[] { "alpha", "beta" }, plain.Headers.GetValues("X-Tag"));
        Assert.Equal("</items/43>; rel=\"next\", </items/41>; rel=\"prev\"", string.Join(", ", plain.Headers.NonValidated["Link"]));
        Assert.Equal("not a date", string.Join(", ", plain.Content.Headers.NonValidated["Expires"]));
        Assert.False(plain.Headers.Contains("Set-Cookie"));
        Assert.Single(plain.Headers.GetValues("X-Request-Id"));

        // The consumer's own trace context goes through unchanged.
        const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/gw/beijing-wjw/institutions/headers");
        request.Headers.TryAddWithoutValidation("traceparent", Parent);
        request.Headers.TryAddWithoutValidation("tracestate", "agency=1");
        using var traced = await setup.Consumer.SendAsync(request);
        using var tracedEcho = JsonDocument.Parse(await traced.Content.ReadAsStringAsync());
        Assert.Equal(Parent, tracedEcho.RootElement.GetProperty("traceparent").GetString());
        Assert.Equal("agency=1", tracedEcho.RootElement.GetProperty("tracestate").GetString());
        Assert.Equal(2, setup.Server.Audit.Calls.Count(c => c.Path == "/headers" && c.Succeeded));
    }

    [Fact]
    public async Task An_answer_of_known_length_is_not_complete_until_its_call_is_recorded()
    {
        await using var setup = await SetUpAsync();
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recording = setup.Server.Audit.HoldCallsAsync(commit.Task);

        using var response = await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/fixed", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Upstream.FixedBody.Length, response.Content.Headers.ContentLength);
        var body = response.Content.ReadAsByteArrayAsync();
        await recording;

        // The record is not committed yet: the consumer has the headers and the first parts, never the last bytes.
        Assert.NotSame(body, await Task.WhenAny(body, Task.Delay(TimeSpan.FromSeconds(1))));
        Assert.Empty(setup.Server.Audit.Calls);

        commit.SetResult();
        Assert.Equal(Upstream.FixedBody, await body);
        var call = Assert.Single(setup.Server.Audit.Calls);
        Assert.True(call.Succeeded);
        Assert.Equal(Upstream.FixedBody.Length, call.ResponseBytes);
    }

    [Fact]
    public async Task Refuses_callers_without_a_grant_and_tokens_that_are_bad()
    {
        await using var setup = await SetUpAsync();
        var server = setup.Server;
        const string path = "/gw/beijing-wjw/institutions/items/1";

        var other = await Problem.ReadAsync(await (await server.ClientForAsync(OtherAgency)).GetAsync(path), HttpStatusCode.Forbidden);
        Assert.Equal("urn:agora:problem:no-grant", other.Type);
        await Problem.ReadAsync(await server.Client.GetAsync(path), HttpStatusCode.Unauthorized);
        await Problem.ReadAsync(await server.WithToken("agora_forged").GetAsync(path), HttpStatusCode.Unauthorized);
        await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/admin"), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/nothing/items/1"), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/items/..%2F..%2Finternal%2Fsecrets"), HttpStatusCode.BadRequest);
        Assert.Equal(0, setup.Upstream.InternalHits);

        var expiring = await server.ClientForAsync(Consumer, lifetime: TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await expiring.GetAsync(path)).StatusCode);
        server.Clock.Advance(TimeSpan.FromHours(2));
        await Problem.ReadAsync(await expiring.GetAsync(path), HttpStatusCode.Unauthorized);

        var token = await server.TokenForAsync(Consumer);
        var revocable = server.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await revocable.GetAsync(path)).StatusCode);
        await server.InScopeAsync(s => s.GetRequiredService<CatalogDbContext>().Tokens
            .Where(t => t.TokenHash == Catalog.Accounts.Tokens.Hash(token))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Revoked, DateTime.UtcNow)));
        // Revoked behind this node's back (as another node would): seen once the cached lookup has lived its TTL.
        server.Clock.Advance(Catalog.Accounts.CallerCache.Ttl);
        await Problem.ReadAsync(await revocable.GetAsync(path), HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(server.Audit.Calls, c => c.Succeeded && c.UserId != null && c.Status != 200);
    }

    [Fact]
    public async Task A_token_answered_from_the_cache_is_refused_on_the_next_call_once_it_expires_or_is_revoked()
    {
        await using var setup = await SetUpAsync();
        var server = setup.Server;
        const string path = "/gw/beijing-wjw/institutions/items/3";

        // It expires while its cached lookup still lives (CallerCache.Ttl): expiry is the clock's, not the cache's.
        var expiring = await server.ClientForAsync(Consumer, lifetime: TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await expiring.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await expiring.GetAsync(path)).StatusCode);
        server.Clock.Advance(TimeSpan.FromSeconds(2.5));
        var expired = await Problem.ReadAsync(await expiring.GetAsync(path), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", expired.Detail);

        // Revoked through the API of this node: refused on the very next call, the cached lookup being still fresh.
        var token = await server.TokenForAsync(Consumer);
        var revocable = server.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await revocable.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await revocable.GetAsync(path)).StatusCode);
        var tokenId = await server.InScopeAsync(s => s.GetRequiredService<CatalogDbContext>().Tokens
            .Where(t => t.TokenHash == Catalog.Accounts.Tokens.Hash(token)).Select(t => t.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await setup.Consumer.DeleteAsync($"/api/v1/tokens/{tokenId}")).StatusCode);
        var revoked = await Problem.ReadAsync(await revocable.GetAsync(path), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", revoked.Detail);

        // Every call served was recorded with the token that made it; the refused ones never reached the gateway.
        var served = server.Audit.Calls.Where(c => c.Succeeded).ToList();
        Assert.Equal(4, served.Count);
        Assert.Equal(2, served.Count(c => c.TokenId == tokenId));
        Assert.All(served, c => Assert.NotNull(c.TokenId));
    }

    [Theory]
    [InlineData("/gw/beijing-wjw/institutions", "beijing-wjw", "institutions")]
    [InlineData("/gw/beijing-wjw/institutions/", "beijing-wjw", "institutions")]
    [InlineData("/gw/beijing-wjw/institutions/items/7", "beijing-wjw", "institutions")]
    [InlineData("/gw/beijing-wjw", null, null)]
    [InlineData("/gw//institutions/items", null, null)]
    [InlineData("/gw/beijing-wjw//items", null, null)]
    [InlineData("/api/v1/gw/a/b", null, null)]
    public void The_fast_path_reads_organization_and_service_as_the_route_does(string path, string? organization, string? service)
    {
        var matched = Gateway.GatewayFastPath.TryMatch(path, out var o, out var s);
        Assert.Equal(organization is not null, matched);
        if (matched)
        {
            Assert.Equal((organization, service), (o, s));
        }
    }

    [Fact]
    public async Task A_call_replayed_after_revocation_is_refused()
    {
        await using var setup = await SetUpAsync();
        HttpRequestMessage Call()
        {
            var message = new HttpRequestMessage(HttpMethod.Get, "/gw/beijing-wjw/institutions/items/7");
            message.Headers.Add("X-Custom", "same");
            return message;
        }

        Assert.Equal(HttpStatusCode.OK, (await setup.Consumer.SendAsync(Call())).StatusCode);
        await ReadAsync<GrantDto>(await PostAsync(setup.Steward, $"/api/v1/grants/{setup.Grant.Id}/revoke", new { reason = "发现数据被转交第三方" }));

        var replay = await Problem.ReadAsync(await setup.Consumer.SendAsync(Call()), HttpStatusCode.Forbidden);
        Assert.Contains("revoked", replay.Detail);
        Assert.False(setup.Server.Audit.Calls.Last().Succeeded);
        Assert.Null(setup.Server.Audit.Calls.Last().RequestOutAt);
    }

    [Fact]
    public async Task Upstreams_that_answer_slowly_hugely_or_never_are_cut_off()
    {
        await using var setup = await SetUpAsync();
        var steward = setup.Steward;

        var slow = await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/slow"), HttpStatusCode.GatewayTimeout);
        Assert.Equal("urn:agora:problem:upstream-timeout", slow.Type);

        var huge = await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/huge"), HttpStatusCode.BadGateway);
        Assert.Equal("urn:agora:problem:upstream-too-large", huge.Type);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/huge-chunked", HttpCompletionOption.ResponseHeadersRead);
            await response.Content.CopyToAsync(Stream.Null);
        });
        await WaitUntilAsync(() => setup.Server.Audit.Calls.Any(c => c.Path == "/huge-chunked"));
        var cut = setup.Server.Audit.Calls.Single(c => c.Path == "/huge-chunked");
        Assert.Equal(502, cut.Status);
        Assert.False(cut.Succeeded);
        Assert.True(cut.ResponseBytes <= setup.Server.Options.GatewayMaxResponseBytes + (64 * 1024));

        var silentDistribution = await setup.Server.AddApiDistributionAsync(setup.Dataset);
        await ReadAsync<ApiServiceDto>(await steward.PutAsJsonAsync($"/api/v1/distributions/{silentDistribution}/service",
            new { slug = "silent", upstreamUrl = setup.Upstream.Silent.ToString() }, Json), HttpStatusCode.Created);
        var never = await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/silent/anything"), HttpStatusCode.GatewayTimeout);
        Assert.Equal("urn:agora:problem:upstream-timeout", never.Type);
    }

    [Fact]
    public async Task A_redirect_to_a_private_address_is_not_followed()
    {
        await using var setup = await SetUpAsync();

        var redirect = await Problem.ReadAsync(await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/redirect"), HttpStatusCode.BadGateway);

        Assert.Equal("urn:agora:problem:upstream-redirect", redirect.Type);
        Assert.Equal(0, setup.Upstream.InternalHits);
    }

    [Fact]
    public async Task Quota_rate_limit_and_endpoint_conditions_hold_at_the_gateway()
    {
        await using var setup = await SetUpAsync(conditions: new { maxRequestsPerDay = 3, endpoints = new[] { new { method = "GET", path = "/items/{id}" } } }, ratePerSecond: 100);
        const string path = "/gw/beijing-wjw/institutions/items/1";

        var notGranted = await Problem.ReadAsync(await setup.Consumer.PostAsync("/gw/beijing-wjw/institutions/items", new StringContent("{}")), HttpStatusCode.Forbidden);
        Assert.Equal("urn:agora:problem:endpoint-not-granted", notGranted.Type);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await setup.Consumer.GetAsync(path)).StatusCode);
        }

        var exhausted = await Problem.ReadAsync(await setup.Consumer.GetAsync(path), HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:agora:problem:quota-exhausted", exhausted.Type);
        var grant = await ReadAsync<GrantDto>(await setup.Consumer.GetAsync($"/api/v1/grants/{setup.Grant.Id}"));
        Assert.Equal(3, grant.Quota.RequestsToday);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_request_quota_served_by_two_nodes_from_reserved_blocks_admits_exactly_the_quota(string provider)
    {
        // 100 a day: each node reserves an eighth of what is left, so both hold unused calls when the store runs out.
        await using var setup = await SetUpAsync(provider, conditions: new { maxRequestsPerDay = 100 }, ratePerSecond: 100_000);
        await using var second = await setup.Server.StartNodeAsync();
        using var consumerOnSecond = second.WithToken(setup.Consumer.DefaultRequestHeaders.Authorization!.Parameter!);
        const string path = "/gw/beijing-wjw/institutions/items/1";

        var served = 0;
        var refused = new HashSet<HttpClient>();
        for (var call = 0; refused.Count < 2 && call < 400; call++)
        {
            var client = call % 2 == 0 ? setup.Consumer : consumerOnSecond;
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                served++;
                refused.Remove(client);
            }
            else
            {
                Assert.Equal("urn:agora:problem:quota-exhausted", (await Problem.ReadAsync(response, HttpStatusCode.TooManyRequests)).Type);
                refused.Add(client);
            }
        }

        Assert.Equal(100, served);
        Assert.Equal(2, refused.Count);
        Assert.Equal(100, (await ReadAsync<GrantDto>(await setup.Consumer.GetAsync($"/api/v1/grants/{setup.Grant.Id}"))).Quota.RequestsToday);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_node_that_stops_gives_back_the_calls_it_reserved_and_did_not_serve(string provider)
    {
        await using var setup = await SetUpAsync(provider, conditions: new { maxRequestsPerDay = 1000 }, ratePerSecond: 100_000);
        var second = await setup.Server.StartNodeAsync();
        using var consumerOnSecond = second.WithToken(setup.Consumer.DefaultRequestHeaders.Authorization!.Parameter!);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await consumerOnSecond.GetAsync("/gw/beijing-wjw/institutions/items/1")).StatusCode);
        }

        // The second node took a block of 125 calls for its first one; the store counts them all until it stops.
        var whileRunning = await ReadAsync<GrantDto>(await setup.Consumer.GetAsync($"/api/v1/grants/{setup.Grant.Id}"));
        Assert.Equal(125, whileRunning.Quota.RequestsToday);
        await second.DisposeAsync();

        var afterStop = await ReadAsync<GrantDto>(await setup.Consumer.GetAsync($"/api/v1/grants/{setup.Grant.Id}"));
        Assert.Equal(5, afterStop.Quota.RequestsToday);
        Assert.Equal(HttpStatusCode.OK, (await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/items/1")).StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_holds_per_grant()
    {
        await using var setup = await SetUpAsync(ratePerSecond: 1);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await setup.Consumer.GetAsync("/gw/beijing-wjw/institutions/items/1")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Registration_is_refused_for_private_upstreams_and_other_kinds_of_distribution()
    {
        await using var server = await StartAsync(configure: o => o.AllowPrivateNetworks = false);
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var api = await server.AddApiDistributionAsync(dataset);
        var steward = await server.ClientForAsync(Provider);

        foreach (var upstream in new[] { "http://127.0.0.1:8080/api", "http://localhost/api", "http://169.254.169.254/", "http://[fe80::1]/" })
        {
            var problem = await Problem.ReadAsync(await steward.PutAsJsonAsync($"/api/v1/distributions/{api}/service", new { slug = "x", upstreamUrl = upstream }, Json),
                HttpStatusCode.BadRequest);
            Assert.Equal("upstreamUrl", problem.Field);
        }

        var table = await server.InScopeAsync(s => s.GetRequiredService<CatalogDbContext>().Distributions
            .Where(d => d.DatasetId == dataset && d.Kind == DistributionKind.Table).Select(d => d.Id).SingleAsync());
        var wrongKind = await Problem.ReadAsync(await steward.PutAsJsonAsync($"/api/v1/distributions/{table}/service",
            new { slug = "x", upstreamUrl = "https://example.com/api" }, Json), HttpStatusCode.BadRequest);
        Assert.Equal("kind", wrongKind.Field);
        var consumer = await server.ClientForAsync(Consumer);
        await Problem.ReadAsync(await consumer.PutAsJsonAsync($"/api/v1/distributions/{api}/service", new { slug = "x", upstreamUrl = "https://example.com/api" }, Json),
            HttpStatusCode.Forbidden);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
