using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Agora.Tables.Engine;

/// <summary>Opens DuckDB databases set up the same way everywhere: no extension downloads, bounded memory.</summary>
internal static partial class DuckDb
{
    public static DuckDBConnection Open(string memoryLimit, int threads, string tempDirectory)
    {
        if (!MemorySize().IsMatch(memoryLimit))
        {
            throw new ArgumentException($"'{memoryLimit}' is not a memory size like 512MB.", nameof(memoryLimit));
        }
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Directory.CreateDirectory(tempDirectory);
        Execute(
            connection,
            "SET autoinstall_known_extensions=false; SET autoload_known_extensions=false; " +
            $"SET memory_limit={Literal(memoryLimit)}; SET threads={Math.Max(1, threads)}; SET temp_directory={Literal(tempDirectory)};");
        return connection;
    }

    /// <summary>A SQL string literal. Only for text the engine produced (paths, file names), never for a caller's text.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A quoted identifier, for column names taken from a stored schema.</summary>
    public static string Ident(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [GeneratedRegex(@"^\d+(\.\d+)?\s?(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$")]
    private static partial Regex MemorySize();
}
