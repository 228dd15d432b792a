using System.Text;

namespace Agora.Privacy.Data;

internal static class EncodingDiagnostics
{
    /// <summary>Finds the 1-based line and byte offset of the first byte sequence that the encoding cannot decode.</summary>
    public static (long Line, long Offset) FindFirstInvalidLine(string path, Encoding encoding)
    {
        var decoder = encoding.GetDecoder();
        var bytes = File.ReadAllBytes(path);
        var chars = new char[8];
        long line = 1;
        for (var i = 0; i < bytes.Length; i++)
        {
            try
            {
                decoder.GetChars(bytes, i, 1, chars, 0, flush: false);
            }
            catch (DecoderFallbackException)
            {
                return (line, i);
            }

            if (bytes[i] == (byte)'\n')
            {
                line++;
            }
        }

        return (line, bytes.Length);
    }
}
