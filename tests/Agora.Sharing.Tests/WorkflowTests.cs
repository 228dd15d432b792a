using System.Net;
using System.Text;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Access;
using Agora.Sharing.Api;
using Agora.Sharing.Audit;
using Agora.Sharing.Model;
using Agora.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Agora.Sharing.Tests.SharingTestServer;

namespace Agora.Sharing.Tests;

/// <summary>The request-and-grant workflow between two agencies, over HTTP.</summary>
public sealed class WorkflowTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_request_goes_from_question_to_narrowed_grant_to_revocation(string provider)
    {
        await using var server = await StartAsync(provider);
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var consumer = await server.ClientForAsync(Consumer);
        var steward = await server.ClientForAsync(Provider);

        var request = await Flow.RequestAsync(consumer, dataset, ["region_code", "institution_name", "beds"], "region_code = '110108'",
            new { to = server.Clock.GetUtcNow().AddDays(200) });
        Assert.Equal(RequestState.Submitted, request.State);
        Assert.Equal(ShanghaiRsj, request.ConsumerOrganizationId);
        Assert.Equal(new DateOnly(2026, 3, 11), request.DueDate);
        Assert.Contains(await Flow.InboxAsync(steward), m => m.Kind == "request.submitted" && m.RequestId == request.Id);
        Assert.Equal(AccessLevel.Denied, (await server.ResolveAsync(Consumer, dataset)).Level);

        var asked = await ReadAsync<AccessRequestDto>(await PostAsync(steward, $"/api/v1/requests/{request.Id}/ask-info", new { question = "请提供单位公函" }));
        Assert.Equal(RequestState.InfoRequested, asked.State);
        Assert.Contains(await Flow.InboxAsync(consumer), m => m.Kind == "request.info-requested");

        var letter = Encoding.UTF8.GetBytes("关于申请医疗机构数据的函");
        var upload = await consumer.PostAsync($"/api/v1/requests/{request.Id}/attachments?name=letter.txt",
            new ByteArrayContent(letter) { Headers = { ContentType = new("text/plain") } });
        var attachment = await ReadAsync<AttachmentDto>(upload, HttpStatusCode.Created);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(letter)), attachment.Sha256);
        Assert.Equal(letter, await steward.GetByteArrayAsync(attachment.Href));
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.ClientForAsync(OtherAgency)).GetAsync(attachment.Href)).StatusCode);

        var answered = await ReadAsync<AccessRequestDto>(await PostAsync(consumer, $"/api/v1/requests/{request.Id}/respond-info", new { answer = "公函已附" }));
        Assert.Equal(RequestState.Submitted, answered.State);

        var widened = await Problem.ReadAsync(await PostAsync(steward, $"/api/v1/requests/{request.Id}/approve", new { fields = new[] { "phone" } }), HttpStatusCode.BadRequest);
        Assert.Equal("fields", widened.Field);

        var grant = await Flow.ApproveAsync(steward, request.Id, new { fields = new[] { "region_code", "beds" }, rowFilter = "beds > 100", maxRowsPerDay = 1000 });
        Assert.Equal(["region_code", "beds"], grant.AllowedFields);
        Assert.Equal("(region_code = '110108') AND (beds > 100)", grant.RowFilter);

        var held = await ReadAsync<Page<GrantDto>>(await consumer.GetAsync("/api/v1/grants"));
        Assert.Equal(grant.Id, Assert.Single(held.Items).Id);
        Assert.Equal(GrantStatus.Active, held.Items[0].Status);
        var access = await server.ResolveAsync(Consumer, dataset);
        Assert.Equal(AccessLevel.Granted, access.Level);
        Assert.Equal(grant.Id, access.GrantId);
        Assert.Equal(["region_code", "beds"], access.AllowedFields);
        Assert.Equal(grant.RowFilter, access.RowFilter);
        Assert.Equal(1000, access.RemainingRows);

        var history = (await ReadAsync<AccessRequestDto>(await consumer.GetAsync($"/api/v1/requests/{request.Id}"))).History!;
        Assert.Equal(["submitted", "info-requested", "attachment-added", "info-provided", "approved"], history.Select(e => e.Action));

        var noReason = await Problem.ReadAsync(await PostAsync(steward, $"/api/v1/grants/{grant.Id}/revoke", new { }), HttpStatusCode.BadRequest);
        Assert.Equal("reason", noReason.Field);
        var revoked = await ReadAsync<GrantDto>(await PostAsync(steward, $"/api/v1/grants/{grant.Id}/revoke", new { reason = "用途已完成" }));
        Assert.Equal(GrantStatus.Revoked, revoked.Status);

        var after = await server.ResolveAsync(Consumer, dataset);
        Assert.Equal(AccessLevel.Denied, after.Level);
        Assert.Equal(DenialCode.GrantRevoked, after.Denial);
        Assert.False((await server.RecordUseAsync(grant.Id, 1)).Accepted);
        Assert.Contains(await Flow.InboxAsync(consumer), m => m.Kind == "grant.revoked" && m.GrantId == grant.Id);
        Assert.Equal(
            [SharingActions.RequestCreate, SharingActions.RequestAskInfo, SharingActions.RequestRespondInfo, SharingActions.GrantApprove, SharingActions.GrantRevoke],
            server.Audit.Decisions.Select(d => d.Action));
        Assert.Equal("用途已完成", server.Audit.Decisions.Last().Reason);
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_and_is_told_to_the_consumer()
    {
        await using var server = await StartAsync();
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var consumer = await server.ClientForAsync(Consumer);
        var steward = await server.ClientForAsync(Provider);
        var request = await Flow.RequestAsync(consumer, dataset);

        var problem = await Problem.ReadAsync(await PostAsync(steward, $"/api/v1/requests/{request.Id}/refuse", new { reason = "  " }), HttpStatusCode.BadRequest);
        Assert.Equal("reason", problem.Field);
        var refused = await ReadAsync<AccessRequestDto>(await PostAsync(steward, $"/api/v1/requests/{request.Id}/refuse", new { reason = "用途与数据无关" }));

        Assert.Equal(RequestState.Refused, refused.State);
        Assert.Equal("用途与数据无关", refused.DecisionReason);
        Assert.Contains(await Flow.InboxAsync(consumer), m => m.Kind == "request.refused" && m.Title.Zh!.Contains("用途与数据无关"));
        Assert.Contains(server.Audit.Decisions, d => d.Action == SharingActions.GrantRefuse && d.Reason == "用途与数据无关");
        var again = await Problem.ReadAsync(await PostAsync(steward, $"/api/v1/requests/{request.Id}/approve"), HttpStatusCode.Conflict);
        Assert.Equal("urn:agora:problem:invalid-state", again.Type);
    }

    [Fact]
    public async Task Not_shared_datasets_cannot_be_requested_and_name_their_legal_basis()
    {
        await using var server = await StartAsync();
        var dataset = await server.AddDatasetAsync(SharingAttribute.NotShared, OpeningAttribute.Closed);
        var consumer = await server.ClientForAsync(Consumer);

        var problem = await Problem.ReadAsync(await PostAsync(consumer, "/api/v1/requests", new { datasetId = dataset, purpose = Flow.Purpose, legalBasis = Flow.LegalBasis }),
            HttpStatusCode.BadRequest);

        Assert.Equal("urn:agora:problem:not-shared", problem.Type);
        Assert.Equal("datasetId", problem.Field);
        Assert.Contains("《中华人民共和国数据安全法》第二十一条", problem.Detail);
        Assert.Empty(server.Audit.Decisions);
        Assert.Equal(DenialCode.NotShared, (await server.ResolveAsync(Consumer, dataset)).Denial);
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Unconditional_sharing_is_granted_at_once_with_every_field_and_still_recorded(string provider)
    {
        await using var server = await StartAsync(provider);
        var dataset = await server.AddDatasetAsync(SharingAttribute.Unconditional, OpeningAttribute.Closed);
        var consumer = await server.ClientForAsync(Consumer);
        var steward = await server.ClientForAsync(Provider);

        var request = await Flow.RequestAsync(consumer, dataset, ["beds"]);

        Assert.Equal(RequestState.Approved, request.State);
        var grant = await ReadAsync<GrantDto>(await consumer.GetAsync($"/api/v1/grants/{request.GrantId}"));
        Assert.Null(grant.AllowedFields);
        Assert.Equal(GrantStatus.Active, grant.Status);
        Assert.Equal(AccessLevel.Granted, (await server.ResolveAsync(Consumer, dataset)).Level);
        Assert.Equal([SharingActions.RequestCreate, SharingActions.GrantIssue], server.Audit.Decisions.Select(d => d.Action));
        Assert.Contains(await Flow.InboxAsync(steward), m => m.Kind == "grant.issued");
        Assert.Contains(await Flow.InboxAsync(consumer), m => m.Kind == "request.approved");
    }

    [Fact]
    public async Task A_consumer_cannot_decide_their_own_request()
    {
        await using var server = await StartAsync();
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var bothId = await server.CreateUserAsync("both@agora.test", (ShanghaiRsj, OrganizationRole.Member));
        var both = await server.ClientForAsync("both@agora.test");
        var request = await Flow.RequestAsync(both, dataset);

        // The requester moves to the providing body while the request is open: still not their own judge.
        await server.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<CatalogDbContext>();
            db.Memberships.Add(new Membership { Id = Guid.NewGuid(), UserId = bothId, OrganizationId = BeijingWjw, Role = OrganizationRole.Editor });
            return await db.SaveChangesAsync();
        });
        var own = await Problem.ReadAsync(await PostAsync(both, $"/api/v1/requests/{request.Id}/approve"), HttpStatusCode.Forbidden);
        Assert.Contains("own request", own.Detail);

        var stranger = await Problem.ReadAsync(await PostAsync(await server.ClientForAsync(OtherAgency), $"/api/v1/requests/{request.Id}/approve"), HttpStatusCode.NotFound);
        Assert.Equal("urn:agora:problem:not-found", stranger.Type);
        var readOnly = await server.ClientForAsync(Provider, TokenScope.Read);
        await Problem.ReadAsync(await PostAsync(readOnly, $"/api/v1/requests/{request.Id}/approve"), HttpStatusCode.Forbidden);
        await Flow.ApproveAsync(await server.ClientForAsync(Provider), request.Id);
    }

    [Fact]
    public async Task Withdrawn_requests_stay_withdrawn_and_lists_show_each_side_its_own()
    {
        await using var server = await StartAsync();
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var consumer = await server.ClientForAsync(Consumer);
        var steward = await server.ClientForAsync(Provider);
        var request = await Flow.RequestAsync(consumer, dataset);
        var duplicate = await Problem.ReadAsync(await PostAsync(consumer, "/api/v1/requests", new { datasetId = dataset, purpose = "x", legalBasis = "y" }), HttpStatusCode.Conflict);
        Assert.Equal("datasetId", duplicate.Field);

        Assert.Equal(request.Id, Assert.Single((await ReadAsync<Page<AccessRequestDto>>(await consumer.GetAsync("/api/v1/requests"))).Items).Id);
        Assert.Equal(request.Id, Assert.Single((await ReadAsync<Page<AccessRequestDto>>(await steward.GetAsync("/api/v1/requests?scope=incoming"))).Items).Id);
        Assert.Empty((await ReadAsync<Page<AccessRequestDto>>(await steward.GetAsync("/api/v1/requests?scope=mine"))).Items);
        await Problem.ReadAsync(await steward.GetAsync("/api/v1/requests?scope=all"), HttpStatusCode.Forbidden);
        var bureau = await server.ClientForAsync(Bureau, TokenScope.Read);
        Assert.Equal(1, (await ReadAsync<Page<AccessRequestDto>>(await bureau.GetAsync("/api/v1/requests?scope=all"))).Total);

        var withdrawn = await ReadAsync<AccessRequestDto>(await PostAsync(consumer, $"/api/v1/requests/{request.Id}/withdraw", new { reason = "不再需要" }));
        Assert.Equal(RequestState.Withdrawn, withdrawn.State);
        await Problem.ReadAsync(await PostAsync(steward, $"/api/v1/requests/{request.Id}/approve"), HttpStatusCode.Conflict);
        Assert.Contains(await Flow.InboxAsync(steward), m => m.Kind == "request.withdrawn");
    }
}
