using System.Net;
using System.Net.Sockets;

namespace Agora.Privacy.Detection;

/// <summary>Classifies one value by its shape and check characters, without allocating.</summary>
internal static class ValueClassifier
{
    private static readonly bool[] PostcodePrefixes = BuildPostcodePrefixes();

    public static ValueFlags Classify(ReadOnlySpan<char> raw, out int year)
    {
        year = 0;
        var v = raw.Trim();
        var len = v.Length;
        if (len == 0)
        {
            return ValueFlags.None;
        }

        int digits = 0, letters = 0, han = 0, star = 0, at = 0, dot = 0, colon = 0, dash = 0, space = 0, comma = 0, slash = 0, plus = 0, paren = 0, middleDot = 0, other = 0;
        foreach (var c in v)
        {
            if ((uint)(c - '0') <= 9)
            {
                digits++;
            }
            else if ((uint)((c | 0x20) - 'a') <= 'z' - 'a')
            {
                letters++;
            }
            else if ((c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF'))
            {
                han++;
            }
            else
            {
                switch (c)
                {
                    case '*' or '＊':
                        star++;
                        break;
                    case '@':
                        at++;
                        break;
                    case '.':
                        dot++;
                        break;
                    case ':':
                        colon++;
                        break;
                    case '-':
                        dash++;
                        break;
                    case ' ':
                        space++;
                        break;
                    case ',' or '，':
                        comma++;
                        break;
                    case '/':
                        slash++;
                        break;
                    case '+':
                        plus++;
                        break;
                    case '(' or ')' or '（' or '）':
                        paren++;
                        break;
                    case '·' or '•' or '・':
                        middleDot++;
                        break;
                    default:
                        other++;
                        break;
                }
            }
        }

        if (star > 0)
        {
            return ClassifyMasked(v, digits, letters, han, star, at, dot);
        }

        if (at == 1)
        {
            return IsEmail(v) ? ValueFlags.Email : ValueFlags.None;
        }

        if (han == 0)
        {
            if (digits == len)
            {
                return ClassifyDigits(v, ref year);
            }

            if (len == 18 && digits == 17 && (v[17] == 'X' || v[17] == 'x'))
            {
                return ResidentId(v);
            }

            if (digits + letters == len)
            {
                return ClassifyAlphanumeric(v, digits, letters);
            }

            if (colon >= 2 && other == 0 && space == 0 && IsIpv6(v))
            {
                return ValueFlags.Ip;
            }

            if (digits > 0 && letters == 0 && (comma == 1 || (space == 1 && dot == 2)) && IsCoordinatePair(v))
            {
                return ValueFlags.CoordinatePair;
            }

            if (letters >= 5 && digits > 0 && v.StartsWith("POINT", StringComparison.OrdinalIgnoreCase))
            {
                return IsCoordinatePair(v[5..].Trim("( )")) ? ValueFlags.CoordinatePair : ValueFlags.None;
            }

            if (dot == 3 && digits + dot == len)
            {
                return IsIpv4(v) ? ValueFlags.Ip : ValueFlags.None;
            }

            if (letters == 0 && digits > 0 && digits + dot + dash == len && dot == 1 && (dash == 0 || (dash == 1 && v[0] == '-')))
            {
                return ClassifyDecimal(v);
            }

            if (letters == 0 && digits >= 6 && (dash > 0 || slash > 0 || dot == 2))
            {
                var date = ClassifyDate(v, ref year);
                if (date != ValueFlags.None)
                {
                    return date;
                }
            }

            if (letters == 0 && digits >= 7 && digits + dash + space + plus + paren == len)
            {
                return ClassifyPhoneOrCard(v);
            }

            if (letters > 0 && digits == 0 && len <= 40)
            {
                return Lookup(v);
            }

            return ValueFlags.None;
        }

        // Values with Chinese characters.
        if (han == len)
        {
            var flags = len <= 40 ? Lookup(v) : ValueFlags.None;
            if (flags == ValueFlags.None && len is >= 2 and <= 4 && IsChineseName(v))
            {
                flags |= ValueFlags.Name;
            }

            if (flags == ValueFlags.None && len is >= 2 and <= 8 && (v[^1] is '员' or '师' or '工' or '者' or '匠' || v.EndsWith("人员", StringComparison.Ordinal)))
            {
                flags |= ValueFlags.OccupationSuffix;
            }

            if (flags == ValueFlags.None && len >= 6)
            {
                flags |= AddressFlags(v);
            }

            return flags;
        }

        if (middleDot > 0 && han + middleDot == len && len is >= 4 and <= 16)
        {
            return ValueFlags.Name;
        }

        if (len is >= 7 and <= 9 && Lexicons.PlateProvinces.Contains(v[0]) && IsPlate(v))
        {
            return ValueFlags.Plate;
        }

        if (digits > 0 && (v.EndsWith("岁", StringComparison.Ordinal) || v.EndsWith("周岁", StringComparison.Ordinal)))
        {
            var number = v.TrimEnd("周岁");
            if (Checksums.IsAllDigits(number) && number.Length <= 3 && Checksums.Digits(number) <= 130)
            {
                return ValueFlags.AgeWithUnit;
            }
        }

        if (digits >= 4 && v.Contains('年'))
        {
            var date = ClassifyDate(v, ref year);
            if (date != ValueFlags.None)
            {
                return date;
            }
        }

        if (digits == 0 && len <= 40)
        {
            var flags = Lookup(v);
            if (flags != ValueFlags.None)
            {
                return flags;
            }
        }

        return len >= 6 ? AddressFlags(v) : ValueFlags.None;
    }

    private static ValueFlags Lookup(ReadOnlySpan<char> v) =>
        (v[0] < 128 ? Lexicons.AsciiWordLookup : Lexicons.WordLookup).TryGetValue(v, out var flags) ? (ValueFlags)flags : ValueFlags.None;

    private static ValueFlags ResidentId(ReadOnlySpan<char> v) => Checksums.ResidentIdStructure(v) switch
    {
        Checksums.IdStructure.Valid => ValueFlags.ResidentId,
        Checksums.IdStructure.BadCheck => ValueFlags.ResidentIdBadCheck,
        _ => ValueFlags.None,
    };

    private static ValueFlags ClassifyDigits(ReadOnlySpan<char> v, ref int year)
    {
        var len = v.Length;
        var flags = ValueFlags.None;
        switch (len)
        {
            case 18:
                flags |= ResidentId(v);
                if (flags == ValueFlags.None && Checksums.CreditCodeStructure(v) == Checksums.IdStructure.Valid)
                {
                    flags |= ValueFlags.CreditCode;
                }

                break;
            case 15:
                if (Checksums.IsLegacyResidentId(v))
                {
                    flags |= ValueFlags.ResidentIdLegacy;
                }

                break;
            case 11:
                if (v[0] == '1' && v[1] >= '3')
                {
                    flags |= ValueFlags.Mobile;
                }
                else if (v[0] == '0')
                {
                    flags |= ValueFlags.Landline;
                }

                break;
            case 13 when v.StartsWith("86") && v[2] == '1' && v[3] >= '3':
                flags |= ValueFlags.Mobile;
                break;
            case 6:
                flags |= SixDigitFlags(v);
                break;
            case 8:
                if (ParseCompactDate(v, out year))
                {
                    flags |= ValueFlags.Date;
                }

                if (v[0] is not '0' and not '1')
                {
                    flags |= ValueFlags.LocalPhone;
                }

                break;
            case 7:
                if (v[0] is not '0' and not '1')
                {
                    flags |= ValueFlags.LocalPhone;
                }

                break;
            case 10 or 12 when v[0] == '0' && v[1] != '0':
                flags |= ValueFlags.Landline;
                break;
        }

        if (len is >= 16 and <= 19 && v[0] is >= '3' and <= '6' && (flags & ValueFlags.ResidentId) == 0)
        {
            flags |= ValueFlags.BankCard;
            if (Checksums.PassesLuhn(v))
            {
                flags |= ValueFlags.BankCardLuhn;
            }
        }

        if (len <= 3)
        {
            var n = Checksums.Digits(v);
            flags |= ValueFlags.Integer;
            if (n <= 120)
            {
                flags |= ValueFlags.AgeInteger;
            }

            if (len == 1 && n is 0 or 1 or 2 or 9)
            {
                flags |= ValueFlags.SexCode;
            }
        }
        else if (len < 16)
        {
            flags |= ValueFlags.Integer;
        }

        return flags;
    }

    private static ValueFlags SixDigitFlags(ReadOnlySpan<char> v)
    {
        var flags = ValueFlags.None;
        var province = Checksums.Digits(v[..2]);
        var city = Checksums.Digits(v.Slice(2, 2));
        var county = Checksums.Digits(v.Slice(4, 2));
        if (Checksums.IsProvincePrefix(province) && city <= 90 && !(city == 0 && county != 0))
        {
            flags |= ValueFlags.RegionCode;
        }

        if (PostcodePrefixes[province])
        {
            flags |= ValueFlags.Postcode;
        }

        return flags;
    }

    private static ValueFlags ClassifyAlphanumeric(ReadOnlySpan<char> v, int digits, int letters)
    {
        var len = v.Length;
        if (len == 18 && digits >= 10)
        {
            return Checksums.CreditCodeStructure(v) switch
            {
                Checksums.IdStructure.Valid => ValueFlags.CreditCode,
                Checksums.IdStructure.BadCheck => ValueFlags.CreditCodeBadCheck,
                _ => ValueFlags.None,
            };
        }

        if (len == 9 && letters <= 2 && char.IsAsciiLetterUpper(v[0]) && Checksums.IsAllDigits(v[^7..]))
        {
            var first = v[0];
            var second = v[1];
            if ("EGDSPHCKM".Contains(first) && (char.IsAsciiDigit(second) || (char.IsAsciiLetterUpper(second) && second is not 'I' and not 'O')))
            {
                return ValueFlags.Passport;
            }

            return ValueFlags.PassportLike;
        }

        if (len is >= 7 and <= 10 && letters is >= 1 and <= 2 && char.IsAsciiLetter(v[0]))
        {
            return ValueFlags.PassportLike;
        }

        return digits == 0 ? Lookup(v) : ValueFlags.None;
    }

    private static ValueFlags ClassifyMasked(ReadOnlySpan<char> v, int digits, int letters, int han, int star, int at, int dot)
    {
        var len = v.Length;
        if (at == 1)
        {
            return ValueFlags.EmailMasked | ValueFlags.Masked;
        }

        if (han == 0)
        {
            var x = len > 0 && (v[^1] == 'X' || v[^1] == 'x') ? 1 : 0;
            if (len is 18 or 15 && digits + star + x == len && digits >= 4)
            {
                return ValueFlags.ResidentIdMasked | ValueFlags.Masked;
            }

            if (len == 11 && digits + star == len && v[0] == '1')
            {
                return ValueFlags.MobileMasked | ValueFlags.Masked;
            }

            var core = digits + star;
            if (core is >= 16 and <= 19 && letters == 0 && dot == 0)
            {
                return ValueFlags.BankCardMasked | ValueFlags.Masked;
            }

            if (dot == 3 && letters == 0)
            {
                return ValueFlags.IpMasked | ValueFlags.Masked;
            }

            return ValueFlags.Masked;
        }

        if (han + star == len && len is >= 2 and <= 4 && (Lexicons.SurnameChars.Contains(v[0]) || v[0] is '*' or '＊'))
        {
            return ValueFlags.NameMasked | ValueFlags.Masked;
        }

        if (len is >= 7 and <= 9 && Lexicons.PlateProvinces.Contains(v[0]))
        {
            return ValueFlags.PlateMasked | ValueFlags.Masked;
        }

        if (han >= 4 && (AddressFlags(v) & ValueFlags.Address) != 0)
        {
            return ValueFlags.AddressMasked | ValueFlags.Masked;
        }

        return ValueFlags.Masked;
    }

    internal static bool IsChineseName(ReadOnlySpan<char> v)
    {
        if (Lexicons.NonNameEndings.Contains(v[^1]))
        {
            return false;
        }

        if (v.Length >= 3 && Lexicons.CompoundSurnames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(v[..2]))
        {
            return true;
        }

        return Lexicons.SurnameChars.Contains(v[0]) && v.Length <= 3;
    }

    private static ValueFlags AddressFlags(ReadOnlySpan<char> v)
    {
        bool admin = false, sub = false, road = false, number = false;
        var previous = '\0';
        foreach (var c in v)
        {
            switch (c)
            {
                case '省' or '市' or '县' or '旗' or '州':
                    admin = true;
                    break;
                case '区':
                    admin = true;
                    sub |= previous is '社' or '小';
                    break;
                case '镇' or '乡' or '村':
                    sub = true;
                    break;
                case '道':
                    road = true;
                    sub |= previous == '街';
                    break;
                case '路' or '街' or '巷' or '弄':
                    road = true;
                    break;
                case '同':
                    road |= previous == '胡';
                    break;
                case '号' or '栋' or '幢' or '室' or '楼' or '层' or '组':
                    number |= char.IsAsciiDigit(previous) || previous is '一' or '二' or '三' or '四' or '五' or '六' or '七' or '八' or '九' or '十' or '百' or '零';
                    break;
            }

            previous = c;
        }

        var score = (admin ? 1 : 0) + (sub ? 1 : 0) + (road ? 1 : 0) + (number ? 1 : 0);
        return (number && (road || sub)) || score >= 3 ? ValueFlags.Address : ValueFlags.None;
    }

    private static bool IsPlate(ReadOnlySpan<char> v)
    {
        var rest = v[1..];
        if (!char.IsAsciiLetterUpper(rest[0]))
        {
            return false;
        }

        rest = rest[1..];
        if (rest.Length > 0 && rest[0] is '·' or '•' or ' ' or '-')
        {
            rest = rest[1..];
        }

        if (rest.Length > 0 && rest[^1] is '挂' or '学' or '警' or '港' or '澳' or '领' or '试' or '超')
        {
            rest = rest[..^1];
            return rest.Length == 4 && IsPlateBody(rest);
        }

        return rest.Length is 5 or 6 && IsPlateBody(rest);
    }

    private static bool IsPlateBody(ReadOnlySpan<char> body)
    {
        var digits = 0;
        foreach (var c in body)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!char.IsAsciiLetterUpper(c) || c is 'I' or 'O')
            {
                return false;
            }
        }

        return digits >= 2;
    }

