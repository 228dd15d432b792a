using System.Diagnostics;
using System.Text.Json;

/// <summary>
/// One client walking the dataset list with <c>limit=50</c> and the returned cursor, back to the first page at the
/// end. A page is timed from the request to its last byte: the client's own parsing of the 50 datasets is not the
/// server's time, and on two shared cores it would be counted against the server.
/// </summary>
internal sealed class PageWalk(HttpClient client)
{
    private string? cursor;

    public List<double> Times { get; } = [];

    public async Task NextAsync(bool record = false)
    {
        var started = Stopwatch.GetTimestamp();
        var body = await client.GetByteArrayAsync("/api/v1/datasets?limit=50" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (record)
        {
            Times.Add(ms);
        }

        using var page = JsonDocument.Parse(body);
        var items = page.RootElement.GetProperty("items").GetArrayLength();
        if (items == 0)
        {
            throw new InvalidOperationException("a page of the dataset list came back empty");
        }

        cursor = page.RootElement.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
    }
}
