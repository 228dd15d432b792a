using System.Text;
using System.Text.Json;

namespace Agora.Tables.Ingest;

/// <summary>
/// Reads a JSON array of objects or NDJSON into a CSV file with a header: a first pass collects the keys in the
/// order they appear, a second writes the values. Nested values are kept as JSON text.
/// </summary>
internal static class JsonReader
{
    public static void ToCsv(string path, bool ndjson, string target, int maxColumns, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (record, _) in Records(path, ndjson, cancellationToken))
        {
            foreach (var property in record.EnumerateObject())
            {
                if (seen.Add(property.Name))
                {
                    keys.Add(property.Name);
                    if (keys.Count > maxColumns)
                    {
                        throw new IngestException("too-many-columns", $"The records have more than {maxColumns} distinct keys.");
                    }
                }
            }
        }
        if (keys.Count == 0)
        {
            throw new IngestException("no-data", "The JSON has no records with fields.");
        }
        using var writer = new StreamWriter(target, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(string.Join(',', keys.Select(Quote)));
        writer.Write('\n');
        var index = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        var values = new string[keys.Count];
        foreach (var (record, _) in Records(path, ndjson, cancellationToken))
        {
            System.Array.Fill(values, "");
            foreach (var property in record.EnumerateObject())
            {
                values[index[property.Name]] = Text(property.Value);
            }
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }
                XlsxReader.Write(writer, values[i]);
            }
            writer.Write('\n');
        }
    }

    private static string Quote(string key)
    {
        using var w = new StringWriter();
        XlsxReader.Write(w, key);
        return w.ToString();
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static IEnumerable<(JsonElement Record, long Line)> Records(string path, bool ndjson, CancellationToken cancellationToken)
    {
        return ndjson ? Lines(path, cancellationToken) : Items(path, cancellationToken);
    }

    private static IEnumerable<(JsonElement, long)> Lines(string path, CancellationToken cancellationToken)
    {
        long line = 0;
        foreach (var text in File.ReadLines(path, Encoding.UTF8))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(text);
                element = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new IngestException("invalid-json", $"Line {line} is not valid JSON: {e.Message}", line);
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new IngestException("invalid-json", $"Line {line} is not a JSON object.", line);
            }
            if ((line & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            yield return (element, line);
        }
    }

    private static IEnumerable<(JsonElement, long)> Items(string path, CancellationToken cancellationToken)
    {
        using var stream = File.OpenRead(path);
        var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken).ToBlockingEnumerable(cancellationToken);
        using var enumerator = items.GetEnumerator();
        long index = 0;
        while (true)
        {
            JsonElement element;
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
                element = enumerator.Current;
            }
            catch (JsonException e)
            {
                throw new IngestException("invalid-json", $"The JSON is not valid at line {(e.LineNumber ?? 0) + 1}: {e.Message}", (e.LineNumber ?? 0) + 1);
            }
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new IngestException("invalid-json", $"Item {index} of the array is not an object.", index);
            }
            yield return (element, index);
        }
    }
}
