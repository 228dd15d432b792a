using System.CommandLine;
using Agora.Audit;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Storage;
using Agora.Hosting;
using Agora.Wiring;
using Microsoft.Extensions.Logging;

namespace Agora.Commands;

/// <summary>Options every verb takes, and the services a verb needs without the web host.</summary>
internal static class CommonOptions
{
    public static readonly Option<string> DataDir = new("--data-dir")
    {
        Description = "Folder for Agora's files and its embedded database",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGORA_DATA_DIR") ?? "agora-data",
        Recursive = true,
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "Metadata database: an Npgsql connection string (\"Host=...;Database=...\") for PostgreSQL; SQLite in the data folder when left out",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGORA_DATABASE"),
        Recursive = true,
    };

    public static AgoraSettings Settings(ParseResult result) => new()
    {
        DataDirectory = result.GetValue(DataDir)!,
        Database = result.GetValue(Database),
    };

    /// <summary>The capabilities' services over the configured store, with migrations applied.</summary>
    public static async Task<ServiceProvider> ServicesAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None));
        var storage = AgoraHost.Storage(Settings(result));
        // Accounts and tokens made here are recorded like those made through the API.
        services.AddAgoraAudit(storage);
        services.AddSingleton<IAccountEventSink, AuditedAccounts>();
        services.AddAgoraCatalog(storage);
        var provider = services.BuildServiceProvider();
        await AgoraHost.PrepareAsync(provider, demo: false, cancellationToken);
        return provider;
    }

    public static int Fail(string reason)
    {
        Console.Error.WriteLine($"agora: {reason}");
        return ExitCodes.Failure;
    }

    public static int Usage(string reason)
    {
        Console.Error.WriteLine($"agora: {reason}");
        return ExitCodes.Usage;
    }
}

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
