namespace Agora.Search.Indexing;

/// <summary>GB/T 2260 codes: two digits of province, two of city, two of county; zeros where a level is absent.</summary>
internal static class RegionCodes
{
    public static bool IsValid(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    public static string Province(string code) => string.Concat(code.AsSpan(0, 2), "0000");

    public static string City(string code) => string.Concat(code.AsSpan(0, 4), "00");

    public static bool IsProvince(string code) => code.EndsWith("0000", StringComparison.Ordinal);

    public static bool IsCity(string code) => !IsProvince(code) && code.EndsWith("00", StringComparison.Ordinal);
}
