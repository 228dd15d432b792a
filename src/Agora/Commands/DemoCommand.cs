using System.CommandLine;
using Agora.Catalog.Demo;
using Agora.Catalog.Storage;

namespace Agora.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var load = new Command("load", "Load the demo catalog (organizations, datasets, demo accounts) into the store");
        load.SetAction(async (result, cancellationToken) =>
        {
            await using var services = await CommonOptions.ServicesAsync(result, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var loaded = await DemoCatalog.LoadAsync(db, cancellationToken);
            Console.WriteLine(loaded
                ? $"loaded the demo catalog: {DemoOrganizations.Count} organizations, {DemoCatalog.TargetDatasets} datasets; demo accounts use the password '{DemoCatalog.DemoPassword}'"
                : "the demo catalog is already loaded");
            return ExitCodes.Ok;
        });
        return new Command("demo", "Demo content") { load };
    }
}
