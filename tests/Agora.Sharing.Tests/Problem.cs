using System.Net;
using System.Text.Json;

namespace Agora.Sharing.Tests;

/// <summary>What a client reads from an error response.</summary>
public sealed record Problem(string Type, string Title, int Status, string? Detail, string? Field)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<Problem>(body, SharingTestServer.Json)!;
    }
}
