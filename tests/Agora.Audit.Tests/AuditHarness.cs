using System.Data.Common;
using Agora.Audit.Storage;
using Agora.Audit.Verification;
using Agora.Catalog.Storage;
using Agora.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agora.Audit.Tests;

/// <summary>The audit log over a fresh store, as a capability on its own (no web host).</summary>
public sealed class AuditHarness : IAsyncDisposable
{
    private ServiceProvider services;

    private AuditHarness(TestStore store, AuditOptions options, ServiceProvider services)
    {
        Store = store;
        Options = options;
        this.services = services;
    }

    public TestStore Store { get; }
    public AuditOptions Options { get; }
    public IServiceProvider Services => services;
    public IAuditLog Log => services.GetRequiredService<IAuditLog>();
    public AuditVerifier Verifier => services.GetRequiredService<AuditVerifier>();
    public string DataDirectory => Store.DataDirectory;
    public string CheckpointPath => Path.Combine(Store.DataDirectory, "audit", "checkpoints.jsonl");

    public static async Task<AuditHarness> StartAsync(string provider, AuditOptions? options = null)
    {
        var store = await TestStore.CreateAsync(provider);
        options ??= new AuditOptions { CheckpointInterval = TimeSpan.Zero };
        var services = Build(store, options);
        await services.MigrateAuditAsync();
        return new AuditHarness(store, options, services);
    }

    private static ServiceProvider Build(TestStore store, AuditOptions options)
    {
        var collection = new ServiceCollection();
        collection.AddAgoraAudit(store.Options, options);
        return collection.BuildServiceProvider();
    }

    /// <summary>Stops the log as a host would (flush, final checkpoint) and opens a new one on the same store.</summary>
    public async Task RestartAsync()
    {
        await services.DisposeAsync();
        services = Build(Store, Options);
    }

    public async Task<IReadOnlyList<AuditReceipt>> AppendAsync(int count, Func<int, AuditEntry>? entry = null)
    {
        var receipts = new List<AuditReceipt>();
        for (var i = 0; i < count; i++)
        {
            receipts.Add(await Log.AppendAsync((entry ?? Sample)(i)));
        }

        return receipts;
    }

    public static AuditEntry Sample(int i) => new()
    {
        Action = AuditActions.RowsRead,
        UserId = Guid.CreateVersion7(),
        OrganizationId = Guid.CreateVersion7(),
        DatasetId = Guid.CreateVersion7(),
        OwnerOrganizationId = Guid.CreateVersion7(),
        Purpose = $"核对低保名单 {i}",
        Columns = ["姓名", "district"],
        RowCount = 100 + i,
        Bytes = 4096 + i,
        StatusCode = 200,
        ClientAddress = "10.0.0.7",
        RequestId = $"req-{i}",
    };

    /// <summary>A connection of its own, apart from the log's: what an attacker with the database would use.</summary>
    public async Task<DbConnection> OpenConnectionAsync()
    {
        DbConnection connection = Store.Options.Provider == StorageProvider.Postgres
            ? new NpgsqlConnection(Store.Options.ConnectionString)
            : new SqliteConnection(Store.Options.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first thing an attacker who owns the table does: remove the append-only triggers.</summary>
    public Task DropAppendOnlyTriggersAsync() => ExecuteAsync(Store.Options.Provider == StorageProvider.Postgres
        ? "ALTER TABLE audit_records DISABLE TRIGGER USER"
        : "DROP TRIGGER audit_records_no_update; DROP TRIGGER audit_records_no_delete;");

    public async Task<List<AuditRecord>> ReadAllAsync()
    {
        await using var connection = await OpenConnectionAsync();
        var records = new List<AuditRecord>();
        await foreach (var record in AuditStore.For(connection).ReadAsync(connection, null, null, null, CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Store.DisposeAsync();
    }
}
