namespace Agora.Tables.Export;

/// <summary>
/// Collects synchronous writes (from writers that have no async API, like <c>ZipArchive</c>) in memory and hands
/// them to the response asynchronously in chunks, so a download streams without synchronous I/O on the request.
/// </summary>
internal sealed class BufferedBody(Stream body) : Stream
{
    private const int FlushAt = 64 * 1024;
    private readonly MemoryStream _buffer = new();
    private long _written;

    public long BytesWritten => _written + _buffer.Length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public bool ShouldFlush => _buffer.Length >= FlushAt;

    public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

    public override void WriteByte(byte value) => _buffer.WriteByte(value);

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length == 0)
        {
            return;
        }
        await body.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), cancellationToken);
        _written += _buffer.Length;
        _buffer.SetLength(0);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
