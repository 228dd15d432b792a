using System.Security.Cryptography;
using System.Text.Json;
using Agora.Audit.Chain;
using Agora.Audit.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Agora.Audit.Verification;

internal delegate AuditFailure? ChainCheck(long sequence, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> computed);

/// <summary>
/// Verification's read of a SQLite log, straight from the stored bytes: SQLite keeps text as UTF-8, ids as big-endian
/// 16-byte blobs and times as microseconds, which is already the canonical form, so no string is ever decoded. This
/// is several times cheaper than materializing records, which is what keeps a million-record check within seconds.
/// It runs inside the caller's read transaction, on the same connection.
/// </summary>
internal static class SqliteChainWalk
{
    public static AuditFailure? Walk(SqliteConnection connection, ChainCheck check, CancellationToken cancellationToken)
    {
        var handle = connection.Handle!;

        // Pages are read through a memory map instead of one read call each: a full scan is mostly page reads.
        raw.sqlite3_exec(handle, "PRAGMA mmap_size = 4294967296");
        var rc = raw.sqlite3_prepare_v2(handle, $"SELECT {AuditStore.ColumnList} FROM {AuditDbContext.Table} ORDER BY sequence", out sqlite3_stmt statement);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
        }

        using (statement)
        {
            var encoder = new AuditCanonical.CanonicalEncoder();
            var columns = new List<byte[]>();
            Span<byte> computed = stackalloc byte[AuditCanonical.HashSize];
            var rows = 0;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (++rows % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var sequence = raw.sqlite3_column_int64(statement, 0);
                var previous = raw.sqlite3_column_blob(statement, 19);
                var hash = raw.sqlite3_column_blob(statement, 20);
                if (previous.Length != AuditCanonical.HashSize || !Encode(statement, encoder, columns))
                {
                    computed.Clear();
                }
                else
                {
                    SHA256.HashData(encoder.Written, computed);
                }

                if (check(sequence, previous, hash, computed) is { } failure)
                {
                    return failure;
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
            }
        }

        return null;
    }

    /// <summary>The canonical form of the current row, in the field order of <see cref="AuditCanonical"/>; false when a stored value has the wrong shape.</summary>
    private static bool Encode(sqlite3_stmt s, AuditCanonical.CanonicalEncoder e, List<byte[]> columns)
    {
        e.Start(raw.sqlite3_column_int64(s, 0), raw.sqlite3_column_int64(s, 1));
        if (IsNull(s, 2) || IsNull(s, 3))
        {
            return false;
        }

        e.Str(raw.sqlite3_column_blob(s, 2));
        e.Str(raw.sqlite3_column_blob(s, 3));
        if (e.Present(!IsNull(s, 4)))
        {
            e.Int32(raw.sqlite3_column_int(s, 4));
        }

        for (var ordinal = 5; ordinal <= 11; ordinal++)
        {
            if (e.Present(!IsNull(s, ordinal)))
            {
                var uuid = raw.sqlite3_column_blob(s, ordinal);
                if (uuid.Length != 16)
                {
                    return false;
                }

                e.Bytes(uuid);
            }
        }

        OptStr(s, e, 12);
        if (e.Present(!IsNull(s, 13)) && !Columns(raw.sqlite3_column_blob(s, 13), e, columns))
        {
            return false;
        }

        OptInt64(s, e, 14);
        OptInt64(s, e, 15);
        OptStr(s, e, 16);
        OptStr(s, e, 17);
        OptStr(s, e, 18);
        e.Bytes(raw.sqlite3_column_blob(s, 19));
        return true;
    }

    private static bool IsNull(sqlite3_stmt s, int ordinal) => raw.sqlite3_column_type(s, ordinal) == raw.SQLITE_NULL;

    private static void OptStr(sqlite3_stmt s, AuditCanonical.CanonicalEncoder e, int ordinal)
    {
        if (e.Present(!IsNull(s, ordinal)))
        {
            e.Str(raw.sqlite3_column_blob(s, ordinal));
        }
    }

    private static void OptInt64(sqlite3_stmt s, AuditCanonical.CanonicalEncoder e, int ordinal)
    {
        if (e.Present(!IsNull(s, ordinal)))
        {
            e.Int64(raw.sqlite3_column_int64(s, ordinal));
        }
    }

    /// <summary>The stored JSON array of column names, as a count and each name's unescaped UTF-8.</summary>
    private static bool Columns(ReadOnlySpan<byte> json, AuditCanonical.CanonicalEncoder e, List<byte[]> names)
    {
        names.Clear();
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                var name = new byte[reader.ValueIsEscaped ? reader.ValueSpan.Length : reader.ValueSpan.Length];
                var length = reader.ValueIsEscaped ? reader.CopyString(name) : CopyPlain(reader.ValueSpan, name);
                names.Add(length == name.Length ? name : name[..length]);
            }

            if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        e.UInt32((uint)names.Count);
        foreach (var name in names)
        {
            e.Str(name);
        }

        return true;
    }

    private static int CopyPlain(ReadOnlySpan<byte> value, byte[] destination)
    {
        value.CopyTo(destination);
        return value.Length;
    }
}
