using System.Net;
using System.Net.Http.Json;
using Agora.Catalog.Api;
using Agora.Catalog.Demo;
using Agora.Catalog.Model;
using Agora.Testing;

namespace Agora.Tests;

public sealed class CatalogWriteTests
{
    private const string Steward = "steward@beijing-wjw.agora.demo";
    private static readonly Guid BeijingHealth = DemoCatalog.DeterministicGuid("org:beijing-wjw");

    internal static DatasetInput NewDataset(string identifier, Guid? organization = null) => new(
        identifier, new("北京市二级以上医院床位统计", "Hospital beds in Beijing"), new("按医院统计的实有床位数。", null),
        organization ?? BeijingHealth, ["healthcare"], ["床位", "医院"], "CC-BY-4.0", new("数据处", "data@example.org", null),
        new DateOnly(2024, 3, 1), UpdateFrequency.Monthly, new(new DateOnly(2020, 1, 1), null), "110000",
        SharingAttribute.Unconditional, null, null, OpeningAttribute.Open, null, SecurityGrade.General,
        [new("hospital", "医院名称", "text", null, FieldSensitivity.None), new("beds", "床位数", "integer", null, FieldSensitivity.None)]);

    private static async Task<int> CountAsync(AgoraTestServer server)
    {
        var bureau = await server.ClientForAsync("bureau@agora.demo", TokenScope.Read);
        return (await server.GetAsync<Page<DatasetDto>>("/api/v1/datasets?limit=1", bureau)).Total;
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task A_steward_registers_changes_and_removes_a_dataset_with_its_history(string provider)
    {
        await using var server = await AgoraTestServer.StartAsync(provider);
        var steward = await server.ClientForAsync(Steward);

        var created = await steward.PostAsJsonAsync("/api/v1/datasets", NewDataset("bj-hospital-beds"), AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dataset = (await created.Content.ReadFromJsonAsync<DatasetDto>(AgoraTestServer.Json))!;
        Assert.Equal("北京市二级以上医院床位统计", dataset.Title.Zh);
        Assert.Equal(new Uri(server.Address, $"/api/v1/datasets/{dataset.Id}"), new Uri(server.Address, created.Headers.Location!));

        var changed = NewDataset("bj-hospital-beds") with { Title = new("北京市医院床位统计", "Hospital beds in Beijing"), Keywords = ["床位"] };
        var updated = await steward.PutAsJsonAsync($"/api/v1/datasets/{dataset.Id}", changed, AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var history = await server.GetAsync<Page<ActivityDto>>($"/api/v1/datasets/bj-hospital-beds/activity");
        Assert.Equal(["updated", "created"], history.Items.Select(a => a.Action));
        var diff = history.Items[0].Changes;
        Assert.Contains(diff, c => c is { Field: "title.zh", Old: "北京市二级以上医院床位统计", New: "北京市医院床位统计" });
        Assert.Contains(diff, c => c.Field == "keywords");
        Assert.DoesNotContain(diff, c => c.Field == "title.en");
        Assert.Equal(Steward, history.Items[0].ActorName);

        var distribution = await steward.PostAsJsonAsync($"/api/v1/datasets/{dataset.Id}/distributions",
            new DistributionInput(new("床位统计表", null), DistributionKind.File, "csv", "text/csv", 1234, new string('a', 64), null, "https://data.example.org/beds.csv"),
            AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, distribution.StatusCode);
        var listed = await server.GetAsync<Page<DistributionDto>>($"/api/v1/datasets/{dataset.Id}/distributions");
        Assert.Equal("CSV", Assert.Single(listed.Items).Format);

        Assert.Equal(HttpStatusCode.NoContent, (await steward.DeleteAsync($"/api/v1/datasets/{dataset.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"/api/v1/datasets/{dataset.Id}")).StatusCode);
    }

    [Fact]
    public async Task List_totals_follow_a_create_and_a_delete_at_once_for_every_reader()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        async Task<(int Anonymous, int Bureau, int Theme)> TotalsAsync() => (
            (await server.GetAsync<Page<DatasetDto>>("/api/v1/datasets?limit=1")).Total,
            await CountAsync(server),
            (await server.GetAsync<Page<DatasetDto>>("/api/v1/datasets?limit=1&theme=healthcare")).Total);

        // Read twice first, so that a total kept from the first read would show in the second.
        var before = await TotalsAsync();
        Assert.Equal(before, await TotalsAsync());

        var created = await steward.PostAsJsonAsync("/api/v1/datasets", NewDataset("bj-hospital-beds-total"), AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((before.Anonymous + 1, before.Bureau + 1, before.Theme + 1), await TotalsAsync());

        var dataset = (await created.Content.ReadFromJsonAsync<DatasetDto>(AgoraTestServer.Json))!;
        Assert.Equal(HttpStatusCode.NoContent, (await steward.DeleteAsync($"/api/v1/datasets/{dataset.Id}")).StatusCode);
        Assert.Equal(before, await TotalsAsync());
    }

    [Fact]
    public async Task Forbidden_attribute_combinations_are_refused_naming_the_field_and_nothing_changes()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        var before = await CountAsync(server);

        var cases = new (DatasetInput Input, string Field)[]
        {
            (NewDataset("x1") with { SecurityGrade = SecurityGrade.Core }, "sharing"),
            (NewDataset("x2") with { SecurityGrade = SecurityGrade.Core, Sharing = SharingAttribute.NotShared, LegalBasis = "依法", Opening = OpeningAttribute.Open }, "opening"),
            (NewDataset("x3") with { SecurityGrade = SecurityGrade.Important, Sharing = SharingAttribute.Conditional, SharingConditions = "仅限", Opening = OpeningAttribute.Open }, "opening"),
            (NewDataset("x4") with { Sharing = SharingAttribute.NotShared, Opening = OpeningAttribute.Closed }, "legalBasis"),
        };
        foreach (var (input, field) in cases)
        {
            var problem = await Problem.ReadAsync(await steward.PostAsJsonAsync("/api/v1/datasets", input, AgoraTestServer.Json), HttpStatusCode.BadRequest);
            Assert.Equal("urn:agora:problem:attribute-rule", problem.Type);
            Assert.Equal(field, problem.Field);
        }

        Assert.Equal(before, await CountAsync(server));
    }

    [Fact]
    public async Task Bad_requests_get_the_status_the_api_promises()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        var reader = await server.ClientForAsync(Steward, TokenScope.Read);
        var outsider = await server.ClientForAsync("editor@zhejiang-dsj.agora.demo");
        var before = await CountAsync(server);

        await Problem.ReadAsync(await server.Client.PostAsJsonAsync("/api/v1/datasets", NewDataset("a1"), AgoraTestServer.Json), HttpStatusCode.Unauthorized);
        await Problem.ReadAsync(await reader.PostAsJsonAsync("/api/v1/datasets", NewDataset("a1"), AgoraTestServer.Json), HttpStatusCode.Forbidden);
        await Problem.ReadAsync(await outsider.PostAsJsonAsync("/api/v1/datasets", NewDataset("a1"), AgoraTestServer.Json), HttpStatusCode.Forbidden);
        var duplicate = await Problem.ReadAsync(await steward.PostAsJsonAsync("/api/v1/datasets", NewDataset("beijing-wjw-medical-institutions"), AgoraTestServer.Json), HttpStatusCode.Conflict);
        Assert.Equal("identifier", duplicate.Field);
        var region = await Problem.ReadAsync(await steward.PostAsJsonAsync("/api/v1/datasets", NewDataset("a2") with { SpatialRegionCode = "119999" }, AgoraTestServer.Json), HttpStatusCode.BadRequest);
        Assert.Equal("spatialRegionCode", region.Field);
        var enumValue = await Problem.ReadAsync(await steward.PostAsync("/api/v1/datasets",
            new StringContent("""{"identifier":"a3","sharing":"sometimes"}""", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal("sharing", enumValue.Field);
        await Problem.ReadAsync(await steward.PostAsync("/api/v1/datasets",
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        // Expect: 100-continue lets the server refuse by the declared length before the body is sent; without it the
        // server's 413 and close could meet the client still writing (a broken pipe under load).
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "/api/v1/datasets")
        {
            Content = new StringContent("{\"identifier\":\"a4\",\"description\":{\"zh\":\"" + new string('x', 1_200_000) + "\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        oversized.Headers.ExpectContinue = true;
        var huge = await Problem.ReadAsync(await steward.SendAsync(oversized), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("urn:agora:problem:payload-too-large", huge.Type);

        Assert.Equal(before, await CountAsync(server));
    }

    [Fact]
    public async Task Organizations_check_credit_codes_and_region_codes()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var admin = await server.ClientForAsync("admin@agora.demo", TokenScope.Admin);
        var steward = await server.ClientForAsync(Steward, TokenScope.Admin);
        var valid = new OrganizationInput("hangzhou-sjj", new("杭州市数据资源管理局", "Hangzhou Data Resources Bureau"), null,
            Catalog.Validation.CreditCode.WithCheckCharacter("11330100MB1234567"), OrganizationLevel.Municipal, "330100",
            DemoCatalog.DeterministicGuid("org:hangzhou"), new("办公室", "office@example.org", "0571-12345678"), "https://data.hangzhou.example");

        var badCode = await Problem.ReadAsync(await admin.PostAsJsonAsync("/api/v1/organizations", valid with { CreditCode = "11330100MB12345670" }, AgoraTestServer.Json), HttpStatusCode.BadRequest);
        Assert.Equal("creditCode", badCode.Field);
        Assert.Contains("check character", badCode.Detail);
        var badRegion = await Problem.ReadAsync(await admin.PostAsJsonAsync("/api/v1/organizations", valid with { RegionCode = "330199" }, AgoraTestServer.Json), HttpStatusCode.BadRequest);
        Assert.Equal("regionCode", badRegion.Field);
        await Problem.ReadAsync(await steward.PostAsJsonAsync("/api/v1/organizations", valid, AgoraTestServer.Json), HttpStatusCode.Forbidden);

        var created = await admin.PostAsJsonAsync("/api/v1/organizations", valid, AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var org = (await created.Content.ReadFromJsonAsync<OrganizationDto>(AgoraTestServer.Json))!;
        Assert.Equal("浙江省 杭州市", org.RegionName);
        await Problem.ReadAsync(await admin.PostAsJsonAsync("/api/v1/organizations", valid with { Slug = "other" }, AgoraTestServer.Json), HttpStatusCode.Conflict);

        var inProvince = await server.GetAsync<Page<OrganizationDto>>("/api/v1/organizations?regionCode=330000&limit=200");
        Assert.Contains(inProvince.Items, o => o.Slug == "hangzhou-sjj");
        Assert.All(inProvince.Items, o => Assert.StartsWith("33", o.RegionCode));
    }

    [Fact]
    public async Task Hostile_strings_are_stored_verbatim_and_returned_as_json_not_markup()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var steward = await server.ClientForAsync(Steward);
        var title = "<script>alert('x')</script>'; DROP TABLE datasets;-- \u202Egnp.exe";

        var created = await steward.PostAsJsonAsync("/api/v1/datasets", NewDataset("hostile") with { Title = new(title, "=HYPERLINK(\"http://x\")") }, AgoraTestServer.Json);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/json", created.Content.Headers.ContentType?.MediaType);
        var dataset = await server.GetAsync<DatasetDto>("/api/v1/datasets/hostile");
        Assert.Equal(title, dataset.Title.Zh);
        Assert.True(await CountAsync(server) > 200);
    }
}
