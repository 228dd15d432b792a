using System.Globalization;
using System.Text;

namespace Agora.Tables.Query;

internal enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Symbol,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Position, object? Value = null)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;
}

/// <summary>Splits a query parameter into tokens. Column names with spaces or punctuation go in backticks.</summary>
internal static class SoqlTokenizer
{
    private static readonly string[] Symbols = ["<=", ">=", "!=", "<>", "==", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ","];

    public static List<Token> Tokenize(string parameter, string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (c == '\'')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new SoqlException(parameter, $"The text starting at position {start + 1} has no closing quote.", start);
                    }
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.Append(text[i++]);
                }
                tokens.Add(new Token(TokenKind.String, text[start..i], start, value.ToString()));
            }
            else if (c == '`')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new SoqlException(parameter, $"The column name starting at position {start + 1} has no closing backtick.", start);
                    }
                    if (text[i] == '`')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '`')
                        {
                            value.Append('`');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.Append(text[i++]);
                }
                tokens.Add(new Token(TokenKind.QuotedIdentifier, value.ToString(), start));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
                var isDecimal = false;
                if (i < text.Length && text[i] == '.')
                {
                    isDecimal = true;
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }
                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    isDecimal = true;
                    i++;
                    if (i < text.Length && text[i] is '+' or '-')
                    {
                        i++;
                    }
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }
                if (i < text.Length && (char.IsLetter(text[i]) || text[i] == '_'))
                {
                    // 2017年 is a column name, not a number followed by a word.
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }
                    tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                    continue;
                }
                var raw = text[start..i];
                object value = !isDecimal && long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? (object)l
                    : double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (object)d
                    : throw new SoqlException(parameter, $"'{raw}' at position {start + 1} is not a number.", start);
                tokens.Add(new Token(TokenKind.Number, raw, start, value));
            }
            else if (char.IsLetter(c) || c == '_' || c == ':')
            {
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw new SoqlException(parameter, $"Unexpected character '{c}' at position {i + 1}.", i);
                tokens.Add(new Token(TokenKind.Symbol, symbol, start));
                i += symbol.Length;
            }
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }
}
