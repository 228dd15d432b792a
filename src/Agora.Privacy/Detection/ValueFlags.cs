namespace Agora.Privacy.Detection;

/// <summary>What a single value looks like; a value may carry several flags (a six-digit number can be a region code and a postcode).</summary>
[Flags]
internal enum ValueFlags : ulong
{
    None = 0,
    ResidentId = 1UL << 0,
    ResidentIdBadCheck = 1UL << 1,
    ResidentIdLegacy = 1UL << 2,
    ResidentIdMasked = 1UL << 3,
    Passport = 1UL << 4,
    Mobile = 1UL << 5,
    MobileMasked = 1UL << 6,
    Landline = 1UL << 7,
    Email = 1UL << 8,
    EmailMasked = 1UL << 9,
    BankCard = 1UL << 10,
    BankCardLuhn = 1UL << 11,
    BankCardMasked = 1UL << 12,
    CreditCode = 1UL << 13,
    CreditCodeBadCheck = 1UL << 14,
    Name = 1UL << 15,
    NameMasked = 1UL << 16,
    Address = 1UL << 17,
    AddressMasked = 1UL << 18,
    Plate = 1UL << 19,
    PlateMasked = 1UL << 20,
    Ip = 1UL << 21,
    IpMasked = 1UL << 22,
    CoordinatePair = 1UL << 23,
    DecimalDegree = 1UL << 24,
    Date = 1UL << 25,
    DateTime = 1UL << 26,
    AgeInteger = 1UL << 27,
    AgeWithUnit = 1UL << 28,
    Sex = 1UL << 29,
    SexCode = 1UL << 30,
    Ethnicity = 1UL << 31,
    RegionCode = 1UL << 32,
    Postcode = 1UL << 33,
    Occupation = 1UL << 34,
    OccupationSuffix = 1UL << 35,
    Education = 1UL << 36,
    Marital = 1UL << 37,
    Integer = 1UL << 38,
    Decimal = 1UL << 39,
    Masked = 1UL << 40,
    LocalPhone = 1UL << 41,
    PassportLike = 1UL << 42,
    YearMonth = 1UL << 43,
}

internal static class ValueFlagCount
{
    public const int Bits = 44;
}
