using System.Globalization;

namespace Agora.Privacy.Detection;

/// <summary>Turns the value counts and the column name of one column into a finding with evidence.</summary>
internal static class ColumnDecision
{
    /// <summary>How a type is recognised from values.</summary>
    /// <param name="Full">Flags that count as a full match.</param>
    /// <param name="Partial">Flags that count with a weight (e.g. a wrong check character).</param>
    /// <param name="Masked">Flags of masked values of this type.</param>
    /// <param name="HintOnly">Flags that count only when the column name agrees (a bare 1/2 for sex).</param>
    /// <param name="Specificity">How sure a full value match is without a name hint.</param>
    /// <param name="HintAlone">Score when the name says so but the values do not (free text, foreign formats).</param>
    private sealed record Rule(PiiType Type, ValueFlags Full, ValueFlags Partial, double PartialWeight, ValueFlags Masked, ValueFlags HintOnly, double Specificity, double HintAlone, string Phrase);

    private static readonly Rule[] Rules =
    [
        new(PiiType.ResidentId, ValueFlags.ResidentId | ValueFlags.ResidentIdLegacy, ValueFlags.ResidentIdBadCheck, 0.7, ValueFlags.ResidentIdMasked, ValueFlags.None, 0.98, 0.45, "resident ID numbers with a valid GB 11643 check character, province and birth date"),
        new(PiiType.Passport, ValueFlags.Passport, ValueFlags.PassportLike, 0.4, ValueFlags.None, ValueFlags.PassportLike, 0.75, 0.55, "Chinese passport or travel-permit numbers (E/G/D/S/P + 8 characters)"),
        new(PiiType.MobilePhone, ValueFlags.Mobile, ValueFlags.None, 0, ValueFlags.MobileMasked, ValueFlags.None, 0.93, 0.35, "mainland mobile numbers (1[3-9] + 9 digits)"),
        new(PiiType.Landline, ValueFlags.Landline, ValueFlags.None, 0, ValueFlags.None, ValueFlags.LocalPhone, 0.85, 0.35, "landline numbers with an area code"),
        new(PiiType.Email, ValueFlags.Email, ValueFlags.None, 0, ValueFlags.EmailMasked, ValueFlags.None, 0.98, 0.35, "e-mail addresses"),
        new(PiiType.BankCard, ValueFlags.BankCard, ValueFlags.None, 0, ValueFlags.BankCardMasked, ValueFlags.None, 0.6, 0.5, "16–19 digit card numbers with a card-scheme prefix"),
        new(PiiType.SocialCreditCode, ValueFlags.CreditCode, ValueFlags.CreditCodeBadCheck, 0.7, ValueFlags.None, ValueFlags.None, 0.97, 0.4, "unified social credit codes with a valid GB 32100 check character"),
        new(PiiType.PersonName, ValueFlags.Name, ValueFlags.None, 0, ValueFlags.NameMasked, ValueFlags.None, 0.85, 0.55, "Chinese personal names (a common surname and one or two given-name characters)"),
        new(PiiType.Address, ValueFlags.Address, ValueFlags.None, 0, ValueFlags.AddressMasked, ValueFlags.None, 0.9, 0.55, "street addresses (road, village or building with a number)"),
        new(PiiType.LicensePlate, ValueFlags.Plate, ValueFlags.None, 0, ValueFlags.PlateMasked, ValueFlags.None, 0.95, 0.4, "licence plates (province abbreviation, letter, five or six characters)"),
        new(PiiType.IpAddress, ValueFlags.Ip, ValueFlags.None, 0, ValueFlags.IpMasked, ValueFlags.None, 0.97, 0.4, "IPv4 or IPv6 addresses"),
        new(PiiType.Coordinates, ValueFlags.CoordinatePair, ValueFlags.None, 0, ValueFlags.None, ValueFlags.DecimalDegree, 0.95, 0.45, "latitude/longitude pairs with at least four decimals (about 10 m)"),
        new(PiiType.BirthDate, ValueFlags.Date | ValueFlags.YearMonth, ValueFlags.DateTime, 0.5, ValueFlags.None, ValueFlags.None, 0.4, 0.5, "past dates"),
        new(PiiType.Age, ValueFlags.AgeWithUnit, ValueFlags.None, 0, ValueFlags.None, ValueFlags.AgeInteger, 0.95, 0.45, "ages"),
        new(PiiType.Sex, ValueFlags.Sex, ValueFlags.None, 0, ValueFlags.None, ValueFlags.SexCode, 0.95, 0.45, "sex values (男/女, male/female)"),
        new(PiiType.Ethnicity, ValueFlags.Ethnicity, ValueFlags.None, 0, ValueFlags.None, ValueFlags.None, 0.97, 0.5, "names of China's 56 ethnic groups"),
        new(PiiType.RegionCode, ValueFlags.RegionCode, ValueFlags.None, 0, ValueFlags.None, ValueFlags.None, 0.45, 0.4, "six-digit GB/T 2260 division codes"),
        new(PiiType.Postcode, ValueFlags.Postcode, ValueFlags.None, 0, ValueFlags.None, ValueFlags.None, 0.35, 0.4, "six-digit postcodes"),
        new(PiiType.Occupation, ValueFlags.Occupation, ValueFlags.OccupationSuffix, 0.7, ValueFlags.None, ValueFlags.None, 0.85, 0.6, "occupations (GB/T 6565 and common job titles)"),
        new(PiiType.Education, ValueFlags.Education, ValueFlags.None, 0, ValueFlags.None, ValueFlags.None, 0.92, 0.55, "education levels"),
        new(PiiType.MaritalStatus, ValueFlags.Marital, ValueFlags.None, 0, ValueFlags.None, ValueFlags.None, 0.93, 0.55, "marital statuses"),
    ];

