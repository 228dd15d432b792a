using Agora.Tables.Jobs;

namespace Agora.Tables.Ingest;

/// <summary>Input the engine refuses, with where it went wrong.</summary>
internal sealed class IngestException(string code, string message, long? row = null, string? column = null, long? byteOffset = null)
    : Exception(message)
{
    public string Code { get; } = code;

    public IngestError ToError() => new(Code, Message, row, column, byteOffset);
}
