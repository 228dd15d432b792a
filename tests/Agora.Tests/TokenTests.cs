using System.Net;
using System.Net.Http.Json;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

public sealed class TokenTests
{
    [Fact]
    public async Task Tokens_are_stored_only_as_hashes_and_stop_working_once_revoked()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var admin = await server.ClientForAsync("admin@agora.demo", TokenScope.Admin);

        var response = await admin.PostAsJsonAsync("/api/v1/tokens", new TokenInput("laptop", TokenScope.Read, "7d"), AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedToken>(AgoraTestServer.Json))!;
        Assert.StartsWith("agora_", created.Secret);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var stored = await db.Tokens.SingleAsync(t => t.Id == created.Token.Id);
            Assert.NotEqual(created.Secret, stored.TokenHash);
            Assert.DoesNotContain(created.Secret, stored.TokenHash + stored.Prefix + stored.Name);
        }

        var laptop = server.WithToken(created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tokens/{created.Token.Id}")).StatusCode);

        var refused = await Problem.ReadAsync(await laptop.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", refused.Detail);
    }

    [Fact]
    public async Task Expired_forged_and_malformed_tokens_are_refused_even_on_public_endpoints()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var expired = await server.TokenForAsync("steward@beijing-wjw.agora.demo", TokenScope.Read, TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);

        var expiredProblem = await Problem.ReadAsync(await server.WithToken(expired).GetAsync("/api/v1/datasets"), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", expiredProblem.Detail);
        var forged = await server.WithToken("agora_" + new string('A', 43)).GetAsync("/api/v1/datasets");
        await Problem.ReadAsync(forged, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", forged.Headers.WwwAuthenticate.ToString());
        await Problem.ReadAsync(await server.WithToken("' OR 1=1 --").GetAsync("/api/v1/datasets"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_cannot_mint_a_token_of_wider_scope_and_only_admins_create_accounts()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var reader = await server.ClientForAsync("admin@agora.demo", TokenScope.Read);
        var admin = await server.ClientForAsync("admin@agora.demo", TokenScope.Admin);
        var steward = await server.ClientForAsync("steward@beijing-wjw.agora.demo", TokenScope.Admin);

        await Problem.ReadAsync(await reader.PostAsJsonAsync("/api/v1/tokens", new TokenInput("x", TokenScope.Admin, null), AgoraTestServer.Json), HttpStatusCode.Forbidden);
        await Problem.ReadAsync(await steward.PostAsJsonAsync("/api/v1/users", new UserInput("new@example.org", null, "long-enough-password", null, null, null), AgoraTestServer.Json), HttpStatusCode.Forbidden);
        var weak = await Problem.ReadAsync(await admin.PostAsJsonAsync("/api/v1/users", new UserInput("new@example.org", null, "short", null, null, null), AgoraTestServer.Json), HttpStatusCode.BadRequest);
        Assert.Equal("password", weak.Field);

        var created = await admin.PostAsJsonAsync("/api/v1/users", new UserInput("New@Example.org", "新用户", "long-enough-password", null, null, null), AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<UserDto>(AgoraTestServer.Json))!;
        Assert.Equal("new@example.org", user.Email);
        await Problem.ReadAsync(await admin.PostAsJsonAsync("/api/v1/users", new UserInput("new@example.org", null, "long-enough-password", null, null, null), AgoraTestServer.Json), HttpStatusCode.Conflict);

        var member = await admin.PutAsJsonAsync("/api/v1/organizations/beijing-wjw/members", new MemberInput(null, "new@example.org", OrganizationRole.Editor), AgoraTestServer.Json);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        var me = await server.GetAsync<UserDto>("/api/v1/users/me", await server.ClientForAsync("new@example.org"));
        Assert.Equal(OrganizationRole.Editor, Assert.Single(me.Memberships).Role);
    }
}
