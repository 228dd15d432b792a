using System.CommandLine;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Hosting;
using Agora.Tables;
using Agora.Tables.Jobs;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Agora.Commands;

/// <summary>`agora ingest FILE --distribution ID`: the upload path, from the command line, with a progress bar.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV, TSV, XLSX, JSON, NDJSON or Parquet" };
        var distribution = new Option<Guid>("--distribution") { Description = "Id of the table distribution to load", Required = true };
        var encoding = new Option<string?>("--encoding") { Description = "Override the detected encoding (utf-8, gb18030, big5, utf-16le, utf-16be)" };
        var delimiter = new Option<char?>("--delimiter") { Description = "Override the detected delimiter" };
        var sheet = new Option<string?>("--sheet") { Description = "XLSX sheet name (default: the first)" };
        var format = new Option<string?>("--format") { Description = "Override the detected format: csv, xlsx, json, ndjson, parquet" };
        var command = new Command("ingest", "Load a file into a table distribution as a new version; the previous version serves until it is published")
        {
            file, distribution, encoding, delimiter, sheet, format,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                return CommonOptions.Usage($"{path.FullName}: no such file");
            }

            var settings = CommonOptions.Settings(result);
            var storage = AgoraHost.Storage(settings);
            var services = new ServiceCollection();
            services.AddLogging();
            AgoraHost.AddServices(services, storage, oidc: null);
            await using var provider = services.BuildServiceProvider();
            await AgoraHost.PrepareAsync(provider, demo: false, cancellationToken);
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
                var id = result.GetValue(distribution);
                var target = await db.Distributions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
                if (target is null)
                {
                    return CommonOptions.Usage($"--distribution: no distribution {id}");
                }

                if (target.Kind != DistributionKind.Table)
                {
                    return CommonOptions.Usage($"--distribution: {id} is a {target.Kind.ToString().ToLowerInvariant()} distribution, not a table");
                }
            }

            var ingest = provider.GetRequiredService<TableIngest>();
            var request = new IngestRequest(path.FullName, path.Name, result.GetValue(format), result.GetValue(encoding), result.GetValue(delimiter), result.GetValue(sheet));
            IngestResult outcome;
            try
            {
                outcome = await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(path.Name, maxValue: 1.0);
                    return await ingest.RunNowAsync(result.GetValue(distribution), request, (phase, progress) =>
                    {
                        task.Description = $"{path.Name}: {phase}";
                        task.Value = Math.Clamp(progress, 0, 1);
                    }, cancellationToken);
                });
            }
            catch (TableIngestException e)
            {
                return CommonOptions.Fail($"{path.Name}: {e.Message}; nothing was published");
            }

            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(outcome, Agora.Catalog.Api.CatalogJson.Options));
            return ExitCodes.Ok;
        });
        return command;
    }
}