    private static bool IsEmail(ReadOnlySpan<char> v)
    {
        var at = v.IndexOf('@');
        if (at <= 0 || at >= v.Length - 3)
        {
            return false;
        }

        var local = v[..at];
        var domain = v[(at + 1)..];
        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '_' and not '-' and not '+' and not '%')
            {
                return false;
            }
        }

        var lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0 || domain.Length - lastDot - 1 < 2 || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in domain)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '-')
            {
                return false;
            }
        }

        foreach (var c in domain[(lastDot + 1)..])
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIpv4(ReadOnlySpan<char> v)
    {
        var parts = 0;
        foreach (var range in v.Split('.'))
        {
            var part = v[range];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || Checksums.Digits(part) > 255)
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    private static bool IsIpv6(ReadOnlySpan<char> v)
    {
        foreach (var c in v)
        {
            if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
            {
                return false;
            }
        }

        return IPAddress.TryParse(v, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static ValueFlags ClassifyDecimal(ReadOnlySpan<char> v)
    {
        var dotAt = v.IndexOf('.');
        var decimals = v.Length - dotAt - 1;
        if (decimals >= 4 && double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && Math.Abs(d) <= 180)
        {
            return ValueFlags.DecimalDegree | ValueFlags.Decimal;
        }

        return ValueFlags.Decimal;
    }

    private static bool IsCoordinatePair(ReadOnlySpan<char> v)
    {
        var sep = v.IndexOfAny(",， ");
        if (sep <= 0)
        {
            return false;
        }

        if (!TryPreciseDegree(v[..sep].Trim(), out var a) || !TryPreciseDegree(v[(sep + 1)..].Trim(), out var b))
        {
            return false;
        }

        return Math.Abs(a) <= 180 && Math.Abs(b) <= 180 && (Math.Abs(a) <= 90 || Math.Abs(b) <= 90);
    }

    private static bool TryPreciseDegree(ReadOnlySpan<char> v, out double degrees)
    {
        degrees = 0;
        var dotAt = v.IndexOf('.');
        return dotAt > 0 && v.Length - dotAt - 1 >= 4
            && double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out degrees);
    }

    private static ValueFlags ClassifyPhoneOrCard(ReadOnlySpan<char> v)
    {
        Span<char> buffer = stackalloc char[24];
        var n = 0;
        foreach (var c in v)
        {
            if (char.IsAsciiDigit(c))
            {
                if (n == buffer.Length)
                {
                    return ValueFlags.None;
                }

                buffer[n++] = c;
            }
        }

        var d = buffer[..n];
        var international = v.StartsWith("+86") || v.StartsWith("0086") || v.StartsWith("(+86)") || v.StartsWith("（+86）");
        if (international)
        {
            d = d[(v.StartsWith("0086") ? 4 : 2)..];
            if (d.Length > 0 && d[0] != '1')
            {
                // +86 10 12345678: an area code without its trunk zero.
                return d.Length is >= 9 and <= 11 ? ValueFlags.Landline : ValueFlags.None;
            }
        }

        if (d.Length == 11 && d[0] == '1' && d[1] >= '3')
        {
            return ValueFlags.Mobile;
        }

        if (d.Length >= 10 && d[0] == '0' && d[1] != '0')
        {
            var firstGroup = v.IndexOfAny("- )）");
            // 0xx(x)-xxxxxxx(x), optionally with an extension.
            if (d.Length <= 12 || firstGroup is 3 or 4 or 5)
            {
                return ValueFlags.Landline;
            }
        }

        if (d.Length is >= 16 and <= 19 && d[0] is >= '3' and <= '6')
        {
            return Checksums.PassesLuhn(d) ? ValueFlags.BankCard | ValueFlags.BankCardLuhn : ValueFlags.BankCard;
        }

        if (d.Length is 7 or 8 && d[0] is not '0' and not '1')
        {
            return ValueFlags.LocalPhone;
        }

        return ValueFlags.None;
    }

    private static bool ParseCompactDate(ReadOnlySpan<char> v, out int year)
    {
        year = Checksums.Digits(v[..4]);
        var ok = Checksums.IsPlausibleBirthDate(year, Checksums.Digits(v.Slice(4, 2)), Checksums.Digits(v.Slice(6, 2)));
        if (!ok)
        {
            year = 0;
        }

        return ok;
    }

    /// <summary>yyyy-M-d, yyyy/M/d, yyyy.M.d, yyyy年M月d日 and yyyy-MM / yyyy年M月, with an optional time part.</summary>
    private static ValueFlags ClassifyDate(ReadOnlySpan<char> v, ref int year)
    {
        Span<int> parts = stackalloc int[3];
        var count = 0;
        var i = 0;
        var hasTime = false;
        while (i < v.Length && count < 3)
        {
            var start = i;
            while (i < v.Length && char.IsAsciiDigit(v[i]))
            {
                i++;
            }

            if (i == start || i - start > 4 || (count == 0 && i - start != 4) || (count > 0 && i - start > 2))
            {
                return ValueFlags.None;
            }

            parts[count++] = Checksums.Digits(v[start..i]);
            if (i >= v.Length)
            {
                break;
            }

            var sep = v[i];
            if (sep is '-' or '/' or '.' or '年' or '月')
            {
                i++;
                continue;
            }

            if (sep is '日' or ' ' or 'T')
            {
                i++;
                break;
            }

            return ValueFlags.None;
        }

        var rest = v[Math.Min(i, v.Length)..].Trim();
        if (!rest.IsEmpty)
        {
            if (rest.Contains(':'))
            {
                hasTime = true;
            }
            else if (!(rest.Length == 1 && rest[0] is '日' or '月'))
            {
                return ValueFlags.None;
            }
        }

        if (count == 2 && parts[0] >= 1900 && parts[0] <= Checksums.Today.Year && parts[1] is >= 1 and <= 12)
        {
            year = parts[0];
            return ValueFlags.YearMonth;
        }

        if (count == 3 && Checksums.IsPlausibleBirthDate(parts[0], parts[1], parts[2]))
        {
            year = parts[0];
            return hasTime ? ValueFlags.DateTime : ValueFlags.Date;
        }

        return ValueFlags.None;
    }

    private static bool[] BuildPostcodePrefixes()
    {
        // First two digits of Chinese postcodes in use (the province zones).
        int[] prefixes =
        [
            1, 2, 3, 5, 6, 7, 10, 11, 12, 13, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36, 40, 41, 42, 43,
            44, 45, 46, 47, 51, 52, 53, 54, 55, 56, 57, 61, 62, 63, 64, 65, 66, 67, 71, 72, 73, 74, 75, 81, 83, 84, 85, 86,
        ];
        var table = new bool[100];
        foreach (var p in prefixes)
        {
            table[p] = true;
        }

        return table;
    }
}
