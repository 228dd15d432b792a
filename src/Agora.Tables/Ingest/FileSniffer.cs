namespace Agora.Tables.Ingest;

/// <summary>Tells a file's format from its first bytes, and refuses a file whose name or declared format says otherwise.</summary>
internal static class FileSniffer
{
    public static readonly string[] Formats = ["csv", "tsv", "xlsx", "json", "ndjson", "parquet"];

    public static string Detect(string path, string? fileName, string? declared)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new IngestException("empty-file", $"{Describe(fileName)} is empty.");
        }
        var head = new byte[(int)Math.Min(length, 4096)];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(head);
        }
        var content = Content(head);
        var stated = declared?.ToLowerInvariant() ?? FromName(fileName);
        if (stated is not null && !Formats.Contains(stated))
        {
            throw new IngestException("unsupported-format", $"Format '{stated}' is not supported; use one of {string.Join(", ", Formats)}.");
        }
        switch (content)
        {
            case "xls":
                throw new IngestException(
                    "xls-not-supported",
                    $"{Describe(fileName)} is a legacy Excel 97–2003 workbook (XLS, OLE2 file). Only XLSX is read: save it as XLSX or CSV and upload again.");
            case "zip-other":
                throw new IngestException("file-type-mismatch", $"{Describe(fileName)} is a zip archive but not an XLSX workbook.");
            case "binary":
                throw new IngestException("file-type-mismatch", $"{Describe(fileName)} is a binary file, not a table (CSV, XLSX, JSON or Parquet).");
        }
        if (stated is null)
        {
            return content;
        }
        var statedIsText = stated is "csv" or "tsv" or "json" or "ndjson";
        var contentIsText = content is "csv" or "json" or "ndjson";
        if (statedIsText && contentIsText)
        {
            if (stated is "json" or "ndjson" && content == "csv")
            {
                throw new IngestException("file-type-mismatch", $"{Describe(fileName)} was given as {stated.ToUpperInvariant()} but does not start with '[' or '{{'.");
            }
            return stated;
        }
        if (stated != content)
        {
            throw new IngestException(
                "file-type-mismatch",
                $"{Describe(fileName)} is said to be {stated.ToUpperInvariant()} but its content is {Name(content)}. Upload it with format={content} or give it the right name.");
        }
        return stated;
    }

    private static string Describe(string? fileName) => fileName is null ? "The file" : $"'{fileName}'";

    private static string Name(string content) => content switch
    {
        "xlsx" => "an XLSX workbook (zip)",
        "parquet" => "a Parquet file",
        "json" => "JSON",
        "ndjson" => "NDJSON",
        _ => "delimited text (CSV)",
    };

    private static string? FromName(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".csv" or ".txt" => "csv",
        ".tsv" or ".tab" => "tsv",
        ".xlsx" => "xlsx",
        ".xls" => "xls",
        ".json" => "json",
        ".ndjson" or ".jsonl" => "ndjson",
        ".parquet" => "parquet",
        _ => null,
    };

    private static string Content(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\x03\x04"u8))
        {
            return IsXlsx(head) ? "xlsx" : "zip-other";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return "xls";
        }
        if (head.StartsWith("PAR1"u8))
        {
            return "parquet";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) || head.StartsWith("%PDF"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]))
        {
            return "binary";
        }
        var text = head;
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }
        var first = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && text[first] == (byte)'[')
        {
            return "json";
        }
        if (first >= 0 && text[first] == (byte)'{')
        {
            return "ndjson";
        }
        return "csv";
    }

    // The first local header of an OOXML package is usually [Content_Types].xml; other zips name other files.
    private static bool IsXlsx(ReadOnlySpan<byte> head) =>
        head.IndexOf("[Content_Types].xml"u8) >= 0 || head.IndexOf("xl/"u8) >= 0 || head.IndexOf("_rels/"u8) >= 0 || head.IndexOf("docProps/"u8) >= 0;
}
