using System.Globalization;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Hierarchies;

/// <summary>Builds hierarchies automatically for dates, ages, numbers and GB/T 2260 region codes.</summary>
public static class HierarchyBuilder
{
    public const string Top = "*";

    /// <summary>Date → year-month → year → decade → *. Accepts yyyy-MM-dd, yyyy/M/d, yyyyMMdd, yyyy年M月d日.</summary>
    public static Hierarchy Dates(string attribute, IEnumerable<string> values)
    {
        var rows = new List<string[]>();
        foreach (var value in Distinct(values))
        {
            if (!TryParseDate(value, out var date))
            {
                throw PrivacyInputException.Failure($"Column '{attribute}': '{value}' is not a date (expected yyyy-MM-dd), so no date hierarchy can be built.", null, null, attribute);
            }

            var decade = date.Year / 10 * 10;
            rows.Add([value, date.ToString("yyyy-MM", CultureInfo.InvariantCulture), date.Year.ToString(CultureInfo.InvariantCulture), $"{decade}-{decade + 9}", Top]);
        }

        return new Hierarchy(attribute, rows, "automatic:date");
    }

    /// <summary>Age → 5-year band → 10-year band → 20-year band → *, the bands ARX's adult example uses.</summary>
    public static Hierarchy Ages(string attribute, IEnumerable<string> values)
    {
        var rows = new List<string[]>();
        foreach (var value in Distinct(values))
        {
            var text = value.Trim().TrimEnd('岁').TrimEnd('周');
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var age) || age > 150)
            {
                throw PrivacyInputException.Failure($"Column '{attribute}': '{value}' is not an age in whole years, so no age hierarchy can be built.", null, null, attribute);
            }

            rows.Add([value, Band(age, 5), Band(age, 10), Band(age, 20), Top]);
        }

        return new Hierarchy(attribute, rows, "automatic:age");
    }

    /// <summary>
    /// Number → intervals whose width starts at a round step (about 1/32 of the range) and quadruples per level → *.
    /// Intervals are half-open: [low, high).
    /// </summary>
    public static Hierarchy Numbers(string attribute, IEnumerable<string> values, decimal? firstWidth = null)
    {
        var distinct = Distinct(values).ToArray();
        var parsed = new decimal[distinct.Length];
        for (var i = 0; i < distinct.Length; i++)
        {
            if (!decimal.TryParse(distinct[i], NumberStyles.Float, CultureInfo.InvariantCulture, out parsed[i]))
            {
                throw PrivacyInputException.Failure($"Column '{attribute}': '{distinct[i]}' is not a number, so no numeric hierarchy can be built.", null, null, attribute);
            }
        }

        if (distinct.Length == 0)
        {
            return new Hierarchy(attribute, [[string.Empty, Top]], "automatic:number");
        }

        var min = parsed.Min();
        var max = parsed.Max();
        var width = firstWidth ?? NiceStep((max - min) / 32m);
        var widths = new List<decimal>();
        for (var w = width; widths.Count < 8; w *= 4)
        {
            widths.Add(w);
            if (Math.Floor(min / w) == Math.Floor(max / w))
            {
                break;
            }
        }

        var rows = new List<string[]>();
        for (var i = 0; i < distinct.Length; i++)
        {
            var row = new string[widths.Count + 2];
            row[0] = distinct[i];
            for (var l = 0; l < widths.Count; l++)
            {
                var low = Math.Floor(parsed[i] / widths[l]) * widths[l];
                row[l + 1] = string.Create(CultureInfo.InvariantCulture, $"[{Trim(low)}, {Trim(low + widths[l])})");
            }

            row[^1] = Top;
            rows.Add(row);
        }

        return new Hierarchy(attribute, rows, "automatic:number");
    }

    /// <summary>GB/T 2260 six-digit codes: county → prefecture (xxxx00) → province (xx0000) → *.</summary>
    public static Hierarchy RegionCodes(string attribute, IEnumerable<string> values)
    {
        var rows = new List<string[]>();
        foreach (var value in Distinct(values))
        {
            var code = value.Trim();
            if (code.Length != 6 || !Checksums.IsAllDigits(code))
            {
                throw PrivacyInputException.Failure($"Column '{attribute}': '{value}' is not a six-digit GB/T 2260 division code.", null, null, attribute);
            }

            rows.Add([value, code[..4] + "00", code[..2] + "0000", Top]);
        }

        return new Hierarchy(attribute, rows, "automatic:region");
    }

    /// <summary>Value → *: for categories without a better hierarchy (generalizing means suppressing the value).</summary>
    public static Hierarchy Suppression(string attribute, IEnumerable<string> values) =>
        new(attribute, Distinct(values).Select(v => new[] { v, Top }).ToList(), "automatic:suppression");

    /// <summary>Chooses a builder from the values (and the column name for ages).</summary>
    public static Hierarchy Infer(string attribute, IReadOnlyCollection<string> values)
    {
        var distinct = Distinct(values).ToArray();
        var nonEmpty = distinct.Where(v => v.Length > 0).ToArray();
        if (nonEmpty.Length > 0 && distinct.Length == nonEmpty.Length)
        {
            var scanner = new PiiScanner().ScanColumn(attribute, values);
            if ((scanner.Type == PiiType.Age || nonEmpty.All(v => v.EndsWith('岁'))) && TryAll(nonEmpty, v => int.TryParse(v.TrimEnd('岁').TrimEnd('周'), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a <= 150))
            {
                return Ages(attribute, distinct);
            }

            if (nonEmpty.All(v => TryParseDate(v, out _)))
            {
                return Dates(attribute, distinct);
            }

            if (scanner.Type == PiiType.RegionCode && nonEmpty.All(v => v.Length == 6 && Checksums.IsAllDigits(v)))
            {
                return RegionCodes(attribute, distinct);
            }

            if (nonEmpty.All(v => decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) && nonEmpty.Length > 10)
            {
                return Numbers(attribute, distinct);
            }
        }

        return Suppression(attribute, distinct);
    }

    public static bool TryParseDate(string value, out DateOnly date)
    {
        string[] formats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];
        return DateOnly.TryParseExact(value.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    // Removes trailing zeros: 10.00 → 10.
    private static decimal Trim(decimal value) => value / 1.000000000000000000000000000000000m;

    private static bool TryAll(IEnumerable<string> values, Func<string, bool> test) => values.All(test);

    private static string Band(int age, int width)
    {
        var low = age / width * width;
        return string.Create(CultureInfo.InvariantCulture, $"{low}-{low + width - 1}");
    }

    private static decimal NiceStep(decimal raw)
    {
        if (raw <= 0)
        {
            return 1;
        }

        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)raw)));
        var fraction = raw / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static IEnumerable<string> Distinct(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal);
}
