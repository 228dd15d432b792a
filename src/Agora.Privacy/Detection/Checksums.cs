namespace Agora.Privacy.Detection;

/// <summary>Check characters and structural checks of Chinese identifiers.</summary>
public static class Checksums
{
    private static readonly int[] ResidentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string ResidentCheckChars = "10X98765432";
    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly sbyte[] CreditCodeValue = BuildCreditCodeValues();
    private static long _todayTicks;
    private static long _todayComputedAt;

    /// <summary>Today's date, recomputed at most once a minute: DateTime.Today converts time zones and is slow in a per-value loop.</summary>
    internal static DateTime Today
    {
        get
        {
            var now = Environment.TickCount64;
            if (Volatile.Read(ref _todayTicks) == 0 || now - Volatile.Read(ref _todayComputedAt) > 60_000)
            {
                Volatile.Write(ref _todayTicks, DateTime.Today.Ticks);
                Volatile.Write(ref _todayComputedAt, now);
            }

            return new DateTime(Volatile.Read(ref _todayTicks));
        }
    }

    private static sbyte[] BuildCreditCodeValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < CreditCodeAlphabet.Length; i++)
        {
            values[CreditCodeAlphabet[i]] = (sbyte)i;
            values[char.ToLowerInvariant(CreditCodeAlphabet[i])] = (sbyte)i;
        }

        return values;
    }

    private static int CreditValue(char c) => c < 128 ? CreditCodeValue[c] : -1;

    /// <summary>Province-level prefixes of GB/T 2260 codes (including Taiwan 71, Hong Kong 81, Macao 82).</summary>
    internal static bool IsProvincePrefix(int twoDigits) => twoDigits switch
    {
        >= 11 and <= 15 => true,
        >= 21 and <= 23 => true,
        >= 31 and <= 37 => true,
        >= 41 and <= 46 => true,
        >= 50 and <= 54 => true,
        >= 61 and <= 65 => true,
        71 or 81 or 82 => true,
        _ => false,
    };

    /// <summary>The GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits.</summary>
    public static char ResidentIdCheckChar(ReadOnlySpan<char> first17)
    {
        if (first17.Length < 17)
        {
            throw new ArgumentException("Seventeen digits are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var d = first17[i] - '0';
            if ((uint)d > 9)
            {
                throw new ArgumentException("Only digits are allowed.", nameof(first17));
            }

            sum += d * ResidentWeights[i];
        }

        return ResidentCheckChars[sum % 11];
    }

    /// <summary>
    /// True when the value is an 18-character resident identity number with a valid province, a real birth date
    /// (1900 to today) and the right check character.
    /// </summary>
    public static bool IsValidResidentId(ReadOnlySpan<char> value) => ResidentIdStructure(value) == IdStructure.Valid;

    internal enum IdStructure
    {
        NotAnId,

        /// <summary>Digits, province and birth date right, but the check character is wrong (a typo).</summary>
        BadCheck,
        Valid,
    }

    internal static IdStructure ResidentIdStructure(ReadOnlySpan<char> value)
    {
        if (value.Length != 18)
        {
            return IdStructure.NotAnId;
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return IdStructure.NotAnId;
            }
        }

        var last = value[17];
        if (!char.IsAsciiDigit(last) && last != 'X' && last != 'x')
        {
            return IdStructure.NotAnId;
        }

        if (!IsProvincePrefix(((value[0] - '0') * 10) + (value[1] - '0')))
        {
            return IdStructure.NotAnId;
        }

        var year = Digits(value.Slice(6, 4));
        var month = Digits(value.Slice(10, 2));
        var day = Digits(value.Slice(12, 2));
        if (!IsPlausibleBirthDate(year, month, day))
        {
            return IdStructure.NotAnId;
        }

        var check = ResidentIdCheckChar(value);
        return char.ToUpperInvariant(last) == check ? IdStructure.Valid : IdStructure.BadCheck;
    }

    /// <summary>A first-generation 15-digit number: region, yymmdd birth date, sequence; no check character.</summary>
    internal static bool IsLegacyResidentId(ReadOnlySpan<char> value)
    {
        if (value.Length != 15 || !IsAllDigits(value))
        {
            return false;
        }

        return IsProvincePrefix(Digits(value[..2])) && IsPlausibleBirthDate(1900 + Digits(value.Slice(6, 2)), Digits(value.Slice(8, 2)), Digits(value.Slice(10, 2)));
    }

    internal static bool IsPlausibleBirthDate(int year, int month, int day)
    {
        var today = Today;
        if (year < 1900 || year > today.Year || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        return new DateTime(year, month, day) <= today;
    }

    /// <summary>The Luhn (mod 10) check over the digits of the value, ignoring spaces and dashes.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> value)
    {
        var sum = 0;
        var digits = 0;
        var doubleIt = false;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var c = value[i];
            if (c is ' ' or '-')
            {
                continue;
            }

            var d = c - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
            digits++;
        }

        return digits >= 2 && sum % 10 == 0;
    }

    /// <summary>The Luhn check digit that makes the given digits pass.</summary>
    public static char LuhnCheckDigit(ReadOnlySpan<char> digitsWithoutCheck)
    {
        var sum = 0;
        var doubleIt = true;
        for (var i = digitsWithoutCheck.Length - 1; i >= 0; i--)
        {
            var d = digitsWithoutCheck[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>The GB 32100 check character of the first 17 characters of a unified social credit code, or '\0' if they are not in its alphabet.</summary>
    public static char CreditCodeCheckChar(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = CreditValue(first17[i]);
            if (v < 0)
            {
                return '\0';
            }

            sum += v * CreditCodeWeights[i];
        }

        var check = 31 - (sum % 31);
        return CreditCodeAlphabet[check == 31 ? 0 : check];
    }

    /// <summary>True for an 18-character unified social credit code with a known registration authority, a plausible region and the right GB 32100 check character.</summary>
    public static bool IsValidCreditCode(ReadOnlySpan<char> value) => CreditCodeStructure(value) == IdStructure.Valid;

    internal static IdStructure CreditCodeStructure(ReadOnlySpan<char> value)
    {
        if (value.Length != 18)
        {
            return IdStructure.NotAnId;
        }

        // Registration authority: 1 机构编制, 5 民政, 9 工商, Y 其他 and the rarer ones.
        if ("123456789ANY".IndexOf(char.ToUpperInvariant(value[0])) < 0 || !char.IsAsciiDigit(value[2]) || !IsAllDigits(value.Slice(2, 6)))
        {
            return IdStructure.NotAnId;
        }

        if (!IsProvincePrefix(Digits(value.Slice(2, 2))) && !(value[2] == '1' && value[3] == '0'))
        {
            return IdStructure.NotAnId;
        }

        var check = CreditCodeCheckChar(value);
        if (check == '\0' || CreditValue(value[17]) < 0)
        {
            return IdStructure.NotAnId;
        }

        return char.ToUpperInvariant(value[17]) == check ? IdStructure.Valid : IdStructure.BadCheck;
    }

    internal static bool IsAllDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !value.IsEmpty;
    }

    internal static int Digits(ReadOnlySpan<char> value)
    {
        var n = 0;
        foreach (var c in value)
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }
}
