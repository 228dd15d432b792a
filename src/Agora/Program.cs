using System.CommandLine;
using Agora.Commands;

var root = new RootCommand("Agora: government data sharing and open data")
{
    CommonOptions.DataDir,
    CommonOptions.Database,
    ServeCommand.Create(),
    AdminCommand.Create(),
    TokenCommand.Create(),
    DemoCommand.Create(),
    DatasetsCommand.Create(),
    PrivacyCommand.Create(),
    AuditCommand.Create(),
    IngestCommand.Create(),
    IndexCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"agora: {error.Message}");
    }

    Console.Error.WriteLine("Run 'agora --help' for usage.");
    return ExitCodes.Usage;
}

try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not OperationCanceledException)
{
    return CommonOptions.Fail(e.GetBaseException().Message.ReplaceLineEndings(" "));
}

/// <summary>The entry point, visible to tests that start the real executable's host.</summary>
public partial class Program;
