using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Agora.Audit.Storage;

/// <summary>
/// Raw ADO.NET over the audit table, per provider: the writer's locked, durable batch insert and the streaming reads
/// that verification and export use. EF Core would track and materialize each row; this path does neither.
/// </summary>
internal abstract class AuditStore
{
    public const string ColumnList =
        "sequence, time, action, outcome, status_code, user_id, organization_id, token_id, dataset_id, " +
        "owner_organization_id, distribution_id, grant_id, purpose, columns, row_count, bytes, client_address, " +
        "request_id, details, previous_hash, hash";

    public static AuditStore For(DbConnection connection) => connection switch
    {
        SqliteConnection => Sqlite.Instance,
        NpgsqlConnection => Postgres.Instance,
        _ => throw new NotSupportedException($"no audit store for {connection.GetType().Name}"),
    };

    /// <summary>Makes the writer's connection durable on commit.</summary>
    public abstract Task PrepareWriterAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A write transaction that holds the table's write lock, so two writers can never fork the chain.</summary>
    public abstract Task<DbTransaction> BeginAppendAsync(DbConnection connection, CancellationToken cancellationToken);

    public abstract Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="records"/>, already chained onto the head (<paramref name="headSequence"/>,
    /// <paramref name="headHash"/>; 0 and the genesis hash for an empty log), in one durable transaction under the
    /// table's write lock. False, with nothing written, when the head is another: a second writer appended since.
    /// </summary>
    public abstract Task<bool> AppendAsync(DbConnection connection, long headSequence, byte[] headHash, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>A read transaction over one consistent snapshot of the table.</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The last record's sequence and hash, or 0 and the genesis hash for an empty log.</summary>
    public static async Task<(long Sequence, byte[] Hash)> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT sequence, hash FROM {AuditDbContext.Table} ORDER BY sequence DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), (byte[])reader.GetValue(1))
            : (0, Chain.AuditCanonical.Genesis.ToArray());
    }

    /// <summary>Streams records in sequence order, optionally within [from, to) by time, holding one row at a time.</summary>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(DbConnection connection, DbTransaction? transaction,
        DateTime? from, DateTime? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var where = new List<string>();
        if (from is not null)
        {
            where.Add("time >= @from");
            AddParameter(command, "@from", from.Value);
        }

        if (to is not null)
        {
            where.Add("time < @to");
            AddParameter(command, "@to", to.Value);
        }

        command.CommandText = $"SELECT {ColumnList} FROM {AuditDbContext.Table}"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY sequence";
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    protected abstract void AddParameter(DbCommand command, string name, DateTime value);

    protected abstract DateTime ReadTime(DbDataReader reader, int ordinal);

    protected abstract Guid ReadUuid(DbDataReader reader, int ordinal);

    private AuditRecord Read(DbDataReader r)
    {
        // Sequential access: every column is read once, in order.
        var record = new AuditRecord
        {
            Sequence = r.GetInt64(0),
            Time = ReadTime(r, 1),
            Action = r.GetString(2),
        };
        try
        {
            record.Outcome = Chain.AuditCanonical.ParseOutcome(r.GetString(3));
        }
        catch (FormatException e)
        {
            record.ReadError = e.Message;
        }

        record.StatusCode = r.IsDBNull(4) ? null : r.GetInt32(4);
        record.UserId = Uuid(r, 5);
        record.OrganizationId = Uuid(r, 6);
        record.TokenId = Uuid(r, 7);
        record.DatasetId = Uuid(r, 8);
        record.OwnerOrganizationId = Uuid(r, 9);
        record.DistributionId = Uuid(r, 10);
        record.GrantId = Uuid(r, 11);
        record.Purpose = Text(r, 12);
        try
        {
            record.Columns = AuditColumns.Deserialize(Text(r, 13));
        }
        catch (System.Text.Json.JsonException)
        {
            record.ReadError = "the column list is not a JSON array of strings";
        }

        record.RowCount = r.IsDBNull(14) ? null : r.GetInt64(14);
        record.Bytes = r.IsDBNull(15) ? null : r.GetInt64(15);
        record.ClientAddress = Text(r, 16);
        record.RequestId = Text(r, 17);
        record.Details = Text(r, 18);
        record.PreviousHash = r.IsDBNull(19) ? [] : (byte[])r.GetValue(19);
        record.Hash = r.IsDBNull(20) ? [] : (byte[])r.GetValue(20);
        return record;
    }

    private Guid? Uuid(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : ReadUuid(r, ordinal);

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private sealed class Sqlite : AuditStore
    {
        public static readonly Sqlite Instance = new();

        // The catalog's connections run WAL with synchronous=NORMAL, which survives a killed process but not a lost
        // machine. The audit writer's own connection runs FULL: every commit fsyncs the WAL before it returns.
        public override async Task PrepareWriterAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken before the head is read.
        public override async Task<DbTransaction> BeginAppendAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await connection.BeginTransactionAsync(cancellationToken);

        public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

        // SQLite runs in this process: the head is read under the write lock and compared, no round trip to save.
        public override async Task<bool> AppendAsync(DbConnection connection, long headSequence, byte[] headHash, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            await using var transaction = await BeginAppendAsync(connection, cancellationToken);
            var (sequence, hash) = await ReadHeadAsync(connection, transaction, cancellationToken);
            if (sequence != headSequence || !hash.AsSpan().SequenceEqual(headHash))
            {
                return false;
            }

            await InsertAsync(connection, transaction, records, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }

        protected override void AddParameter(DbCommand command, string name, DateTime value) =>
            ((SqliteCommand)command).Parameters.AddWithValue(name, Chain.AuditCanonical.Microseconds(value));

        protected override DateTime ReadTime(DbDataReader reader, int ordinal) =>
            Chain.AuditCanonical.FromMicroseconds(reader.GetInt64(ordinal));

        protected override Guid ReadUuid(DbDataReader reader, int ordinal) =>
            new(((SqliteDataReader)reader).GetFieldValue<byte[]>(ordinal), bigEndian: true);

        // One statement prepared per batch straight on SQLite's handle, bound by position and stepped per record.
        // Through SqliteCommand each execution looked every parameter up by name (a UTF-8 copy of the name and a
        // search per parameter), allocated a binder per value and a reader per row, and each id became a new
        // byte array: about as much CPU as the row's seven B-tree inserts. The writer is the one serial step of
        // the group commit, so its CPU per record bounds the records per second.
        public override Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            var handle = ((SqliteConnection)connection).Handle!;
            Check(handle, raw.sqlite3_prepare_v2(handle, InsertSql, out sqlite3_stmt statement));
            using (statement)
            {
                foreach (var record in records)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Bind(handle, statement, record);
                    var rc = raw.sqlite3_step(statement);
                    if (rc != raw.SQLITE_DONE)
                    {
                        var failure = Failure(handle, rc);
                        raw.sqlite3_reset(statement);
                        throw failure;
                    }

                    Check(handle, raw.sqlite3_reset(statement));
                }
            }

            return Task.CompletedTask;
        }

        private static readonly string InsertSql =
            $"INSERT INTO {AuditDbContext.Table} ({ColumnList}) VALUES ({string.Join(',', Enumerable.Range(1, 21).Select(i => "?" + i))})";

        private static void Bind(sqlite3 handle, sqlite3_stmt s, AuditRecord r)
        {
            Check(handle, raw.sqlite3_bind_int64(s, 1, r.Sequence));
            Check(handle, raw.sqlite3_bind_int64(s, 2, Chain.AuditCanonical.Microseconds(r.Time)));
            Check(handle, raw.sqlite3_bind_text(s, 3, r.Action));
            Check(handle, raw.sqlite3_bind_text(s, 4, Chain.AuditCanonical.OutcomeName(r.Outcome)));
            Check(handle, r.StatusCode is { } status ? raw.sqlite3_bind_int64(s, 5, status) : raw.sqlite3_bind_null(s, 5));
            BindUuid(handle, s, 6, r.UserId);
            BindUuid(handle, s, 7, r.OrganizationId);
            BindUuid(handle, s, 8, r.TokenId);
            BindUuid(handle, s, 9, r.DatasetId);
            BindUuid(handle, s, 10, r.OwnerOrganizationId);
            BindUuid(handle, s, 11, r.DistributionId);
            BindUuid(handle, s, 12, r.GrantId);
            BindText(handle, s, 13, r.Purpose);
            BindText(handle, s, 14, AuditColumns.Serialize(r.Columns));
            Check(handle, r.RowCount is { } rows ? raw.sqlite3_bind_int64(s, 15, rows) : raw.sqlite3_bind_null(s, 15));
            Check(handle, r.Bytes is { } bytes ? raw.sqlite3_bind_int64(s, 16, bytes) : raw.sqlite3_bind_null(s, 16));
            BindText(handle, s, 17, r.ClientAddress);
            BindText(handle, s, 18, r.RequestId);
            BindText(handle, s, 19, r.Details);
            Check(handle, raw.sqlite3_bind_blob(s, 20, r.PreviousHash));
            Check(handle, raw.sqlite3_bind_blob(s, 21, r.Hash));
        }

        // The same 16-byte big-endian form as the model's BigEndianGuidConverter, written on the stack.
        private static void BindUuid(sqlite3 handle, sqlite3_stmt s, int index, Guid? value)
        {
            if (value is not { } v)
            {
                Check(handle, raw.sqlite3_bind_null(s, index));
                return;
            }

            Span<byte> bytes = stackalloc byte[16];
            v.TryWriteBytes(bytes, bigEndian: true, out _);
            Check(handle, raw.sqlite3_bind_blob(s, index, bytes));
        }

        private static void BindText(sqlite3 handle, sqlite3_stmt s, int index, string? value) =>
            Check(handle, value is null ? raw.sqlite3_bind_null(s, index) : raw.sqlite3_bind_text(s, index, value));

        private static void Check(sqlite3 handle, int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw Failure(handle, rc);
            }
        }

        private static SqliteException Failure(sqlite3 handle, int rc) =>
            new(raw.sqlite3_errmsg(handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(handle));
    }

    private sealed class Postgres : AuditStore
    {
        public static readonly Postgres Instance = new();

        // Durable commits whatever the server's default: the commit returns after the WAL is flushed.
        public override async Task PrepareWriterAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SET synchronous_commit = on";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // EXCLUSIVE conflicts with itself and with every writer but lets plain reads (searches, verification) run.
        public override async Task<DbTransaction> BeginAppendAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"LOCK TABLE {AuditDbContext.Table} IN EXCLUSIVE MODE";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }

        public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

        // The whole transaction in one round trip: BEGIN, the table lock, an INSERT of the batch as arrays (one per
        // column) that writes only when the head under the lock is the one the batch is chained onto, and COMMIT,
        // which answers after the WAL flush. The earlier path (lock, read the head, COPY start, COPY data, commit)
        // waited on five round trips per batch, each a wake-up of this writer and of the server on a busy machine.
        private static readonly string AppendSql =
            $"INSERT INTO {AuditDbContext.Table} ({ColumnList}) " +
            "SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) " +
            $"WHERE coalesce((SELECT sequence = $22 AND hash = $23 FROM {AuditDbContext.Table} ORDER BY sequence DESC LIMIT 1), $22 = 0)";

        public override async Task<bool> AppendAsync(DbConnection connection, long headSequence, byte[] headHash, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            var n = records.Count;
            var sequence = new long[n];
            var time = new DateTime[n];
            var action = new string[n];
            var outcome = new string[n];
            var status = new int?[n];
            var uuids = new Guid?[7][];
            for (var u = 0; u < uuids.Length; u++)
            {
                uuids[u] = new Guid?[n];
            }

            var purpose = new string?[n];
            var columns = new string?[n];
            var rowCount = new long?[n];
            var bytes = new long?[n];
            var client = new string?[n];
            var requestId = new string?[n];
            var details = new string?[n];
            var previous = new byte[n][];
            var hash = new byte[n][];
            for (var i = 0; i < n; i++)
            {
                var r = records[i];
                sequence[i] = r.Sequence;
                time[i] = r.Time;
                action[i] = r.Action;
                outcome[i] = Chain.AuditCanonical.OutcomeName(r.Outcome);
                status[i] = r.StatusCode;
                uuids[0][i] = r.UserId;
                uuids[1][i] = r.OrganizationId;
                uuids[2][i] = r.TokenId;
                uuids[3][i] = r.DatasetId;
                uuids[4][i] = r.OwnerOrganizationId;
                uuids[5][i] = r.DistributionId;
                uuids[6][i] = r.GrantId;
                purpose[i] = r.Purpose;
                columns[i] = AuditColumns.Serialize(r.Columns);
                rowCount[i] = r.RowCount;
                bytes[i] = r.Bytes;
                client[i] = r.ClientAddress;
                requestId[i] = r.RequestId;
                details[i] = r.Details;
                previous[i] = r.PreviousHash;
                hash[i] = r.Hash;
            }

            var insert = new NpgsqlBatchCommand(AppendSql);
            var p = insert.Parameters;
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = sequence });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = time });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar, Value = action });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar, Value = outcome });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = status });
            foreach (var column in uuids)
            {
                p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = column });
            }

            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = purpose });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = columns });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = rowCount });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = bytes });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = client });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = requestId });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = details });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = previous });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = hash });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = headSequence });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = headHash });

            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("BEGIN"),
                    new NpgsqlBatchCommand($"LOCK TABLE {AuditDbContext.Table} IN EXCLUSIVE MODE"),
                    insert,
                    new NpgsqlBatchCommand("COMMIT"),
                },
            };
            await batch.ExecuteNonQueryAsync(cancellationToken);

            // The head check is one value for the whole statement: all the records went in, or none (another head).
            return insert.RecordsAffected != 0;
        }

        protected override void AddParameter(DbCommand command, string name, DateTime value) =>
            ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value });

        protected override DateTime ReadTime(DbDataReader reader, int ordinal) =>
            DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

        protected override Guid ReadUuid(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

        // Binary COPY: one round trip streams the whole batch inside the transaction. The values go in with the
        // synchronous writes (they only fill a buffer; the few that flush it block this dedicated writer briefly),
        // which costs a fraction of an awaited call per value.
        public override async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            var npgsql = (NpgsqlConnection)connection;
            await using var import = await npgsql.BeginBinaryImportAsync(
                $"COPY {AuditDbContext.Table} ({ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var r in records)
            {
                import.StartRow();
                import.Write(r.Sequence, NpgsqlDbType.Bigint);
                import.Write(r.Time, NpgsqlDbType.TimestampTz);
                import.Write(r.Action, NpgsqlDbType.Varchar);
                import.Write(Chain.AuditCanonical.OutcomeName(r.Outcome), NpgsqlDbType.Varchar);
                Write(import, r.StatusCode, NpgsqlDbType.Integer);
                Write(import, r.UserId, NpgsqlDbType.Uuid);
                Write(import, r.OrganizationId, NpgsqlDbType.Uuid);
                Write(import, r.TokenId, NpgsqlDbType.Uuid);
                Write(import, r.DatasetId, NpgsqlDbType.Uuid);
                Write(import, r.OwnerOrganizationId, NpgsqlDbType.Uuid);
                Write(import, r.DistributionId, NpgsqlDbType.Uuid);
                Write(import, r.GrantId, NpgsqlDbType.Uuid);
                WriteText(import, r.Purpose);
                WriteText(import, AuditColumns.Serialize(r.Columns));
                Write(import, r.RowCount, NpgsqlDbType.Bigint);
                Write(import, r.Bytes, NpgsqlDbType.Bigint);
                WriteText(import, r.ClientAddress);
                WriteText(import, r.RequestId);
                WriteText(import, r.Details);
                import.Write(r.PreviousHash, NpgsqlDbType.Bytea);
                import.Write(r.Hash, NpgsqlDbType.Bytea);
            }

            await import.CompleteAsync(cancellationToken);
        }

        private static void Write<T>(NpgsqlBinaryImporter import, T? value, NpgsqlDbType type)
            where T : struct
        {
            if (value is { } v)
            {
                import.Write(v, type);
            }
            else
            {
                import.WriteNull();
            }
        }

        private static void WriteText(NpgsqlBinaryImporter import, string? value)
        {
            if (value is null)
            {
                import.WriteNull();
            }
            else
            {
                import.Write(value, NpgsqlDbType.Text);
            }
        }
    }
}