    public const double Threshold = 0.5;

    public static ColumnFinding Decide(ColumnAccumulator acc)
    {
        var hints = ColumnNameHints.Match(acc.Name);
        var scored = new List<(Rule Rule, double Score, double Share, double MaskedShare, string? Keyword, double Extra)>();
        foreach (var rule in Rules)
        {
            var keyword = hints.FirstOrDefault(h => h.Type == rule.Type).Keyword?.TrimStart('=');
            var (score, share, masked, extra) = Score(acc, rule, keyword is not null);
            scored.Add((rule, score, share, masked, keyword, extra));
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        var best = scored[0];
        var type = best.Score >= Threshold ? best.Rule.Type : PiiType.None;
        var evidence = new List<string>();
        if (best.Keyword is not null && type != PiiType.None)
        {
            evidence.Add($"column name '{acc.Name}' contains '{best.Keyword}' ({type.ChineseName()})");
        }

        if (type != PiiType.None && acc.NonEmpty > 0)
        {
            evidence.Add($"{Pct(best.Share)} of {acc.NonEmpty.ToString("N0", CultureInfo.InvariantCulture)} non-empty values are {best.Rule.Phrase}");
            AddDetails(acc, best.Rule, best.MaskedShare, best.Extra, evidence);
        }
        else if (type != PiiType.None)
        {
            evidence.Add("every value is blank; the column name alone suggests the type");
        }
        else if (scored[0].Score > 0.2)
        {
            evidence.Add($"closest type {scored[0].Rule.Type} scored {scored[0].Score:0.00}, below the {Threshold:0.0} threshold");
        }

        if (acc.Rows > acc.NonEmpty)
        {
            evidence.Add($"{(acc.Rows - acc.NonEmpty).ToString("N0", CultureInfo.InvariantCulture)} of {acc.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows are blank");
        }

        return new ColumnFinding(
            acc.Name,
            acc.Index,
            type,
            type.Category(),
            Math.Round(type == PiiType.None ? 1 - best.Score : best.Score, 3),
            type.IsSensitive(),
            acc.Rows,
            acc.NonEmpty,
            acc.Distinct,
            Math.Round(type == PiiType.None ? 0 : best.Share, 4),
            Math.Round(type == PiiType.None ? 0 : best.MaskedShare, 4),
            evidence,
            scored.Where(s => s.Score > 0.05).Take(3).Select(s => new TypeCandidate(s.Rule.Type, Math.Round(s.Score, 3))).ToArray(),
            acc.Examples.Select(e => type.Category() == PiiCategory.QuasiIdentifier && type != PiiType.BirthDate ? e : MaskForDisplay(e)).ToArray());
    }

    private static (double Score, double Share, double Masked, double Extra) Score(ColumnAccumulator acc, Rule rule, bool hinted)
    {
        if (acc.NonEmpty == 0)
        {
            return (hinted ? 0.6 : 0, 0, 0, 0);
        }

        double n = acc.NonEmpty;
        var full = CountAll(acc, rule.Full);
        var partial = CountAll(acc, rule.Partial) * rule.PartialWeight;
        var masked = CountAll(acc, rule.Masked);
        var hintOnly = CountAll(acc, rule.HintOnly);
        var share = Math.Min(1, (full + partial + masked) / n);
        var maskedShare = masked / n;
        var specificity = rule.Specificity;
        double extra = 0;
        switch (rule.Type)
        {
            case PiiType.BankCard when full > 0:
                // Luhn is a signal: random digits pass one time in ten, real card columns mostly pass.
                extra = acc.Count(ValueFlags.BankCardLuhn) / full;
                specificity = 0.55 + (0.4 * Math.Min(1, extra / 0.6));
                break;
            case PiiType.BirthDate:
                // Birth dates spread over decades; event dates (registrations, transactions) cluster in recent years.
                if (acc.DistinctYears >= 12 && acc.MaxYear - acc.MinYear >= 25)
                {
                    specificity = 0.7;
                }

                extra = acc.DistinctYears;
                break;
            case PiiType.RegionCode:
                // Division codes of counties rarely end in 00 at every level; a column where region codes fit and postcodes do not is a region column.
                var post = acc.Count(ValueFlags.Postcode);
                if (full > 0 && post < full * 0.8)
                {
                    specificity = 0.75;
                }

                break;
            case PiiType.Postcode:
                var region = acc.Count(ValueFlags.RegionCode);
                if (full > 0 && region < full * 0.5)
                {
                    specificity = 0.7;
                }

                break;
            case PiiType.Sex:
                // Two or three distinct values (男/女/未知) are what a sex column has.
                if (acc.Distinct > 6)
                {
                    specificity *= 0.5;
                }

                break;
        }

        double score;
        if (hinted)
        {
            var hintedShare = Math.Min(1, share + (hintOnly / n));
            score = hintedShare >= 0.3 ? 0.6 + (0.4 * hintedShare) : Math.Max(rule.HintAlone, 0.6 * hintedShare);
            share = hintedShare;
        }
        else
        {
            score = share * specificity;
        }

        return (score, share, maskedShare, extra);
    }

    private static void AddDetails(ColumnAccumulator acc, Rule rule, double maskedShare, double extra, List<string> evidence)
    {
        double n = acc.NonEmpty;
        var partial = CountAll(acc, rule.Partial);
        if (partial > 0 && rule.Type is PiiType.ResidentId or PiiType.SocialCreditCode)
        {
            evidence.Add($"{Pct(partial / n)} have the right shape but a wrong check character (typos or fabricated numbers)");
        }

        if (maskedShare > 0)
        {
            evidence.Add($"{Pct(maskedShare)} are already masked (e.g. 110101********1234)");
        }

        if (rule.Type == PiiType.BankCard)
        {
            evidence.Add($"Luhn check passes for {Pct(extra)} of card-shaped values (a signal only: many Chinese cards fail it)");
        }

        if (rule.Type == PiiType.BirthDate && acc.DistinctYears > 0)
        {
            evidence.Add($"years {acc.MinYear}–{acc.MaxYear} ({acc.DistinctYears} distinct)");
        }

        var hintOnly = CountAll(acc, rule.HintOnly);
        if (hintOnly > 0 && rule.Type is PiiType.Age or PiiType.Sex or PiiType.Coordinates)
        {
            evidence.Add($"of which {Pct(hintOnly / n)} are {(rule.Type == PiiType.Age ? "integers from 0 to 120" : rule.Type == PiiType.Sex ? "GB/T 2261.1 sex codes (0/1/2/9)" : "decimal degrees with four or more decimals")}, counted because of the column name");
        }

        var distinctShare = acc.Distinct / n;
        if (rule.Type.Category() == PiiCategory.DirectIdentifier && distinctShare >= 0.5)
        {
            evidence.Add($"{(acc.DistinctCapped ? "at least " : string.Empty)}{acc.Distinct.ToString("N0", CultureInfo.InvariantCulture)} distinct values ({Pct(Math.Min(1, distinctShare))} of non-empty)");
        }
    }

    private static double CountAll(ColumnAccumulator acc, ValueFlags flags)
    {
        double total = 0;
        var bits = (ulong)flags;
        while (bits != 0)
        {
            var bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
            total += acc.FlagCounts[bit];
            bits &= bits - 1;
        }

        return total;
    }

    private static string Pct(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>Examples are shown to people: never print a full identifier.</summary>
    internal static string MaskForDisplay(string value)
    {
        var v = value.Trim();
        if (v.Length <= 1)
        {
            return v;
        }

        if (v.Length <= 3)
        {
            return v[0] + new string('*', v.Length - 1);
        }

        var keep = Math.Max(1, v.Length / 4);
        return string.Concat(v.AsSpan(0, keep), new string('*', v.Length - (2 * keep)), v.AsSpan(v.Length - keep));
    }
}
