namespace Agora.Tables.Ingest;

/// <summary>Reads one cell: is it a null token, and which types can it be.</summary>
internal static class ValueClassifier
{
    /// <summary>Written the same way to DuckDB's <c>nullstr</c>, so both passes agree on what is null.</summary>
    public static readonly string[] NullTokens = ["", "-", "—", "/", "NULL", "null", "无", "--", "——"];

    public static bool IsNullToken(ReadOnlySpan<char> s)
    {
        if (s.Length > 4)
        {
            return false;
        }
        foreach (var token in NullTokens)
        {
            if (s.SequenceEqual(token))
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsTrue(ReadOnlySpan<char> s) =>
        s is "是" || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("y", StringComparison.OrdinalIgnoreCase)
        || s.Equals("yes", StringComparison.OrdinalIgnoreCase);

    public static bool IsFalse(ReadOnlySpan<char> s) =>
        s is "否" || s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("n", StringComparison.OrdinalIgnoreCase)
        || s.Equals("no", StringComparison.OrdinalIgnoreCase);

    /// <summary>The types <paramref name="s"/> (already trimmed, not a null token) can be read as.</summary>
    public static TypeMask Classify(ReadOnlySpan<char> s, ref ColumnTraits traits)
    {
        if (s.IsEmpty)
        {
            return TypeMask.None;
        }
        var c = s[0];
        if (char.IsAsciiDigit(c) || c is '-' or '+' or '.')
        {
            var mask = Number(s, ref traits);
            if (char.IsAsciiDigit(c))
            {
                var dateMask = DateForms.Parse(s, out var formId);
                if (dateMask != TypeMask.None)
                {
                    traits.DateForms |= 1UL << formId;
                    mask |= dateMask;
                }
            }
            return mask;
        }
        return IsTrue(s) || IsFalse(s) ? TypeMask.Boolean : TypeMask.None;
    }

    private static TypeMask Number(ReadOnlySpan<char> s, ref ColumnTraits traits)
    {
        var percent = false;
        if (s[^1] == '%')
        {
            percent = true;
            s = s[..^1];
        }
        var i = 0;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            i = 1;
        }
        var intStart = i;
        var digits = 0;
        var groupDigits = 0;
        var thousands = false;
        while (i < s.Length)
        {
            var ch = s[i];
            if (char.IsAsciiDigit(ch))
            {
                digits++;
                groupDigits++;
            }
            else if (ch == ',')
            {
                // 1,234,567: the first group has 1–3 digits, every later one exactly 3.
                if (groupDigits == 0 || (thousands ? groupDigits != 3 : groupDigits > 3))
                {
                    return TypeMask.None;
                }
                thousands = true;
                groupDigits = 0;
            }
            else
            {
                break;
            }
            i++;
        }
        if (thousands && groupDigits != 3)
        {
            return TypeMask.None;
        }
        // Leading zeros mark a code (邮编, 证件号), not a number.
        if (digits > 1 && s[intStart] == '0')
        {
            return TypeMask.None;
        }
        var isInteger = i == s.Length && digits > 0;
        var fraction = 0;
        var exponent = false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                fraction++;
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E' && digits + fraction > 0)
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+')
            {
                i++;
            }
            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                expDigits++;
            }
            exponent = expDigits > 0;
            if (!exponent)
            {
                return TypeMask.None;
            }
        }
        if (i != s.Length || digits + fraction == 0)
        {
            return TypeMask.None;
        }
        if (thousands)
        {
            traits.Thousands = true;
        }
        if (percent)
        {
            traits.Percent = true;
            return TypeMask.Decimal;
        }
        return isInteger && digits <= 18 ? TypeMask.Integer | TypeMask.Decimal : TypeMask.Decimal;
    }
}

/// <summary>How a column's values are written, so the conversion SQL only does the work the column needs.</summary>
internal struct ColumnTraits
{
    public bool Thousands;
    public bool Percent;
    public bool Padded;
    public ulong DateForms;
}
