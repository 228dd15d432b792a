namespace Agora.Tables.Ingest;

/// <summary>
/// The date and time spellings the engine reads. A form id packs the date spelling (0–7), the time spelling (0–3)
/// and whether a <c>T</c> separates them, so a column can record every form it has seen in one 64-bit mask.
/// </summary>
internal static class DateForms
{
    public const int YearMonthFirst = 5;

    private static readonly string[] DateParts = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%Y.%m.%d", "%Y年%m月", "%Y-%m", "%Y/%m"];
    private static readonly string[] DateLabels = ["yyyy-M-d", "yyyy/M/d", "yyyy年M月d日", "yyyyMMdd", "yyyy.M.d", "yyyy年M月", "yyyy-M", "yyyy/M"];
    private static readonly string[] TimeParts = ["", "%H:%M", "%H:%M:%S", "%H:%M:%S.%f"];
    private static readonly string[] TimeLabels = ["", "H:mm", "H:mm:ss", "H:mm:ss.f"];

    public static int Id(int date, int time, bool t) => (date << 3) | (time << 1) | (t ? 1 : 0);

    public static string StrptimeFormat(int id)
    {
        var date = id >> 3;
        var time = (id >> 1) & 3;
        return time == 0 ? DateParts[date] : DateParts[date] + ((id & 1) == 1 ? "T" : " ") + TimeParts[time];
    }

    public static string Label(int id)
    {
        var date = id >> 3;
        var time = (id >> 1) & 3;
        return time == 0 ? DateLabels[date] : DateLabels[date] + ((id & 1) == 1 ? "'T'" : " ") + TimeLabels[time];
    }

    public static IEnumerable<int> Ids(ulong mask)
    {
        for (var i = 0; i < 64; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                yield return i;
            }
        }
    }

    /// <summary>Reads a date, date-time or year-month; returns the mask bits it satisfies and its form id.</summary>
    public static TypeMask Parse(ReadOnlySpan<char> s, out int formId)
    {
        formId = 0;
        if (s.Length < 6 || !char.IsAsciiDigit(s[0]))
        {
            return TypeMask.None;
        }
        if (s.Length == 8 && IsDigits(s))
        {
            var y = Num(s[..4]);
            var m = Num(s.Slice(4, 2));
            var d = Num(s.Slice(6, 2));
            if (y is >= 1900 and <= 2100 && ValidDay(y, m, d))
            {
                formId = Id(3, 0, false);
                return TypeMask.Date | TypeMask.DateTime;
            }
            return TypeMask.None;
        }
        var i = 0;
        if (!ReadInt(s, ref i, 4, 4, out var year) || year < 1000 || i >= s.Length)
        {
            return TypeMask.None;
        }
        int form;
        char sep = s[i];
        switch (sep)
        {
            case '-': form = 0; break;
            case '/': form = 1; break;
            case '年': form = 2; break;
            case '.': form = 4; break;
            default: return TypeMask.None;
        }
        i++;
        if (!ReadInt(s, ref i, 1, 2, out var month) || month is < 1 or > 12)
        {
            return TypeMask.None;
        }
        if (form == 2)
        {
            if (i >= s.Length || s[i] != '月')
            {
                return TypeMask.None;
            }
            i++;
            if (i == s.Length)
            {
                formId = Id(5, 0, false);
                return TypeMask.YearMonth;
            }
        }
        else if (i == s.Length)
        {
            if (form is 0 or 1)
            {
                formId = Id(form == 0 ? 6 : 7, 0, false);
                return TypeMask.YearMonth;
            }
            return TypeMask.None;
        }
        else if (s[i] != sep)
        {
            return TypeMask.None;
        }
        else
        {
            i++;
        }
        if (!ReadInt(s, ref i, 1, 2, out var day) || !ValidDay(year, month, day))
        {
            return TypeMask.None;
        }
        if (form == 2)
        {
            if (i >= s.Length || s[i] != '日')
            {
                return TypeMask.None;
            }
            i++;
        }
        if (i == s.Length)
        {
            formId = Id(form, 0, false);
            return TypeMask.Date | TypeMask.DateTime;
        }
        var t = s[i] == 'T';
        if (s[i] != ' ' && !(t && form == 0))
        {
            return TypeMask.None;
        }
        i++;
        if (!ReadInt(s, ref i, 1, 2, out var hour) || hour > 23 || i >= s.Length || s[i] != ':')
        {
            return TypeMask.None;
        }
        i++;
        if (!ReadInt(s, ref i, 2, 2, out var minute) || minute > 59)
        {
            return TypeMask.None;
        }
        var time = 1;
        if (i < s.Length)
        {
            if (s[i] != ':')
            {
                return TypeMask.None;
            }
            i++;
            if (!ReadInt(s, ref i, 2, 2, out var second) || second > 59)
            {
                return TypeMask.None;
            }
            time = 2;
            if (i < s.Length)
            {
                if (s[i] != '.')
                {
                    return TypeMask.None;
                }
                i++;
                if (!ReadInt(s, ref i, 1, 6, out _) || i != s.Length)
                {
                    return TypeMask.None;
                }
                time = 3;
            }
        }
        formId = Id(form, time, t);
        return TypeMask.DateTime;
    }

    private static bool ValidDay(int y, int m, int d) => m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m);

    private static bool IsDigits(ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange('0', '9');

    private static int Num(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s)
        {
            n = (n * 10) + (c - '0');
        }
        return n;
    }

    private static bool ReadInt(ReadOnlySpan<char> s, ref int i, int min, int max, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < max && char.IsAsciiDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }
        return i - start >= min && (i >= s.Length || !char.IsAsciiDigit(s[i]));
    }
}
