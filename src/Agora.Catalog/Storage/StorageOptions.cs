namespace Agora.Catalog.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where Agora keeps its data: a data directory for files and a metadata database.</summary>
public sealed class StorageOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>An Npgsql connection string, a SQLite one ("Data Source=..."), or null for SQLite in the data directory.</summary>
    public string? Database { get; init; }

    public StorageProvider Provider => Database is not null && IsPostgres(Database) ? StorageProvider.Postgres : StorageProvider.Sqlite;

    public string ConnectionString => Provider == StorageProvider.Postgres
        ? Database!
        : Database ?? $"Data Source={Path.Combine(DataDirectory, "agora.db")}";

    private static bool IsPostgres(string connection) =>
        connection.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || connection.Contains("Server=", StringComparison.OrdinalIgnoreCase)
        || connection.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);
}
