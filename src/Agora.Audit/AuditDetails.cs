using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Agora.Audit;

/// <summary>
/// An entry's details written once, straight to compact JSON, for a path that appends on every call (the gateway's):
/// building a <see cref="JsonElement"/> first serialized them twice. What comes out is what the log would have made of
/// the same values as a <see cref="AuditEntry.Details"/> element, byte for byte (same writer, same escaping), so
/// records and their hashes do not depend on which way they were given.
/// </summary>
public sealed class AuditDetails
{
    // The log's own escaping: strings come out escaped, so NUL and lone surrogates cannot reach the store.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    private AuditDetails(string json) => Json = json;

    internal string Json { get; }

    /// <summary>Writes one JSON object: <paramref name="write"/> writes its properties.</summary>
    public static AuditDetails Object<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var bytes = buffer ??= new ArrayBufferWriter<byte>(1024);
        bytes.ResetWrittenCount();
        var json = writer ??= new Utf8JsonWriter(bytes, WriterOptions);
        json.Reset(bytes);
        try
        {
            json.WriteStartObject();
            write(json, state);
            json.WriteEndObject();
            json.Flush();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // A writer left half-way must not carry its state into the next call on this thread.
            json.Reset(bytes);
            throw new ArgumentException($"details: not writable as JSON ({e.Message})", nameof(write), e);
        }

        return new AuditDetails(Encoding.UTF8.GetString(bytes.WrittenSpan));
    }
}
