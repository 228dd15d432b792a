namespace Agora.Catalog.Vocabulary;

public sealed record LicenseTerm(string Id, string Zh, string En, string? Url, string? DisclaimerZh, string? DisclaimerEn);

/// <summary>The licences a dataset may carry.</summary>
public static class Licenses
{
    public const string GovernmentOpen = "gov-open-1.0";

    public static readonly IReadOnlyList<LicenseTerm> All =
    [
        new(GovernmentOpen, "政府公共数据开放许可协议 1.0", "Government Open Data Licence 1.0", null,
            "本数据由提供单位依法开放，按“现状”提供。提供单位不对数据的完整性、准确性、及时性作任何明示或默示的保证，"
            + "不对使用者因使用本数据造成的任何直接或间接损失承担责任。使用者应注明数据来源，不得利用本数据从事违法活动，"
            + "不得试图重新识别个人身份。",
            "The data is opened by its provider as the law requires and supplied \"as is\". The provider gives no warranty, "
            + "express or implied, of its completeness, accuracy or timeliness, and accepts no liability for any direct or "
            + "indirect loss arising from its use. Users must credit the source, must not use the data unlawfully and "
            + "must not attempt to re-identify any person."),
        new("CC-BY-4.0", "知识共享署名 4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/", null, null),
        new("CC-BY-SA-4.0", "知识共享署名-相同方式共享 4.0", "Creative Commons Attribution-ShareAlike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/", null, null),
        new("CC0-1.0", "知识共享 CC0 1.0 公共领域贡献", "Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/", null, null),
        new("ODbL-1.0", "开放数据库许可 1.0", "Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/", null, null),
        new("PDDL-1.0", "开放数据公共领域贡献与许可 1.0", "Open Data Commons Public Domain Dedication and License 1.0", "https://opendatacommons.org/licenses/pddl/1-0/", null, null),
        new("gov-sharing-1.0", "政务数据共享使用协议 1.0", "Government Data Sharing Agreement 1.0", null,
            "本数据仅供申请单位在批准的用途、范围和期限内履行职责使用，不得转让、公开或用于其他目的。",
            "The data may be used only by the requesting body, for the approved purpose, scope and period, to perform its duties; "
            + "it must not be passed on, published or used for any other purpose."),
    ];

    public static bool IsKnown(string id) => All.Any(l => l.Id == id);

    public static LicenseTerm? Find(string id) => All.FirstOrDefault(l => l.Id == id);
}
