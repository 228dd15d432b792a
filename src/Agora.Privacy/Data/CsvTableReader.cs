using System.Text;
using nietras.SeparatedValues;

namespace Agora.Privacy.Data;

/// <summary>Reads delimited text with Sep, strictly decoded, into memory or row by row.</summary>
public static class CsvTableReader
{
    /// <summary>Above this many distinct values a column stops sharing string instances (it is an identifier, not a category).</summary>
    private const int InternLimit = 50_000;

    public static DataTable ReadFile(string path, CsvFormat? format = null)
    {
        format ??= new CsvFormat();
        string[] header = [];
        List<string>[]? columns = null;
        Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>[]? interns = null;
        Dictionary<string, string>[]? internSets = null;
        ReadRows(path, format, names =>
        {
            header = names;
            columns = names.Select(_ => new List<string>()).ToArray();
            internSets = names.Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToArray();
            interns = internSets.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        }, (row, _) =>
        {
            for (var c = 0; c < columns!.Length; c++)
            {
                var span = row[c].Span;
                string value;
                if (span.IsEmpty)
                {
                    value = string.Empty;
                }
                else if (internSets![c].Count < InternLimit)
                {
                    if (!interns![c].TryGetValue(span, out var existing))
                    {
                        existing = span.ToString();
                        internSets[c][existing] = existing;
                    }

                    value = existing;
                }
                else
                {
                    value = span.ToString();
                }

                columns[c].Add(value);
            }
        });

        return new DataTable(header, (columns ?? []).Select(c => c.ToArray()).ToArray()) { SourceFile = path };
    }

    /// <summary>A row as spans; valid only during the callback.</summary>
    internal delegate void RowCallback(SepReader.Row row, long rowNumber);

    /// <summary>Streams the rows of a file; rowNumber is 1-based and excludes the header.</summary>
    internal static void ReadRows(string path, CsvFormat format, Action<string[]> onHeader, RowCallback onRow)
    {
        if (!File.Exists(path))
        {
            throw PrivacyInputException.Usage($"File not found: {path}", path);
        }

        var encoding = format.ResolveEncoding();
        long rowNumber = 0;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var delimiter = format.Delimiter ?? DetectFromFirstLine(stream, encoding);
            using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            using var reader = Sep.New(delimiter).Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
            var header = reader.Header.ColNames.ToArray();
            if (header.Length == 0)
            {
                throw PrivacyInputException.Failure($"{path} has no header row.", path, 0);
            }

            var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw PrivacyInputException.Failure($"{path}: the header names column '{duplicate.Key}' more than once.", path, 0, duplicate.Key);
            }

            onHeader(header);
            foreach (var row in reader)
            {
                rowNumber++;
                if (row.ColCount != header.Length)
                {
                    if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
                    {
                        continue;
                    }

                    throw PrivacyInputException.Failure(
                        $"{path} row {rowNumber} (line {row.LineNumberFrom}) has {row.ColCount} fields but the header has {header.Length}; is the delimiter '{Printable(delimiter)}' right?",
                        path,
                        rowNumber);
                }

                onRow(row, rowNumber);
            }
        }
        catch (DecoderFallbackException e)
        {
            var (line, offset) = EncodingDiagnostics.FindFirstInvalidLine(path, encoding);
            throw PrivacyInputException.Failure(
                $"{path} is not valid {encoding.WebName}: undecodable bytes on line {line} (byte offset {offset}); pass --encoding gb18030 (or the file's real encoding).",
                path,
                Math.Max(0, line - 1),
                null,
                e);
        }
    }

    private static char DetectFromFirstLine(FileStream stream, Encoding encoding)
    {
        var buffer = new byte[64 * 1024];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var end = Array.IndexOf(buffer, (byte)'\n', 0, read);
        var lenient = Encoding.GetEncoding(encoding.CodePage);
        var line = lenient.GetString(buffer, 0, end < 0 ? read : end);
        return CsvFormat.DetectDelimiter(line);
    }

    private static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();
}
