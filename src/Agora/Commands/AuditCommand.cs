using System.CommandLine;
using System.Globalization;
using Agora.Audit;
using Agora.Audit.Checkpoints;
using Agora.Audit.Export;
using Agora.Audit.Verification;
using Agora.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Commands;

/// <summary>`agora audit verify|export|key`: checks, writes out and shows the key of the tamper-evident audit log.</summary>
internal static class AuditCommand
{
    /// <summary>The operator's signing key; the same variable the web host reads (Agora:Audit:SigningKeyPath).</summary>
    private static readonly Option<string?> Key = new("--key")
    {
        Description = "Ed25519 signing key (PKCS#8 PEM) if not the default <data-dir>/keys/audit-ed25519.key",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGORA_Agora__Audit__SigningKeyPath"),
        Recursive = true,
    };

    public static Command Create()
    {
        var command = new Command("audit", "The tamper-evident audit log: verify the chain, export records, show the signing key") { Key };
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(ShowKey());
        return command;
    }

    private static Command Verify()
    {
        var publicKey = new Option<string?>("--public-key")
        {
            Description = "Public key (PEM) to check checkpoint signatures with; default: the .pub beside the signing key. Keep a copy away from the server and pass it here.",
        };
        var command = new Command("verify", "Recompute every hash, check every link and signed checkpoint; name the first record that does not verify (exit 1)") { publicKey };
        command.SetAction(async (result, cancellationToken) =>
        {
            AuditPublicKey? trusted = null;
            if (result.GetValue(publicKey) is { } path)
            {
                if (!File.Exists(path))
                {
                    return CommonOptions.Usage($"--public-key: {path} does not exist");
                }

                trusted = AuditPublicKey.Load(path);
            }

            await using var services = await ServicesAsync(result, cancellationToken);
            var verification = await services.GetRequiredService<AuditVerifier>().VerifyAsync(trusted, cancellationToken);
            Console.WriteLine($"records: {verification.Records}");
            Console.WriteLine($"checkpoints: {verification.Checkpoints}{(verification.LastCheckpointSequence is { } last ? $" (last signs record {last})" : "")}");
            Console.WriteLine(verification.HeadHash is null ? "head: none (the log is empty)" : $"head: record {verification.HeadSequence}, {verification.HeadHash}");
            if (verification.PublicKeyId is { } id)
            {
                Console.WriteLine($"key: {id}");
            }

            foreach (var note in verification.Notes)
            {
                Console.WriteLine($"note: {note}");
            }

            if (verification.Failure is { } failure)
            {
                Console.WriteLine($"FAILED at record {failure.Sequence}: {failure.Kind}");
                return CommonOptions.Fail(failure.Message);
            }

            Console.WriteLine("ok: the chain and every checkpoint verify");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export()
    {
        var from = new Option<string?>("--from") { Description = "Only records at or after this time (ISO 8601, UTC when no offset)" };
        var to = new Option<string?>("--to") { Description = "Only records before this time" };
        var output = new Option<string?>("--output") { Description = "File to write; standard output when left out" };
        var format = new Option<string>("--format") { Description = "ndjson (one JSON record per line) or csv", DefaultValueFactory = _ => "ndjson" };
        format.AcceptOnlyFromAmong("ndjson", "csv");
        var command = new Command("export", "Write records out in sequence order (CSV cells that would run as formulas are defused)") { from, to, output, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!TryTime(result.GetValue(from), out var fromTime) || !TryTime(result.GetValue(to), out var toTime))
            {
                return CommonOptions.Usage("--from/--to: must be ISO 8601 times such as 2026-01-31T08:00:00Z");
            }

            var exportFormat = result.GetValue(format) == "csv" ? AuditExportFormat.Csv : AuditExportFormat.Ndjson;
            await using var services = await ServicesAsync(result, cancellationToken);
            var exporter = services.GetRequiredService<AuditExporter>();
            if (result.GetValue(output) is not { } path)
            {
                await using var stdout = Console.OpenStandardOutput();
                await exporter.ExportAsync(stdout, exportFormat, fromTime, toTime, cancellationToken);
                return ExitCodes.Ok;
            }

            // Written beside the target and moved into place, so a failed export never leaves half a file.
            var temporary = path + ".partial";
            long count;
            await using (var file = File.Create(temporary))
            {
                count = await exporter.ExportAsync(file, exportFormat, fromTime, toTime, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
            Console.WriteLine($"exported {count} records to {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ShowKey()
    {
        var command = new Command("key", "Print the public key that checks checkpoint signatures (creating the key pair on first use)");
        command.SetAction((result, cancellationToken) =>
        {
            var paths = new AuditPaths(AgoraHost.Storage(CommonOptions.Settings(result)).DataDirectory, Options(result));
            try
            {
                using var key = AuditSigningKey.LoadOrCreate(paths.SigningKey, create: !paths.SigningKeyFromOperator);
                Console.Write(key.PublicKey.Pem);
                Console.WriteLine($"# key id {key.PublicKey.Id}; private key {paths.SigningKey}; public key {paths.PublicKey}");
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return Task.FromResult(CommonOptions.Fail(e.Message));
            }
        });
        return command;
    }

    private static AuditOptions Options(ParseResult result) => new() { SigningKeyPath = result.GetValue(Key) };

    private static async Task<ServiceProvider> ServicesAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None));
        services.AddAgoraAudit(AgoraHost.Storage(CommonOptions.Settings(result)), Options(result));
        var provider = services.BuildServiceProvider();
        await provider.MigrateAuditAsync(cancellationToken);
        return provider;
    }

    private static bool TryTime(string? text, out DateTime? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed.UtcDateTime;
            return true;
        }

        return false;
    }
}
