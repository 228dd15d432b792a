using System.IO.Compression;
using System.Text;

/// <summary>The JavaScript each page loads, raw and compressed, from the files the build put in wwwroot.</summary>
internal static class JavaScriptBudget
{
    private static readonly (string Page, string[] Initial, string[] OnDemand)[] Pages =
    [
        ("home, search, organization, theme pages", ["lib/htmx/htmx.min.js"], []),
        ("dataset page", ["lib/htmx/htmx.min.js", "js/dataset.js"], []),
        ("dataset page, column charts opened", ["lib/htmx/htmx.min.js", "js/dataset.js"], ["lib/echarts/echarts.custom.min.js"]),
        ("dataset page, map opened", ["lib/htmx/htmx.min.js", "js/dataset.js"], ["lib/leaflet/leaflet.js"]),
        ("console pages", ["js/console.js"], []),
    ];

    public static string Table(string root)
    {
        var wwwroot = Path.Combine(root, "src", "Agora.Web", "wwwroot");
        var text = new StringBuilder();
        text.AppendLine("Each page loads only the scripts it uses; ECharts and Leaflet load when the reader opens the charts or the map (a `<details>` element), never with the page. Sizes of the files the build copies from npm, raw, gzip -9 and Brotli (as the published build serves them).");
        text.AppendLine();
        text.AppendLine("| page | JavaScript loaded | raw | gzip | brotli | budget |");
        text.AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var (page, initial, onDemand) in Pages)
        {
            var files = initial.Concat(onDemand).Select(f => Path.Combine(wwwroot, f)).ToList();
            if (files.Any(f => !File.Exists(f)))
            {
                continue;
            }

            var raw = files.Sum(f => new FileInfo(f).Length);
            var gzip = files.Sum(f => Compressed(f, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true)));
            var brotli = files.Sum(f => Compressed(f, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true)));
            text.AppendLine($"| {page} | {string.Join(" + ", initial.Concat(onDemand).Select(Path.GetFileName))} | {raw / 1024.0:F1} KB | {gzip / 1024.0:F1} KB | {brotli / 1024.0:F1} KB | < 150 KB |");
        }

        return text.ToString();
    }

    private static long Compressed(string path, Func<Stream, Stream> compressor)
    {
        using var memory = new MemoryStream();
        using (var stream = compressor(memory))
        {
            stream.Write(File.ReadAllBytes(path));
        }

        return memory.Length;
    }
}
