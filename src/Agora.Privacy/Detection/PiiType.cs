using System.Text.Json.Serialization;

namespace Agora.Privacy.Detection;

/// <summary>What a column holds, as far as privacy is concerned.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PiiType>))]
public enum PiiType
{
    None = 0,

    // Direct identifiers: single out a person by themselves.
    ResidentId,
    Passport,
    MobilePhone,
    Landline,
    Email,
    BankCard,
    SocialCreditCode,
    PersonName,
    Address,
    LicensePlate,
    IpAddress,
    Coordinates,

    // Quasi-identifiers: identify in combination.
    BirthDate,
    Age,
    Sex,
    Ethnicity,
    RegionCode,
    Postcode,
    Occupation,
    Education,
    MaritalStatus,
}

/// <summary>Whether a finding identifies a person alone or in combination.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PiiCategory>))]
public enum PiiCategory
{
    None,
    DirectIdentifier,
    QuasiIdentifier,
}

public static class PiiTypes
{
    public static IReadOnlyList<PiiType> All { get; } = Enum.GetValues<PiiType>().Where(t => t != PiiType.None).ToArray();

    public static PiiCategory Category(this PiiType type) => type switch
    {
        PiiType.None => PiiCategory.None,
        >= PiiType.BirthDate => PiiCategory.QuasiIdentifier,
        _ => PiiCategory.DirectIdentifier,
    };

    /// <summary>
    /// Sensitive personal information in the sense of PIPL art. 28 / GB/T 35273 (identity documents, financial
    /// accounts, precise location, ethnicity as a marker of belief and origin).
    /// </summary>
    public static bool IsSensitive(this PiiType type) => type is PiiType.ResidentId or PiiType.Passport or PiiType.BankCard or PiiType.Coordinates or PiiType.Ethnicity;

    /// <summary>The camelCase name used in JSON and in the classification rules.</summary>
    public static string Code(this PiiType type) => JsonNamingPolicyCache.Camel(type.ToString());

    public static bool TryParse(string code, out PiiType type) =>
        Enum.TryParse(code.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out type);

    public static string ChineseName(this PiiType type) => type switch
    {
        PiiType.ResidentId => "居民身份证号码",
        PiiType.Passport => "护照/通行证号码",
        PiiType.MobilePhone => "手机号码",
        PiiType.Landline => "固定电话",
        PiiType.Email => "电子邮箱",
        PiiType.BankCard => "银行卡号",
        PiiType.SocialCreditCode => "统一社会信用代码",
        PiiType.PersonName => "姓名",
        PiiType.Address => "详细地址",
        PiiType.LicensePlate => "机动车号牌",
        PiiType.IpAddress => "IP地址",
        PiiType.Coordinates => "精确坐标",
        PiiType.BirthDate => "出生日期",
        PiiType.Age => "年龄",
        PiiType.Sex => "性别",
        PiiType.Ethnicity => "民族",
        PiiType.RegionCode => "行政区划代码",
        PiiType.Postcode => "邮政编码",
        PiiType.Occupation => "职业",
        PiiType.Education => "学历",
        PiiType.MaritalStatus => "婚姻状况",
        _ => "无",
    };
}

internal static class JsonNamingPolicyCache
{
    public static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
