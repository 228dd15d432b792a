using System.Buffers.Text;
using System.Text.Json;

namespace Agora.Catalog.Api;

/// <summary>An opaque keyset cursor: the sort value and the tie-breaker of the last item of a page.</summary>
public sealed record Cursor(string Sort, string Value, string Key)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static Cursor? Decode(string? text, string sort)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var cursor = JsonSerializer.Deserialize<Cursor>(Base64Url.DecodeFromChars(text));
            return cursor is not null && cursor.Sort == sort ? cursor : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            throw new FormatException("the cursor is not one this list gave out (or belongs to another sort order)");
        }
    }
}

public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 200;

    public static string? CheckLimit(int? limit) =>
        limit is < 1 or > MaxLimit ? $"must be between 1 and {MaxLimit}" : null;
}
