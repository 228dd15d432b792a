namespace Agora.Tables.Tests;

/// <summary>One tables host shared by the tests of a class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    internal TablesHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await TablesHost.StartAsync(o => o.SqlTimeout = TimeSpan.FromSeconds(3));

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
