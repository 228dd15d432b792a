using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Lucene.Net.Util;

namespace Agora.Search.Indexing;

/// <summary>
/// Everything a hit or a suggestion shows of a dataset, as one binary doc value per document instead of ~20 stored
/// values (a profile of the build put stored fields, their bookkeeping and the compression of every block, at ~16 %).
/// One uncompressed value costs a copy, and reading it back at search time is a slice of a memory-mapped file instead
/// of decompressing the block around the document. Decoded as a <see cref="SearchDocument"/> holding
/// just those values (themes and formats normalized as indexed).
/// </summary>
internal static class HitRecord
{
    private const byte FormatVersion = 1;

    // Version, dataset id, organization id, opening, sharing, grade, modified ticks, usage.
    private const int HeadLength = 1 + 16 + 16 + 3 + 8 + 8;

    /// <summary>Writes the record into <paramref name="target"/> (reused per thread) and points it at the bytes.</summary>
    public static void Encode(SearchDocument source, IReadOnlyList<string> themes, IReadOnlyList<string> formats, ArrayBufferWriter<byte> buffer, BytesRef target)
    {
        buffer.ResetWrittenCount();
        var head = buffer.GetSpan(HeadLength);
        head[0] = FormatVersion;
        source.Id.TryWriteBytes(head[1..]);
        source.OrganizationId.TryWriteBytes(head[17..]);
        head[33] = (byte)source.Opening;
        head[34] = (byte)source.Sharing;
        head[35] = (byte)source.SecurityGrade;
        BinaryPrimitives.WriteInt64LittleEndian(head[36..], source.Modified.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(head[44..], source.Usage);
        buffer.Advance(HeadLength);
        Write(buffer, source.Identifier);
        Write(buffer, source.TitleZh);
        Write(buffer, source.TitleEn);
        Write(buffer, source.DescriptionZh);
        Write(buffer, source.DescriptionEn);
        Write(buffer, source.OrganizationNameZh);
        Write(buffer, source.OrganizationNameEn);
        Write(buffer, themes);
        Write(buffer, formats);
        var keywords = 0;
        foreach (var keyword in source.Keywords)
        {
            keywords += string.IsNullOrWhiteSpace(keyword) ? 0 : 1;
        }
        WriteCount(buffer, keywords);
        foreach (var keyword in source.Keywords)
        {
            if (!string.IsNullOrWhiteSpace(keyword))
            {
                Write(buffer, keyword);
            }
        }
        // The writer copies the bytes when the document is added, so the buffer can be reused for the next one.
        var written = buffer.WrittenMemory;
        MemoryMarshal.TryGetArray(written, out var segment);
        target.Bytes = segment.Array!;
        target.Offset = segment.Offset;
        target.Length = segment.Count;
    }

    public static SearchDocument Decode(BytesRef bytes)
    {
        var span = new ReadOnlySpan<byte>(bytes.Bytes, bytes.Offset, bytes.Length);
        if (span.Length < HeadLength || span[0] != FormatVersion)
        {
            throw new InvalidDataException("The search index holds a hit record of an unknown format.");
        }
        var reader = new Reader(span[HeadLength..]);
        return new SearchDocument
        {
            Id = new Guid(span.Slice(1, 16)),
            OrganizationId = new Guid(span.Slice(17, 16)),
            Opening = (SearchOpening)span[33],
            Sharing = (SearchSharing)span[34],
            SecurityGrade = (SearchSecurityGrade)span[35],
            Modified = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(span[36..]), TimeSpan.Zero),
            Usage = BinaryPrimitives.ReadInt64LittleEndian(span[44..]),
            Identifier = reader.String(),
            TitleZh = reader.String(),
            TitleEn = reader.String(),
            DescriptionZh = reader.String(),
            DescriptionEn = reader.String(),
            OrganizationNameZh = reader.String(),
            OrganizationNameEn = reader.String(),
            Themes = reader.Strings(),
            Formats = reader.Strings(),
            Keywords = reader.Strings(),
        };
    }

    private static void Write(ArrayBufferWriter<byte> buffer, IReadOnlyList<string> values)
    {
        WriteCount(buffer, values.Count);
        foreach (var value in values)
        {
            Write(buffer, value);
        }
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteCount(buffer, length);
        if (length > 0)
        {
            Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
            buffer.Advance(length);
        }
    }

    private static void WriteCount(ArrayBufferWriter<byte> buffer, int value)
    {
        var span = buffer.GetSpan(5);
        var i = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[i++] = (byte)v;
        buffer.Advance(i);
    }

    private ref struct Reader(ReadOnlySpan<byte> span)
    {
        private readonly ReadOnlySpan<byte> span = span;
        private int at;

        public string String()
        {
            var length = Count();
            var value = length == 0 ? "" : Encoding.UTF8.GetString(span.Slice(at, length));
            at += length;
            return value;
        }

        public string[] Strings()
        {
            var values = new string[Count()];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = String();
            }
            return values;
        }

        private int Count()
        {
            var value = 0;
            var shift = 0;
            byte b;
            do
            {
                b = span[at++];
                value |= (b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0 && shift < 35);
            return value;
        }
    }
}
