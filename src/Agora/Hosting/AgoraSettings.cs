namespace Agora.Hosting;

/// <summary>What one Agora process runs with; command-line options override configuration.</summary>
public sealed record AgoraSettings
{
    public const string DefaultUrls = "http://127.0.0.1:5000";

    public string DataDirectory { get; init; } = "agora-data";
    public string? Database { get; init; }
    public string Urls { get; init; } = DefaultUrls;
    public bool Demo { get; init; }
}
