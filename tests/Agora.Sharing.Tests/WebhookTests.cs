using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agora.Catalog.Model;
using Agora.Sharing.Api;
using Agora.Sharing.Net;
using Agora.Sharing.Notifications;
using static Agora.Sharing.Tests.SharingTestServer;

namespace Agora.Sharing.Tests;

/// <summary>Webhooks carry signed payloads and never reach private addresses unless the operator allows it.</summary>
public sealed class WebhookTests
{
    [Fact]
    public async Task A_delivery_is_signed_with_the_secret_shown_once_and_verifies()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var server = await StartAsync();
        var steward = await server.ClientForAsync(Provider);
        var created = await ReadAsync<CreatedWebhook>(await PostAsync(steward, $"/api/v1/organizations/{BeijingWjw}/webhooks",
            new { url = new Uri(upstream.Address, "/hooks").ToString(), description = "数据申请通知" }), HttpStatusCode.Created);
        Assert.StartsWith("whsec_", created.Secret);
        var listed = await ReadAsync<Catalog.Api.Page<WebhookDto>>(await steward.GetAsync($"/api/v1/organizations/beijing-wjw/webhooks"));
        Assert.DoesNotContain(created.Secret, JsonSerializer.Serialize(listed));
        await Problem.ReadAsync(await (await server.ClientForAsync(Consumer)).GetAsync($"/api/v1/organizations/{BeijingWjw}/webhooks"), HttpStatusCode.Forbidden);

        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var request = await Flow.RequestAsync(await server.ClientForAsync(Consumer), dataset);

        var hook = await WaitForAsync(upstream);
        var timestamp = hook.Headers[WebhookSignature.TimestampHeader];
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(created.Secret),
            Encoding.ASCII.GetBytes(timestamp + ".").Concat(hook.Body).ToArray()));
        Assert.Equal(expected, hook.Headers[WebhookSignature.SignatureHeader]);
        var now = server.Clock.GetUtcNow();
        Assert.True(WebhookSignature.Verify(created.Secret, timestamp, hook.Headers[WebhookSignature.SignatureHeader], hook.Body, now));
        Assert.False(WebhookSignature.Verify(created.Secret, timestamp, hook.Headers[WebhookSignature.SignatureHeader], [.. hook.Body, (byte)' '], now));
        Assert.False(WebhookSignature.Verify(created.Secret, timestamp, hook.Headers[WebhookSignature.SignatureHeader], hook.Body, now.AddMinutes(10)));
        Assert.False(WebhookSignature.Verify("whsec_wrong", timestamp, hook.Headers[WebhookSignature.SignatureHeader], hook.Body, now));

        using var payload = JsonDocument.Parse(hook.Body);
        Assert.Equal("request.submitted", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal(request.Id, payload.RootElement.GetProperty("requestId").GetGuid());
        Assert.Equal("request.submitted", hook.Headers[WebhookSignature.EventHeader]);
        Assert.False(hook.Headers.ContainsKey("Authorization"));

        var deliveries = await ReadAsync<Catalog.Api.Page<DeliveryDto>>(await steward.GetAsync($"/api/v1/organizations/{BeijingWjw}/webhooks/{created.Webhook.Id}/deliveries"));
        Assert.Equal(Model.DeliveryState.Delivered, Assert.Single(deliveries.Items).State);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_after_its_backoff()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var server = await StartAsync();
        var steward = await server.ClientForAsync(Provider);
        var created = await ReadAsync<CreatedWebhook>(await PostAsync(steward, $"/api/v1/organizations/{BeijingWjw}/webhooks",
            new { url = new Uri(upstream.Address, "/hooks-flaky").ToString() }), HttpStatusCode.Created);
        var deliveries = $"/api/v1/organizations/{BeijingWjw}/webhooks/{created.Webhook.Id}/deliveries";

        await Flow.RequestAsync(await server.ClientForAsync(Consumer), await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed));
        for (var i = 0; i < 200 && Volatile.Read(ref upstream.FlakyCalls) == 0; i++)
        {
            await Task.Delay(50);
        }

        DeliveryDto failed;
        var tries = 0;
        do
        {
            await Task.Delay(50);
            failed = Assert.Single((await ReadAsync<Catalog.Api.Page<DeliveryDto>>(await steward.GetAsync(deliveries))).Items);
        }
        while (failed.Attempts == 0 && ++tries < 200);
        Assert.Equal(Model.DeliveryState.Pending, failed.State);
        Assert.Equal(503, failed.LastStatus);
        Assert.Equal(server.Clock.GetUtcNow().UtcDateTime + server.Options.WebhookFirstRetry, failed.NextAttempt);
        Assert.Empty(upstream.Hooks);

        server.Clock.Advance(server.Options.WebhookFirstRetry);
        await WaitForAsync(upstream);
        var delivered = Assert.Single((await ReadAsync<Catalog.Api.Page<DeliveryDto>>(await steward.GetAsync(deliveries))).Items);
        Assert.Equal(Model.DeliveryState.Delivered, delivered.State);
        Assert.Equal(2, delivered.Attempts);
    }

    [Fact]
    public async Task Webhooks_to_private_addresses_are_refused_unless_allowed()
    {
        await using var server = await StartAsync(configure: o => o.AllowPrivateNetworks = false);
        var steward = await server.ClientForAsync(Provider);

        foreach (var url in new[] { "http://127.0.0.1:9/hooks", "http://localhost/hooks", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://10.1.2.3/", "http://192.168.1.1/", "ftp://example.com/" })
        {
            var problem = await Problem.ReadAsync(await PostAsync(steward, $"/api/v1/organizations/{BeijingWjw}/webhooks", new { url }), HttpStatusCode.BadRequest);
            Assert.Equal("url", problem.Field);
        }

        await Problem.ReadAsync(await PostAsync(await server.ClientForAsync(Consumer), $"/api/v1/organizations/{BeijingWjw}/webhooks", new { url = "https://example.com/hook" }),
            HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_address_is_checked_again_at_connect_time()
    {
        await using var upstream = await Upstream.StartAsync();
        using var client = new HttpClient(new NetworkGuard(new SharingOptions()).CreateHandler());

        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(new Uri(upstream.Address, "/internal/secrets")));
        Assert.True(refused is PrivateAddressException || refused.InnerException is PrivateAddressException, refused.ToString());
        Assert.Equal(0, upstream.InternalHits);

        using var allowed = new HttpClient(new NetworkGuard(new SharingOptions { AllowPrivateNetworks = true }).CreateHandler());
        Assert.Equal("internal data", await allowed.GetStringAsync(new Uri(upstream.Address, "/internal/secrets")));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.8", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:c0a8:0101::1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("202.108.22.5", true)]
    [InlineData("2400:3200::1", true)]
    public void Only_public_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, NetworkGuard.IsPublic(IPAddress.Parse(address)));

    private static async Task<ReceivedHook> WaitForAsync(Upstream upstream)
    {
        for (var i = 0; i < 200; i++)
        {
            if (upstream.Hooks.TryDequeue(out var hook))
            {
                return hook;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("no webhook delivery arrived within 10 s");
    }
}
