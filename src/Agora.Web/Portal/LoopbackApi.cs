using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Agora.Web.Portal;

public enum TablesOutcome
{
    Ok,

    /// <summary>The distribution has no table data yet.</summary>
    NoData,

    /// <summary>The caller may not read (or write) this table.</summary>
    Forbidden,

    /// <summary>The tables API is not part of this host, or did not answer.</summary>
    Unavailable,

    /// <summary>The API refused the request; <see cref="TablesAnswer.Detail"/> says why.</summary>
    Failed,
}

public sealed record TablesAnswer(TablesOutcome Outcome, JsonElement Body, string? Detail, string? Field)
{
    public bool Ok => Outcome == TablesOutcome.Ok;
}

/// <summary>
/// The pages' way to the HTTP API of this host (the tables Data API, and the catalog's writes from the console) (rows, profile, schema, uploads, jobs): HTTP to this same host over the
/// loopback, carrying the reader's cookie or token, so that the pages get exactly what the reader may get and the
/// portal depends on the API's contract rather than on the tables engine.
/// </summary>
public sealed class LoopbackApi(IServer server)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private Uri? baseAddress;

    /// <summary>Sends JSON in the catalog's shape (camelCase, enums as camelCase strings).</summary>
    public Task<TablesAnswer> SendJsonAsync(HttpContext context, HttpMethod method, string path, object body) =>
        SendAsync(context, new HttpRequestMessage(method, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Agora.Catalog.Api.CatalogJson.Options), System.Text.Encoding.UTF8, "application/json"),
        });

    public Task<TablesAnswer> GetAsync(HttpContext context, string pathAndQuery) =>
        SendAsync(context, new HttpRequestMessage(HttpMethod.Get, pathAndQuery));

    public Task<TablesAnswer> UploadAsync(HttpContext context, Guid distributionId, Stream file, string fileName, string? encoding)
    {
        var query = $"/api/v1/distributions/{distributionId}/data?filename={Uri.EscapeDataString(fileName)}"
            + (string.IsNullOrEmpty(encoding) ? "" : "&encoding=" + Uri.EscapeDataString(encoding));
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return SendAsync(context, new HttpRequestMessage(HttpMethod.Post, query) { Content = content });
    }

    public Task<TablesAnswer> PutSchemaAsync(HttpContext context, Guid distributionId, IEnumerable<(string Name, string Type)> columns)
    {
        var body = JsonSerializer.Serialize(new { columns = columns.Select(c => new { name = c.Name, type = c.Type }) });
        return SendAsync(context, new HttpRequestMessage(HttpMethod.Put, $"/api/v1/distributions/{distributionId}/schema")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });
    }

    private async Task<TablesAnswer> SendAsync(HttpContext context, HttpRequestMessage request)
    {
        using (request)
        {
            request.RequestUri = new Uri(BaseAddress(), request.RequestUri!);
            if (context.Request.Headers.Cookie.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Cookie", context.Request.Headers.Cookie.ToArray());
            }

            if (context.Request.Headers.Authorization.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToArray());
            }

            try
            {
                using var response = await Http.SendAsync(request, context.RequestAborted);
                var text = await response.Content.ReadAsStringAsync(context.RequestAborted);
                var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
                    ? JsonDocument.Parse(text).RootElement.Clone()
                    : default;
                if (response.IsSuccessStatusCode)
                {
                    return new TablesAnswer(TablesOutcome.Ok, body, null, null);
                }

                var type = Property(body, "type") ?? "";
                var detail = Property(body, "detail") ?? Property(body, "title") ?? response.ReasonPhrase;
                var field = Property(body, "field");
                return response.StatusCode switch
                {
                    HttpStatusCode.NotFound when type.EndsWith(":no-data", StringComparison.Ordinal) => new(TablesOutcome.NoData, body, detail, field),
                    // The framework's own 404 (no such route) or 405: the tables API is not mapped in this host.
                    HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed when type is "urn:agora:problem:not-found" or "urn:agora:problem:method-not-allowed" or "" =>
                        new(TablesOutcome.Unavailable, body, detail, field),
                    HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => new(TablesOutcome.Forbidden, body, detail, field),
                    _ => new(TablesOutcome.Failed, body, detail, field),
                };
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !context.RequestAborted.IsCancellationRequested)
            {
                return new TablesAnswer(TablesOutcome.Unavailable, default, e.Message, null);
            }
        }
    }

    private static string? Property(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One of the host's own addresses, with a wildcard host turned into the loopback.</summary>
    private Uri BaseAddress()
    {
        if (baseAddress is not null)
        {
            return baseAddress;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new HttpRequestException("the host has no address");
        var builder = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        return baseAddress = builder.Uri;
    }
}
