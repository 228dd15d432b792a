using System.Diagnostics;
using System.Text;
using Agora.Testing;

namespace Agora.Audit.Tests;

public sealed class CrashTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Sigkill_under_load_loses_no_acknowledged_record_and_the_chain_still_verifies(string provider)
    {
        await using var audit = await AuditHarness.StartAsync(provider);
        var acknowledged = new List<long>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var child = Process.Start(new ProcessStartInfo(DotnetHost(), [ChildPath(), audit.DataDirectory, audit.Store.Database ?? ""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var errors = child.StandardError.ReadToEndAsync();
        var reading = Task.Run(async () =>
        {
            // Only newline-terminated lines count: a number cut off by the kill was never fully acknowledged.
            var stream = child.StandardOutput.BaseStream;
            var line = new StringBuilder();
            var buffer = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != '\n')
                    {
                        line.Append((char)buffer[i]);
                        continue;
                    }

                    var text = line.ToString();
                    line.Clear();
                    if (text == "ready")
                    {
                        ready.TrySetResult();
                    }
                    else
                    {
                        acknowledged.Add(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
                        if (acknowledged.Count >= 1500)
                        {
                            enough.TrySetResult();
                        }
                    }
                }
            }
        });

        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.WhenAny(enough.Task, Task.Delay(TimeSpan.FromSeconds(8)));
        }
        catch (TimeoutException)
        {
            child.Kill();
            Assert.Fail("the writer did not start: " + await errors);
        }

        child.Kill(); // SIGKILL on Unix: no flush, no final checkpoint, mid-batch.
        await child.WaitForExitAsync();
        await reading;
        child.Dispose();

        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} appends were acknowledged before the kill: {await errors}");
        var stored = (await audit.ReadAllAsync()).Select(r => r.Sequence).ToHashSet();
        var lost = acknowledged.Where(s => !stored.Contains(s)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged records are not in the store, the first {lost.FirstOrDefault()}");

        var result = await audit.Verifier.VerifyAsync();
        Assert.True(result.Ok, result.Failure?.Message);
        Assert.Equal(stored.Count, result.Records);
        Assert.True(result.Checkpoints >= 1);
        Assert.True(result.Records >= acknowledged.Max());
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static string ChildPath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Agora.Audit.CrashWriter.dll");
        Assert.True(File.Exists(path), $"the crash writer is not built at {path}");
        return path;
    }
}
