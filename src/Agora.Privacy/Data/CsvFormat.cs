using System.Text;

namespace Agora.Privacy.Data;

/// <summary>How a delimited text file is read: the delimiter (null means detect it from the header) and the encoding.</summary>
public sealed record CsvFormat(char? Delimiter = null, string? EncodingName = null)
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    static CsvFormat()
    {
        // GB 18030 / GBK files are common in Chinese government data; the BCL ships them behind this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Parses a --delimiter value: one character, or a name such as 'tab', 'comma', 'semicolon', '\t'.</summary>
    public static char ParseDelimiter(string text)
    {
        switch (text)
        {
            case "\\t":
            case "tab":
            case "TAB":
                return '\t';
            case "comma":
                return ',';
            case "semicolon":
                return ';';
            case "pipe":
                return '|';
        }

        if (text.Length != 1 || text[0] == '"' || char.IsLetterOrDigit(text[0]) || text[0] == '\n' || text[0] == '\r')
        {
            throw PrivacyInputException.Usage($"--delimiter must be a single character such as ',' ';' '|' or 'tab', not '{text}'.");
        }

        return text[0];
    }

    /// <summary>A strict decoder: invalid bytes throw instead of silently turning into U+FFFD.</summary>
    public Encoding ResolveEncoding()
    {
        var name = string.IsNullOrWhiteSpace(EncodingName) ? "utf-8" : EncodingName.Trim();
        try
        {
            var encoding = Encoding.GetEncoding(name.ToLowerInvariant() switch
            {
                "utf8" => "utf-8",
                "gbk" or "cp936" => "gbk",
                "gb18030" or "gb-18030" => "gb18030",
                "utf16" => "utf-16",
                _ => name,
            });
            return Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            throw PrivacyInputException.Usage($"--encoding: '{name}' is not an encoding this program knows; use utf-8, gb18030, gbk or utf-16.");
        }
    }

    /// <summary>Picks the candidate delimiter that occurs most often in the header line; ',' when none occurs.</summary>
    public static char DetectDelimiter(string headerLine)
    {
        var best = ',';
        var bestCount = 0;
        foreach (var candidate in Candidates)
        {
            var count = headerLine.AsSpan().Count(candidate);
            if (count > bestCount)
            {
                best = candidate;
                bestCount = count;
            }
        }

        return best;
    }
}
