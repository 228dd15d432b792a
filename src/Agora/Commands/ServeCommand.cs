using System.CommandLine;
using Agora.Hosting;
using Agora.Wiring;

namespace Agora.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGORA_URLS") ?? AgoraSettings.DefaultUrls,
        };
        var demo = new Option<bool>("--demo") { Description = "Load the demo catalog when the store is empty, and its tables when they have no data" };
        var command = new Command("serve", "Run the web host: portal, API and documentation") { urls, demo };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = CommonOptions.Settings(result) with { Urls = result.GetValue(urls)!, Demo = result.GetValue(demo) };
            await using var app = AgoraHost.Create(settings);
            // The store is migrated while this thread maps and builds the endpoints: on two cores that is a few
            // hundred milliseconds of the start.
            var prepared = Task.Run(() => AgoraHost.PrepareAsync(app.Services, settings.Demo, cancellationToken), cancellationToken);
            AgoraHost.MapEndpoints(app);
            await AgoraHost.BuildEndpointsAsync(app);
            await prepared;
            if (settings.Demo)
            {
                // Before the host starts, so that the search index built on start sees the table distributions.
                await DemoTables.LoadAsync(app.Services, cancellationToken: cancellationToken);
            }

            await app.RunAsync();
            return ExitCodes.Ok;
        });
        return command;
    }
}
