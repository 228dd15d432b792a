using System.Text.Json;

namespace Agora.Audit.Checkpoints;

/// <summary>
/// The append-only checkpoint file, kept apart from the store so that whoever rewrites the table cannot also rewrite
/// the signed chain heads. Each append is one line, fsynced before it returns.
/// </summary>
internal sealed class CheckpointFile(string path)
{
    // Base64 '+' and '/' stay as they are (the default encoder would write \u002B).
    private static readonly JsonSerializerOptions LineJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CheckpointJsonContext.Default,
    };

    public string Path { get; } = path;

    /// <summary>
    /// Appends a checkpoint unless the file already holds one for a later record (another process sharing the data
    /// folder signed further on, which covers this head through the chain): the file stays in sequence order.
    /// </summary>
    public bool Append(AuditCheckpoint checkpoint)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        using var file = OpenLocked();
        var tail = ReadTail(file, out var tornBytes);
        if (tornBytes > 0)
        {
            // A line cut short by a crash is not signed by anyone; drop it so the next line starts clean.
            file.SetLength(file.Length - tornBytes);
        }

        if (tail is not null && tail.Sequence > checkpoint.Sequence)
        {
            return false;
        }

        var line = JsonSerializer.SerializeToUtf8Bytes(checkpoint, LineJson);
        file.Seek(0, SeekOrigin.End);
        file.Write(line);
        file.WriteByte((byte)'\n');
        file.Flush(flushToDisk: true);
        return true;
    }

    /// <summary>
    /// Reads the lines written before this call, in order, one at a time. A last line without its newline is a write
    /// that a crash cut short and is reported as torn, not as a checkpoint.
    /// </summary>
    public CheckpointReader OpenReader()
    {
        if (!File.Exists(Path))
        {
            return new CheckpointReader(null, 0);
        }

        var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        return new CheckpointReader(stream, stream.Length);
    }

    private FileStream OpenLocked()
    {
        // FileShare.None is an exclusive lock between Agora processes on the same folder (flock on Unix).
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 200)
            {
                Thread.Sleep(10);
            }
        }
    }

    /// <summary>The last complete checkpoint, and how many bytes follow it without a newline.</summary>
    private static AuditCheckpoint? ReadTail(FileStream file, out long tornBytes)
    {
        tornBytes = 0;
        var length = file.Length;
        if (length == 0)
        {
            return null;
        }

        var size = (int)Math.Min(length, 16 * 1024);
        var buffer = new byte[size];
        file.Seek(length - size, SeekOrigin.Begin);
        file.ReadExactly(buffer);
        var end = buffer.Length;
        if (buffer[^1] != (byte)'\n')
        {
            var lastNewline = Array.LastIndexOf(buffer, (byte)'\n');
            tornBytes = end - (lastNewline + 1);
            end = lastNewline + 1;
            if (lastNewline < 0)
            {
                return null;
            }
        }

        // buffer[..end] ends with '\n'; the last line runs from the newline before it.
        var start = end >= 2 ? Array.LastIndexOf(buffer, (byte)'\n', end - 2) + 1 : 0;
        if (end - 1 - start <= 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.AsSpan(start, end - 1 - start), CheckpointJsonContext.Default.AuditCheckpoint);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One line of the checkpoint file: a checkpoint, or why the line is not one.</summary>
internal readonly record struct CheckpointLine(long Number, AuditCheckpoint? Checkpoint, string? Error, bool Torn);

internal sealed class CheckpointReader(FileStream? stream, long length) : IDisposable
{
    private readonly List<byte> line = new(256);
    private long consumed;
    private long number;

    /// <summary>The next line within the length the file had when opened, or null at its end.</summary>
    public CheckpointLine? Next()
    {
        while (ReadLine(out var complete))
        {
            number++;
            if (!complete)
            {
                return new CheckpointLine(number, null, "the last line is cut short (a write interrupted by a crash)", Torn: true);
            }

            if (line.Count == 0)
            {
                continue;
            }

            try
            {
                var checkpoint = JsonSerializer.Deserialize(CollectionsMarshalSpan(), CheckpointJsonContext.Default.AuditCheckpoint);
                return checkpoint is null
                    ? new CheckpointLine(number, null, "the line is not a checkpoint", false)
                    : new CheckpointLine(number, checkpoint, null, false);
            }
            catch (JsonException e)
            {
                return new CheckpointLine(number, null, $"the line is not a checkpoint ({e.Message})", false);
            }
        }

        return null;
    }

    public void Dispose() => stream?.Dispose();

    private ReadOnlySpan<byte> CollectionsMarshalSpan() => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line);

    // Reads only up to the length seen at open, so checkpoints appended during a verification wait for the next one.
    private bool ReadLine(out bool complete)
    {
        line.Clear();
        complete = false;
        if (stream is null || consumed >= length)
        {
            return false;
        }

        while (consumed < length)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                break;
            }

            consumed++;
            if (b == '\n')
            {
                complete = true;
                return true;
            }

            line.Add((byte)b);
        }

        return line.Count > 0;
    }
}
