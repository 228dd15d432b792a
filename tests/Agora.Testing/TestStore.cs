using Agora.Catalog.Storage;
using Npgsql;

namespace Agora.Testing;

/// <summary>
/// A fresh, empty metadata store for one test: SQLite in a temporary folder, or a new database on the PostgreSQL
/// server that the test command starts (AGORA_TEST_POSTGRES holds its connection string).
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private readonly string? database;
    private readonly string? adminConnection;

    private TestStore(string provider, string directory, string? connection, string? database, string? adminConnection)
    {
        Provider = provider;
        DataDirectory = directory;
        Database = connection;
        this.database = database;
        this.adminConnection = adminConnection;
    }

    public string Provider { get; }
    public string DataDirectory { get; }

    /// <summary>The <c>--database</c> value: null for SQLite in the data folder.</summary>
    public string? Database { get; }

    public StorageOptions Options => new() { DataDirectory = DataDirectory, Database = Database };

    public static async Task<TestStore> CreateAsync(string provider)
    {
        var directory = Directory.CreateTempSubdirectory("agora-test-").FullName;
        if (provider == Sqlite)
        {
            return new TestStore(provider, directory, null, null, null);
        }

        var server = Environment.GetEnvironmentVariable("AGORA_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            if (Environment.GetEnvironmentVariable("AGORA_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException("AGORA_TEST_POSTGRES is not set; run the tests with ./test.sh, which starts PostgreSQL");
            }

            // xUnit v3 treats this message prefix as a dynamic skip.
            throw new InvalidOperationException("$XunitDynamicSkip$PostgreSQL is not configured (AGORA_TEST_POSTGRES); ./test.sh starts one");
        }

        var name = "agora_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestStore(provider, directory, builder.ConnectionString, name, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (database is not null && adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(adminConnection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a background thread; the temp folder is cleaned by the OS.
        }
    }
}
