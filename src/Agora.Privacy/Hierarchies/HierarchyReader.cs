using System.Text;
using Agora.Privacy.Data;

namespace Agora.Privacy.Hierarchies;

/// <summary>Reads hierarchies in ARX's CSV format: one row per value, ';'-separated levels, no header.</summary>
public static class HierarchyReader
{
    public const string FileMarker = "_hierarchy_";

    /// <summary>The attribute a file is for: 'adult_hierarchy_age.csv' → 'age'; null when the name does not follow the convention.</summary>
    public static string? AttributeOf(string path)
    {
        var name = Path.GetFileName(path);
        if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var at = name.LastIndexOf(FileMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var attribute = name[(at + FileMarker.Length)..^4];
        return attribute.Length == 0 ? null : attribute;
    }

    /// <summary>All hierarchies of a folder, keyed by attribute name.</summary>
    public static Dictionary<string, Hierarchy> ReadDirectory(string directory, CsvFormat? format = null)
    {
        if (!Directory.Exists(directory))
        {
            throw PrivacyInputException.Usage($"--hierarchies: folder not found: {directory}", directory);
        }

        var result = new Dictionary<string, Hierarchy>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.csv").Order(StringComparer.Ordinal))
        {
            var attribute = AttributeOf(file);
            if (attribute is null)
            {
                continue;
            }

            if (result.TryGetValue(attribute, out var existing))
            {
                throw PrivacyInputException.Usage($"Two hierarchies for column '{attribute}': {existing.Source} and {file}.", file, attribute);
            }

            result[attribute] = ReadFile(file, attribute, format);
        }

        return result;
    }

    public static Hierarchy ReadFile(string path, string? attribute = null, CsvFormat? format = null)
    {
        attribute ??= AttributeOf(path) ?? Path.GetFileNameWithoutExtension(path);
        if (!File.Exists(path))
        {
            throw PrivacyInputException.Usage($"Hierarchy file not found: {path}", path, attribute);
        }

        var encoding = (format ?? new CsvFormat()).ResolveEncoding();
        string text;
        try
        {
            text = File.ReadAllText(path, encoding);
        }
        catch (DecoderFallbackException e)
        {
            var (line, offset) = EncodingDiagnostics.FindFirstInvalidLine(path, encoding);
            throw PrivacyInputException.Failure($"{path} is not valid {encoding.WebName}: undecodable bytes on line {line} (byte offset {offset}).", path, line, attribute, e);
        }

        var rows = new List<string[]>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(';');
            for (var i = 0; i < fields.Length; i++)
            {
                var f = fields[i];
                if (f.Length >= 2 && f[0] == '"' && f[^1] == '"')
                {
                    fields[i] = f[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
                }
            }

            if (fields.Length < 2)
            {
                throw PrivacyInputException.Failure(
                    $"{path} line {lineNumber}: '{line}' has one level; an ARX hierarchy row lists the value and at least one generalization, separated by ';'.",
                    path,
                    lineNumber,
                    attribute);
            }

            rows.Add(fields);
        }

        return new Hierarchy(attribute, rows, path);
    }
}
