using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Agora.Audit.Checkpoints;

/// <summary>
/// A signed statement that record <see cref="Sequence"/> of the chain has hash <see cref="Hash"/>. The signature is
/// Ed25519 over "AGORA-AUDIT-CHECKPOINT-1\n" ‖ sequence (int64 BE) ‖ hash (32 bytes) ‖ time (int64 BE, µs since the
/// Unix epoch). One JSON object per line of <c>checkpoints.jsonl</c>.
/// </summary>
public sealed record AuditCheckpoint(
    [property: JsonPropertyName("sequence"), JsonRequired] long Sequence,
    [property: JsonPropertyName("hash"), JsonRequired] string Hash,
    [property: JsonPropertyName("time"), JsonRequired] string Time,
    [property: JsonPropertyName("key"), JsonRequired] string Key,
    [property: JsonPropertyName("signature"), JsonRequired] string Signature)
{
    private static readonly byte[] Tag = "AGORA-AUDIT-CHECKPOINT-1\n"u8.ToArray();

    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string FormatTime(DateTime utc) => utc.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTime(string text, out DateTime utc) =>
        DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);

    /// <summary>The bytes that are signed.</summary>
    public static byte[] Message(long sequence, ReadOnlySpan<byte> hash, DateTime time)
    {
        var message = new byte[Tag.Length + 8 + Chain.AuditCanonical.HashSize + 8];
        Tag.CopyTo(message, 0);
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(Tag.Length), sequence);
        hash.CopyTo(message.AsSpan(Tag.Length + 8));
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(Tag.Length + 8 + Chain.AuditCanonical.HashSize), Chain.AuditCanonical.Microseconds(time));
        return message;
    }
}

[JsonSerializable(typeof(AuditCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
