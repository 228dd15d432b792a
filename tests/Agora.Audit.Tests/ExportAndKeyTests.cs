using System.Text;
using System.Text.Json;
using Agora.Audit.Checkpoints;
using Agora.Audit.Export;
using Agora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Audit.Tests;

public sealed class ExportAndKeyTests
{
    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Export_writes_the_time_window_as_ndjson_or_csv_with_formulas_defused(string provider)
    {
        await using var audit = await AuditHarness.StartAsync(provider);
        var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        await audit.AppendAsync(6, i => AuditHarness.Sample(i) with
        {
            Time = start.AddHours(i),
            Purpose = i == 2 ? "=HYPERLINK(\"http://evil.example\",\"点我\")" : i == 3 ? "-2+3" : $"用途, \"quoted\" {i}",
            Details = i == 2 ? JsonSerializer.SerializeToElement(new { note = "@SUM(A1)" }) : null,
        });
        var exporter = audit.Services.GetRequiredService<AuditExporter>();

        using var ndjson = new MemoryStream();
        var count = await exporter.ExportAsync(ndjson, AuditExportFormat.Ndjson, start.AddHours(1).UtcDateTime, start.AddHours(4).UtcDateTime);
        var lines = Encoding.UTF8.GetString(ndjson.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, count);
        Assert.Equal([2L, 3L, 4L], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()));
        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("2026-05-01T02:00:00.000000Z", second.GetProperty("time").GetString());
        Assert.Equal("@SUM(A1)", second.GetProperty("details").GetProperty("note").GetString());
        Assert.Equal("姓名", second.GetProperty("columns")[0].GetString());

        using var csv = new MemoryStream();
        Assert.Equal(6, await exporter.ExportAsync(csv, AuditExportFormat.Csv));
        var text = Encoding.UTF8.GetString(csv.ToArray());
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, rows.Length);
        Assert.StartsWith("sequence,time,action,outcome,statusCode,userId,organizationId", rows[0], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",", rows[3], StringComparison.Ordinal);
        Assert.Contains(",'-2+3,", rows[4], StringComparison.Ordinal);
        Assert.Contains(",\"用途, \"\"quoted\"\" 0\",", rows[1], StringComparison.Ordinal);
        Assert.Contains(",\"{\"\"note\"\":\"\"@SUM(A1)\"\"}\",", rows[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_signing_key_is_created_private_with_its_public_key_beside_it()
    {
        await using var audit = await AuditHarness.StartAsync(TestStore.Sqlite);
        await audit.AppendAsync(1);
        await audit.RestartAsync();

        var keyPath = Path.Combine(audit.DataDirectory, "keys", "audit-ed25519.key");
        var publicPath = Path.Combine(audit.DataDirectory, "keys", "audit-ed25519.pub");
        Assert.True(File.Exists(keyPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(keyPath), StringComparison.Ordinal);
        var publicKey = AuditPublicKey.Load(publicPath);
        var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>((await File.ReadAllLinesAsync(audit.CheckpointPath)).Single())!;
        Assert.Equal(publicKey.Id, checkpoint.Key);
        Assert.Equal(1, checkpoint.Sequence);

        // The operator keeps the public key elsewhere and passes it: the file beside the store is not needed.
        File.Delete(publicPath);
        File.Delete(keyPath);
        var result = await audit.Verifier.VerifyAsync(publicKey);
        Assert.True(result.Ok, result.Failure?.Message);
        var withoutKey = await audit.Verifier.VerifyAsync();
        Assert.Equal(Verification.AuditFailureKind.NoPublicKey, withoutKey.Failure?.Kind);
    }

    [Fact]
    public async Task An_operator_key_path_that_does_not_exist_fails_the_start_and_an_existing_one_is_used()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Sqlite);
        var missing = Path.Combine(store.DataDirectory, "elsewhere", "audit.pem");
        var services = new ServiceCollection().AddAgoraAudit(store.Options, new AuditOptions { SigningKeyPath = missing }).BuildServiceProvider();
        await using (services)
        {
            var hosted = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Single();
            await Assert.ThrowsAsync<FileNotFoundException>(() => hosted.StartAsync(CancellationToken.None));
        }

        // A key made elsewhere (the default path of another folder) is accepted at the operator's path.
        var made = Path.Combine(store.DataDirectory, "made", "k.key");
        AuditSigningKey.LoadOrCreate(made, create: true).Dispose();
        services = new ServiceCollection().AddAgoraAudit(store.Options, new AuditOptions { SigningKeyPath = made }).BuildServiceProvider();
        await using (services)
        {
            await services.MigrateAuditAsync();
            await services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Single().StartAsync(CancellationToken.None);
            await services.GetRequiredService<IAuditLog>().AppendAsync(new AuditEntry { Action = AuditActions.TokenCreate });
        }

        var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>((await File.ReadAllLinesAsync(Path.Combine(store.DataDirectory, "audit", "checkpoints.jsonl"))).Single())!;
        Assert.Equal(AuditPublicKey.Load(Path.Combine(store.DataDirectory, "made", "k.pub")).Id, checkpoint.Key);
    }
}
