namespace Agora.Tables.Ingest;

/// <summary>Turns header cells into stable, unique column names.</summary>
internal static class HeaderNames
{
    public static (List<string> Names, List<string?> Sources) Build(IReadOnlyList<string> cells, int width)
    {
        var names = new List<string>(width);
        var sources = new List<string?>(width);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < width; i++)
        {
            var source = i < cells.Count ? cells[i] : "";
            var name = Clean(source);
            if (name.Length == 0)
            {
                name = $"column_{i + 1}";
            }
            var candidate = name;
            for (var n = 2; !used.Add(candidate); n++)
            {
                candidate = $"{name}_{n}";
            }
            names.Add(candidate);
            sources.Add(candidate == source ? null : source);
        }
        return (names, sources);
    }

    private static string Clean(string cell)
    {
        var chars = cell.Where(c => c != '\uFEFF').Select(c => char.IsWhiteSpace(c) || char.IsControl(c) ? ' ' : c).ToArray();
        var text = new string(chars).Trim();
        while (text.Contains("  ", StringComparison.Ordinal))
        {
            text = text.Replace("  ", " ", StringComparison.Ordinal);
        }
        return text.Length > 128 ? text[..128] : text;
    }
}
