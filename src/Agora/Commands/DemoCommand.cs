using System.CommandLine;
using Agora.Catalog.Demo;
using Agora.Catalog.Storage;
using Agora.Hosting;
using Agora.Wiring;

namespace Agora.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var noTables = new Option<bool>("--no-tables") { Description = "Load only the catalog, without the demo tables' rows" };
        var load = new Command("load", "Load the demo catalog (organizations, datasets, demo accounts) and its tables into the store") { noTables };
        load.SetAction(async (result, cancellationToken) =>
        {
            var services = new ServiceCollection();
            services.AddLogging();
            AgoraHost.AddServices(services, AgoraHost.Storage(CommonOptions.Settings(result)), oidc: null);
            await using var provider = services.BuildServiceProvider();
            await AgoraHost.PrepareAsync(provider, demo: false, cancellationToken);
            bool loaded;
            await using (var scope = provider.CreateAsyncScope())
            {
                loaded = await DemoCatalog.LoadAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), cancellationToken);
            }

            Console.WriteLine(loaded
                ? $"loaded the demo catalog: {DemoOrganizations.Count} organizations, {DemoCatalog.TargetDatasets} datasets; demo accounts use the password '{DemoCatalog.DemoPassword}'"
                : "the demo catalog is already loaded");
            if (!result.GetValue(noTables))
            {
                var tables = await DemoTables.LoadAsync(provider, cancellationToken: cancellationToken);
                Console.WriteLine(tables > 0 ? $"loaded {tables} demo tables" : "the demo tables are already loaded");
            }

            return ExitCodes.Ok;
        });
        return new Command("demo", "Demo content") { load };
    }
}
