using System.Net;
using Agora.Catalog.Model;
using Agora.Sharing.Access;
using Agora.Sharing.Api;
using Agora.Sharing.Audit;
using Agora.Sharing.Model;
using Agora.Testing;
using static Agora.Sharing.Tests.SharingTestServer;

namespace Agora.Sharing.Tests;

/// <summary>The public applies for conditionally open data after accepting its data use agreement.</summary>
public sealed class PublicApplicationTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task An_application_needs_the_current_agreement_accepted_and_records_version_time_and_account(string provider)
    {
        await using var server = await StartAsync(provider);
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Conditional);
        var citizenId = await server.CreateUserAsync("researcher@example.edu.cn");
        var citizen = await server.ClientForAsync("researcher@example.edu.cn");
        var application = new { datasetId = dataset, purpose = "研究医疗资源的空间分布", fields = new[] { "region_code", "beds" } };

        var refused = await Problem.ReadAsync(await PostAsync(citizen, "/api/v1/requests", application), HttpStatusCode.BadRequest);
        Assert.Equal("urn:agora:problem:agreement-required", refused.Type);
        Assert.Equal("agreement", refused.Field);

        var agreement = await ReadAsync<AgreementDto>(await citizen.GetAsync($"/api/v1/datasets/{dataset}/agreement"));
        Assert.StartsWith("default-", agreement.Version);
        Assert.Contains("仅用于科研", agreement.Text);
        Assert.Null(agreement.Accepted);
        await Problem.ReadAsync(await PostAsync(citizen, $"/api/v1/datasets/{dataset}/agreement/accept", new { version = "default-000000000000" }), HttpStatusCode.Conflict);
        var acceptance = await ReadAsync<AcceptanceDto>(await PostAsync(citizen, $"/api/v1/datasets/{dataset}/agreement/accept", new { version = agreement.Version }), HttpStatusCode.Created);
        Assert.Equal(citizenId, acceptance.UserId);
        Assert.Equal(agreement.Version, acceptance.Version);
        Assert.Equal(agreement.TextSha256, acceptance.TextSha256);
        Assert.Equal(server.Clock.GetUtcNow().UtcDateTime, acceptance.Accepted);

        var request = await ReadAsync<AccessRequestDto>(await PostAsync(citizen, "/api/v1/requests", application), HttpStatusCode.Created);
        Assert.Equal(RequestKind.Opening, request.Kind);
        Assert.Null(request.ConsumerOrganizationId);
        Assert.Equal(acceptance.Id, request.Agreement!.Id);
        Assert.Equal(agreement.Version, request.Agreement.Version);
        Assert.Contains(server.Audit.Decisions, d => d.Action == SharingActions.AgreementAccept && d.UserId == citizenId && d.Reason!.Contains(agreement.Version));

        var grant = await Flow.ApproveAsync(await server.ClientForAsync(Provider), request.Id);
        Assert.Equal(citizenId, grant.ConsumerUserId);
        Assert.Null(grant.ConsumerOrganizationId);
        Assert.Equal(AccessLevel.Granted, (await server.ResolveAsync("researcher@example.edu.cn", dataset)).Level);
        Assert.Contains(await Flow.InboxAsync(citizen), m => m.Kind == "request.approved");
        Assert.Equal(AccessLevel.Denied, (await server.ResolveAsync(Consumer, dataset)).Level);

        var steward = await server.ClientForAsync(Provider);
        var published = await ReadAsync<AgreementDto>(await steward.PutAsync($"/api/v1/datasets/{dataset}/agreement",
            System.Net.Http.Json.JsonContent.Create(new { text = "第二版数据使用协议" })));
        Assert.Equal("1", published.Version);
        var current = await ReadAsync<AgreementDto>(await citizen.GetAsync($"/api/v1/datasets/{dataset}/agreement"));
        Assert.Equal("1", current.Version);
        Assert.Null(current.Accepted);
    }

    [Fact]
    public async Task Only_conditionally_open_datasets_take_applications()
    {
        await using var server = await StartAsync();
        var closed = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var open = await server.AddDatasetAsync(SharingAttribute.Unconditional, OpeningAttribute.Open);
        await server.CreateUserAsync("citizen@example.com");
        var citizen = await server.ClientForAsync("citizen@example.com");

        await Problem.ReadAsync(await PostAsync(citizen, "/api/v1/requests", new { datasetId = closed, purpose = "了解" }), HttpStatusCode.NotFound);
        var official = await server.ClientForAsync(Consumer);
        var notOpen = await Problem.ReadAsync(await PostAsync(official, "/api/v1/requests", new { datasetId = closed, kind = "opening", purpose = "了解" }), HttpStatusCode.BadRequest);
        Assert.Equal("urn:agora:problem:not-open", notOpen.Type);
        var needless = await Problem.ReadAsync(await PostAsync(citizen, "/api/v1/requests", new { datasetId = open, purpose = "了解" }), HttpStatusCode.BadRequest);
        Assert.Equal("urn:agora:problem:no-request-needed", needless.Type);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/api/v1/datasets/{open}/agreement")).StatusCode);

        var openAccess = await server.ResolveAsync("citizen@example.com", open);
        Assert.Equal(AccessLevel.Full, openAccess.Level);
        Assert.Equal(FullAccessBasis.Open, openAccess.Basis);
        Assert.Equal(AccessLevel.NotVisible, (await server.ResolveAsync("citizen@example.com", closed)).Level);
    }
}
