using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Agora.Audit.Chain;

/// <summary>
/// The canonical byte form of a record, version 1, and its SHA-256. The form is fixed so that anyone can recompute a
/// hash without Agora (see README.md beside this project):
/// <code>
/// "AGORA-AUDIT-1\n"                      14 ASCII bytes
/// sequence                               int64, big-endian
/// time                                   int64, big-endian, microseconds since 1970-01-01T00:00:00Z
/// action, outcome                        str
/// status code                            opt int32
/// user, organization, token, dataset,
/// owner organization, distribution, grant opt uuid
/// purpose                                opt str
/// columns                                opt (uint32 count, then count × str)
/// row count, bytes                       opt int64
/// client address, request id, details    opt str
/// previous hash                          32 bytes
///
/// str  = uint32 big-endian byte length, then the UTF-8 bytes
/// opt  = 0x00 when absent; 0x01 then the value when present
/// uuid = the 16 bytes in RFC 9562 (big-endian) order
/// int  = big-endian two's complement
/// </code>
/// The first record's previous hash is <see cref="Genesis"/> (32 zero bytes).
/// </summary>
public static class AuditCanonical
{
    public const int HashSize = 32;

    private static readonly byte[] Tag = "AGORA-AUDIT-1\n"u8.ToArray();

    /// <summary>The previous hash of record 1.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashSize];

    public static string OutcomeName(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Ok => "ok",
        AuditOutcome.Denied => "denied",
        AuditOutcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static AuditOutcome ParseOutcome(string name) => name switch
    {
        "ok" => AuditOutcome.Ok,
        "denied" => AuditOutcome.Denied,
        "error" => AuditOutcome.Error,
        _ => throw new FormatException($"'{name}' is not an audit outcome"),
    };

    /// <summary>Microseconds since the Unix epoch: the resolution both stores keep.</summary>
    public static long Microseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static DateTime FromMicroseconds(long microseconds) =>
        new(DateTime.UnixEpoch.Ticks + (microseconds * 10), DateTimeKind.Utc);

    /// <summary>Drops what finer than a microsecond, which PostgreSQL would drop on the way in.</summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    /// <summary>SHA-256 of the record's canonical form (with its <see cref="AuditRecord.PreviousHash"/>).</summary>
    public static byte[] ComputeHash(AuditRecord record)
    {
        var hash = new byte[HashSize];
        ComputeHash(record, hash);
        return hash;
    }

    /// <summary>Hashes into <paramref name="destination"/> through a buffer kept per thread (no allocation per record).</summary>
    public static void ComputeHash(AuditRecord record, Span<byte> destination)
    {
        var encoder = Encoder ??= new CanonicalEncoder();
        encoder.Encode(record);
        SHA256.HashData(encoder.Written, destination);
    }

    /// <summary>Writes the canonical form into <paramref name="output"/>.</summary>
    public static void Write(AuditRecord record, IBufferWriter<byte> output)
    {
        var encoder = new CanonicalEncoder();
        encoder.Encode(record);
        output.Write(encoder.Written);
    }

    [ThreadStatic]
    private static CanonicalEncoder? Encoder;

    /// <summary>
    /// The encoder, also driven field by field from raw stored bytes by the SQLite verifier (which then never decodes a
    /// string): both paths use these same primitives in the order <see cref="Encode"/> shows.
    /// </summary>
    internal sealed class CanonicalEncoder
    {
        private byte[] buffer = new byte[1024];
        private int position;

        public ReadOnlySpan<byte> Written => buffer.AsSpan(0, position);

        public void Encode(AuditRecord record)
        {
            if (record.PreviousHash.Length != HashSize)
            {
                throw new ArgumentException("the previous hash must be 32 bytes", nameof(record));
            }

            Start(record.Sequence, Microseconds(record.Time));
            Str(record.Action);
            Str(OutcomeName(record.Outcome));
            if (Present(record.StatusCode is not null))
            {
                Int32(record.StatusCode!.Value);
            }

            Uuid(record.UserId);
            Uuid(record.OrganizationId);
            Uuid(record.TokenId);
            Uuid(record.DatasetId);
            Uuid(record.OwnerOrganizationId);
            Uuid(record.DistributionId);
            Uuid(record.GrantId);
            OptStr(record.Purpose);
            if (Present(record.Columns is not null))
            {
                UInt32((uint)record.Columns!.Count);
                foreach (var column in record.Columns)
                {
                    Str(column);
                }
            }

            OptInt64(record.RowCount);
            OptInt64(record.Bytes);
            OptStr(record.ClientAddress);
            OptStr(record.RequestId);
            OptStr(record.Details);
            Bytes(record.PreviousHash);
        }

        /// <summary>Begins a record: the tag, the sequence and the time.</summary>
        public void Start(long sequence, long microseconds)
        {
            position = 0;
            Bytes(Tag);
            Int64(sequence);
            Int64(microseconds);
        }

        private void Ensure(int more)
        {
            if (position + more > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, position + more));
            }
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(buffer.AsSpan(position));
            position += bytes.Length;
        }

        public bool Present(bool present)
        {
            Ensure(1);
            buffer[position++] = present ? (byte)1 : (byte)0;
            return present;
        }

        public void Int64(long value)
        {
            Ensure(8);
            BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(position), value);
            position += 8;
        }

        public void Int32(int value)
        {
            Ensure(4);
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(position), value);
            position += 4;
        }

        public void UInt32(uint value)
        {
            Ensure(4);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(position), value);
            position += 4;
        }

        public void OptInt64(long? value)
        {
            if (Present(value is not null))
            {
                Int64(value!.Value);
            }
        }

        // The length prefix is written after the bytes, into the 4 bytes kept for it: one pass over the string.
        public void Str(string value)
        {
            Ensure(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
            var length = Encoding.UTF8.GetBytes(value, buffer.AsSpan(position + 4));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(position), (uint)length);
            position += 4 + length;
        }

        public void OptStr(string? value)
        {
            if (Present(value is not null))
            {
                Str(value!);
            }
        }

        /// <summary>A string given as its UTF-8 bytes.</summary>
        public void Str(ReadOnlySpan<byte> utf8)
        {
            UInt32((uint)utf8.Length);
            Bytes(utf8);
        }

        public void Uuid(Guid? value)
        {
            if (Present(value is not null))
            {
                Ensure(16);
                value!.Value.TryWriteBytes(buffer.AsSpan(position), bigEndian: true, out _);
                position += 16;
            }
        }
    }
}
