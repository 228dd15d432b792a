using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Access;
using Agora.Sharing.Workflow;
using Agora.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Agora.Sharing.Tests.SharingTestServer;

namespace Agora.Sharing.Tests;

/// <summary>What the grant resolver answers to every row path: quotas, expiry, the wrong organization, the rules.</summary>
public sealed class GrantEnforcementTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_quota_is_counted_atomically_and_refuses_once_used_up(string provider)
    {
        await using var server = await StartAsync(provider);
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var consumer = await server.ClientForAsync(Consumer);
        var steward = await server.ClientForAsync(Provider);
        var grant = await Flow.GrantAsync(consumer, steward, dataset, new { maxRowsPerDay = 100, maxRequestsPerDay = 10 });

        Assert.True((await server.RecordUseAsync(grant.Id, 60)).Accepted);
        var over = await server.RecordUseAsync(grant.Id, 50);
        Assert.False(over.Accepted);
        Assert.Contains("100 rows", over.Reason);
        var last = await server.RecordUseAsync(grant.Id, 40);
        Assert.True(last.Accepted);
        Assert.Equal(0, last.RemainingRows);
        Assert.Equal(8, last.RemainingRequests);

        var exhausted = await server.ResolveAsync(Consumer, dataset);
        Assert.Equal(AccessLevel.Denied, exhausted.Level);
        Assert.Equal(DenialCode.QuotaExhausted, exhausted.Denial);

        server.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await server.ResolveAsync(Consumer, dataset);
        Assert.Equal(AccessLevel.Granted, tomorrow.Level);
        Assert.Equal(100, tomorrow.RemainingRows);

        // Many nodes (here: many tasks) counting at once never go over the quota together.
        var uses = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => server.RecordUseAsync(grant.Id, 1)));
        Assert.Equal(10, uses.Count(u => u.Accepted));
        Assert.Equal(DenialCode.QuotaExhausted, (await server.ResolveAsync(Consumer, dataset)).Denial);
    }

    [Fact]
    public async Task An_expired_grant_stops_working_on_the_next_call()
    {
        await using var server = await StartAsync();
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var consumer = await server.ClientForAsync(Consumer);
        var steward = await server.ClientForAsync(Provider);
        var validTo = server.Clock.GetUtcNow().AddDays(3);
        var grant = await Flow.GrantAsync(consumer, steward, dataset, new { validTo });

        Assert.Equal(AccessLevel.Granted, (await server.ResolveAsync(Consumer, dataset)).Level);
        server.Clock.Set(validTo.AddSeconds(-1));
        Assert.Equal(AccessLevel.Granted, (await server.ResolveAsync(Consumer, dataset)).Level);
        Assert.Equal(1, await server.InScopeAsync(s => s.GetRequiredService<SharingSweep>().RunAsync(default)));
        Assert.Contains(await Flow.InboxAsync(consumer), m => m.Kind == "grant.expiring");

        server.Clock.Set(validTo);
        var expired = await server.ResolveAsync(Consumer, dataset);
        Assert.Equal(AccessLevel.Denied, expired.Level);
        Assert.Equal(DenialCode.GrantExpired, expired.Denial);
        Assert.False((await server.RecordUseAsync(grant.Id, 0)).Accepted);
        await server.InScopeAsync(s => s.GetRequiredService<SharingSweep>().RunAsync(default));
        Assert.Contains(await Flow.InboxAsync(consumer), m => m.Kind == "grant.expired");
    }

    [Fact]
    public async Task A_grant_for_another_organization_gives_nothing()
    {
        await using var server = await StartAsync();
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        await Flow.GrantAsync(await server.ClientForAsync(Consumer), await server.ClientForAsync(Provider), dataset);

        var other = await server.ResolveAsync(OtherAgency, dataset);

        Assert.Equal(AccessLevel.Denied, other.Level);
        Assert.Equal(DenialCode.NoGrant, other.Denial);
        Assert.Null(other.GrantId);
        Assert.Equal(AccessLevel.Granted, (await server.ResolveAsync(Consumer, dataset)).Level);
        var bureau = await server.ResolveAsync(Bureau, dataset);
        Assert.Equal(AccessLevel.Denied, bureau.Level);
    }

    [Fact]
    public async Task Rows_follow_the_attributes_whatever_was_granted_before()
    {
        await using var server = await StartAsync();
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var core = await server.AddDatasetAsync(SharingAttribute.NotShared, OpeningAttribute.Closed, SecurityGrade.Core);
        await Flow.GrantAsync(await server.ClientForAsync(Consumer), await server.ClientForAsync(Provider), dataset);

        var owner = await server.ResolveAsync(Provider, dataset);
        Assert.Equal(AccessLevel.Full, owner.Level);
        Assert.Equal(FullAccessBasis.Owner, owner.Basis);
        Assert.Equal(AccessLevel.NotVisible, (await server.ResolveAsync(Consumer, core)).Level);
        Assert.Equal(DenialCode.CoreData, (await server.ResolveAsync(Bureau, core)).Denial);
        Assert.Equal(AccessLevel.Full, (await server.ResolveAsync(Provider, core)).Level);

        await server.InScopeAsync(async s =>
        {
            var catalog = s.GetRequiredService<CatalogDbContext>();
            return await catalog.Datasets.Where(d => d.Id == dataset).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Sharing, SharingAttribute.NotShared)
                .SetProperty(d => d.LegalBasis, "《个人信息保护法》第二十八条"));
        });
        // Changed behind this node's back (as another node would): seen once the cached attributes have lived their TTL.
        server.Clock.Advance(GrantCache.Ttl);
        var after = await server.ResolveAsync(Consumer, dataset);
        Assert.Equal(DenialCode.NotShared, after.Denial);
        Assert.Contains("第二十八条", after.Reason);
    }
}
