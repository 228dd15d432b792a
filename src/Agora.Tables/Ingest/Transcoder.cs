using System.Buffers;
using System.Text;

namespace Agora.Tables.Ingest;

/// <summary>Rewrites a text file as UTF-8 without a BOM, strictly: a byte that does not decode stops it with its position.</summary>
internal static class Transcoder
{
    private const int ChunkSize = 1 << 20;

    public static void ToUtf8(string source, DetectedEncoding encoding, string target, long nulCheckFrom, Action<double>? progress, CancellationToken cancellationToken)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        input.Position = encoding.BomLength;
        switch (encoding.Name)
        {
            case "gb18030":
                Dbcs(input, output, DbcsDecoder.Gb18030, input.Length >= nulCheckFrom, progress, cancellationToken);
                break;
            case "big5":
                Dbcs(input, output, DbcsDecoder.Big5, input.Length >= nulCheckFrom, progress, cancellationToken);
                break;
            case "utf-16le":
                Generic(input, output, new UnicodeEncoding(false, false, true), encoding.Name, progress, cancellationToken);
                break;
            case "utf-16be":
                Generic(input, output, new UnicodeEncoding(true, false, true), encoding.Name, progress, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"No transcoder for {encoding.Name}.");
        }
    }

    private static void Dbcs(FileStream input, FileStream output, DbcsDecoder decoder, bool nulCheck, Action<double>? progress, CancellationToken cancellationToken)
    {
        var src = ArrayPool<byte>.Shared.Rent(ChunkSize + 4);
        var dst = ArrayPool<byte>.Shared.Rent((ChunkSize + 4) * 2);
        try
        {
            var carry = 0;
            long offset = input.Position;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = input.Read(src, carry, ChunkSize);
                var length = carry + read;
                var final = read == 0;
                var nul = nulCheck ? src.AsSpan(0, length).IndexOf((byte)0) : -1;
                if (nul >= 0)
                {
                    throw EncodingDetector.Nul(input, offset + nul);
                }
                var status = decoder.Decode(src.AsSpan(0, length), dst, final, out var consumed, out var written);
                output.Write(dst, 0, written);
                if (status == OperationStatus.InvalidData)
                {
                    throw EncodingDetector.Invalid(input, offset + consumed, decoder.Name.ToUpperInvariant());
                }
                if (final)
                {
                    return;
                }
                src.AsSpan(consumed, length - consumed).CopyTo(src);
                carry = length - consumed;
                offset += consumed;
                progress?.Invoke((double)input.Position / Math.Max(1, input.Length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(src);
            ArrayPool<byte>.Shared.Return(dst);
        }
    }

    private static void Generic(FileStream input, FileStream output, Encoding encoding, string name, Action<double>? progress, CancellationToken cancellationToken)
    {
        var decoder = encoding.GetDecoder();
        var encoder = new UTF8Encoding(false).GetEncoder();
        var src = new byte[ChunkSize];
        var chars = new char[ChunkSize + 2];
        var dst = new byte[(ChunkSize + 2) * 3];
        long offset = input.Position;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = input.Read(src, 0, ChunkSize);
            var final = read == 0;
            int charCount;
            try
            {
                charCount = decoder.GetChars(src, 0, read, chars, 0, final);
            }
            catch (DecoderFallbackException e)
            {
                throw EncodingDetector.Invalid(input, offset + Math.Max(0, e.Index), name.ToUpperInvariant());
            }
            var bytes = encoder.GetBytes(chars, 0, charCount, dst, 0, final);
            output.Write(dst, 0, bytes);
            if (final)
            {
                return;
            }
            offset += read;
            progress?.Invoke((double)input.Position / Math.Max(1, input.Length));
        }
    }
}
