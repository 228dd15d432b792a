using System.Globalization;
using System.Numerics;

namespace Agora.Tables.Export;

/// <summary>How cells are written as text in downloads.</summary>
internal static class CellText
{
    /// <summary>
    /// Text that a spreadsheet would run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR) gets a leading
    /// apostrophe. Only text cells: a number in a numeric column is written as a number.
    /// </summary>
    public static string Neutralize(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static string Format(object? value, ColumnType type) => value switch
    {
        null => "",
        string s => s,
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString(type == ColumnType.YearMonth ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t when type is ColumnType.Date or ColumnType.YearMonth => t.ToString(type == ColumnType.YearMonth ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        BigInteger n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
