using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Lucene.Net.Util;
using LuceneInt64 = J2N.Numerics.Int64;
using LuceneSingle = J2N.Numerics.Single;

namespace Agora.Search.Querying;

/// <summary>
/// The opaque paging cursor: the sort values of the last item shown (not a Lucene doc id, which changes when segments
/// merge), with the sort kind and a hash of the request so that a cursor cannot be replayed on another query.
/// </summary>
internal static class CursorCodec
{
    private const byte Version = 1;
    private const int MaxBytes = 1024;

    public static string Encode(byte kind, uint requestHash, object?[] values)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Version);
        writer.Write(kind);
        writer.Write(requestHash);
        writer.Write((byte)values.Length);
        foreach (var value in values)
        {
            switch (value)
            {
                case LuceneSingle single:
                    writer.Write((byte)'F');
                    writer.Write(single.ToSingle());
                    break;
                case LuceneInt64 int64:
                    writer.Write((byte)'L');
                    writer.Write(int64.ToInt64());
                    break;
                case BytesRef bytes:
                    writer.Write((byte)'B');
                    writer.Write((ushort)bytes.Length);
                    writer.Write(bytes.Bytes, bytes.Offset, bytes.Length);
                    break;
                default:
                    writer.Write((byte)'N');
                    break;
            }
        }
        writer.Flush();
        return Base64Url.EncodeToString(stream.ToArray());
    }

    public static object?[] Decode(string cursor, byte kind, uint requestHash)
    {
        try
        {
            if (cursor.Length > MaxBytes * 2)
            {
                throw Invalid();
            }
            var bytes = Base64Url.DecodeFromChars(cursor);
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadByte() != Version || reader.ReadByte() != kind || reader.ReadUInt32() != requestHash)
            {
                throw Invalid();
            }
            var values = new object?[reader.ReadByte()];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.ReadByte() switch
                {
                    (byte)'F' => LuceneSingle.GetInstance(reader.ReadSingle()),
                    (byte)'L' => LuceneInt64.GetInstance(reader.ReadInt64()),
                    (byte)'B' => new BytesRef(reader.ReadBytes(reader.ReadUInt16())),
                    (byte)'N' => null,
                    _ => throw Invalid(),
                };
            }
            if (reader.BaseStream.Position != bytes.Length)
            {
                throw Invalid();
            }
            return values;
        }
        catch (Exception ex) when (ex is FormatException or EndOfStreamException or ArgumentException)
        {
            throw Invalid();
        }
    }

    /// <summary>FNV-1a over the parts of the request that decide the order of results.</summary>
    public static uint Hash(params IEnumerable<string> parts)
    {
        var hash = 2166136261u;
        foreach (var part in parts)
        {
            foreach (var c in part)
            {
                hash = (hash ^ c) * 16777619u;
            }
            hash = (hash ^ 0xFFFF) * 16777619u;
        }
        return hash;
    }

    public static SearchQueryException Invalid() =>
        new("invalid-cursor", "cursor", "The cursor is not one this search returned; start again without it.");
}
