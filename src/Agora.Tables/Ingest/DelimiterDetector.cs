using System.Text;

namespace Agora.Tables.Ingest;

/// <summary>Picks the delimiter that splits the first lines into the most consistent number of fields.</summary>
internal static class DelimiterDetector
{
    private static readonly char[] Candidates = [',', '\t', ';', '|'];

    public static char Detect(string utf8Path)
    {
        var buffer = new byte[64 * 1024];
        int read;
        using (var stream = File.OpenRead(utf8Path))
        {
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        var lines = SplitLines(text).Take(60).ToList();
        if (read == buffer.Length && lines.Count > 1)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        var best = ',';
        var bestScore = 0.0;
        foreach (var candidate in Candidates)
        {
            var counts = lines.Select(l => l.Count(c => c == candidate)).Where(c => c > 0).ToList();
            if (counts.Count == 0)
            {
                continue;
            }
            var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            // Lines that agree on the field count, weighted a little by how many fields they make.
            var score = mode.Count() * (1 + Math.Log(1 + mode.Key));
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>Splits on line ends outside quotes, so a quoted multi-line cell counts as one line; quoted text is dropped.</summary>
    private static IEnumerable<string> SplitLines(string text)
    {
        var line = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }
            if (quoted)
            {
                continue;
            }
            if (c == '\n')
            {
                yield return line.ToString();
                line.Clear();
            }
            else if (c != '\r')
            {
                line.Append(c);
            }
        }
        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
