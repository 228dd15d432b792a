using System.CommandLine;
using Agora.Catalog.Import;

namespace Agora.Commands;

internal static class DatasetsCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Newline-delimited JSON, one dataset per line in the API's shape" };
        var import = new Command("import", "Import datasets in bulk; nothing is written when any line is wrong") { file };
        import.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                return CommonOptions.Usage($"{path.FullName}: no such file");
            }

            await using var services = await CommonOptions.ServicesAsync(result, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<DatasetImporter>();
            await using var stream = path.OpenRead();
            var imported = await importer.ImportAsync(stream, "agora datasets import", new Progress<int>(n =>
            {
                if (!Console.IsErrorRedirected)
                {
                    Console.Error.Write($"\rimported {n:N0}");
                }
            }), cancellationToken);
            if (imported.Errors.Count > 0)
            {
                foreach (var error in imported.Errors)
                {
                    Console.Error.WriteLine($"{path.Name}:{error.Line}: {error.Field}: {error.Message}");
                }

                return CommonOptions.Fail($"{path.Name}: {imported.Errors.Count}{(imported.Errors.Count >= 100 ? "+" : "")} lines are wrong; nothing was imported");
            }

            Console.WriteLine($"imported {imported.Imported:N0} datasets in {imported.Elapsed.TotalSeconds:F1} s");
            return ExitCodes.Ok;
        });
        return new Command("datasets", "Manage datasets in bulk") { import };
    }
}
