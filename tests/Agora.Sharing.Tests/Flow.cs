using System.Net;
using Agora.Sharing.Api;

namespace Agora.Sharing.Tests;

/// <summary>The usual steps, over HTTP.</summary>
internal static class Flow
{
    public const string Purpose = "核对辖区医疗机构床位配置，编制区域卫生规划";
    public const string LegalBasis = "《医疗机构管理条例》第六条";

    public static async Task<AccessRequestDto> RequestAsync(HttpClient consumer, Guid datasetId, string[]? fields = null, string? rowScope = null, object? period = null)
    {
        var response = await SharingTestServer.PostAsync(consumer, "/api/v1/requests", new
        {
            datasetId,
            purpose = Purpose,
            legalBasis = LegalBasis,
            fields,
            rowScope,
            period,
        });
        return await SharingTestServer.ReadAsync<AccessRequestDto>(response, HttpStatusCode.Created);
    }

    public static async Task<GrantDto> ApproveAsync(HttpClient provider, Guid requestId, object? conditions = null)
    {
        var approved = await SharingTestServer.ReadAsync<AccessRequestDto>(
            await SharingTestServer.PostAsync(provider, $"/api/v1/requests/{requestId}/approve", conditions ?? new { }));
        Assert.Equal(Model.RequestState.Approved, approved.State);
        return await SharingTestServer.ReadAsync<GrantDto>(await provider.GetAsync($"/api/v1/grants/{approved.GrantId}"));
    }

    public static async Task<GrantDto> GrantAsync(HttpClient consumer, HttpClient provider, Guid datasetId, object? conditions = null)
    {
        var request = await RequestAsync(consumer, datasetId);
        return await ApproveAsync(provider, request.Id, conditions);
    }

    public static async Task<List<InboxMessageDto>> InboxAsync(HttpClient client) =>
        (await SharingTestServer.ReadAsync<Catalog.Api.Page<InboxMessageDto>>(await client.GetAsync("/api/v1/inbox?limit=200"))).Items.ToList();
}
