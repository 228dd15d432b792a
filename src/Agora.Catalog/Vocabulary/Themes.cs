namespace Agora.Catalog.Vocabulary;

public sealed record VocabularyTerm(string Code, string Zh, string En);

/// <summary>The controlled theme vocabulary: the 2015 plan's priority areas, the four base registries and more.</summary>
public static class Themes
{
    public static readonly IReadOnlyList<VocabularyTerm> All =
    [
        new("healthcare", "医疗卫生", "Healthcare"),
        new("socialSecurity", "社会保障", "Social security"),
        new("educationCulture", "教育文化", "Education and culture"),
        new("transportTourism", "交通旅游", "Transportation and tourism"),
        new("population", "人口基础信息", "Population"),
        new("legalEntities", "法人单位基础信息", "Legal entities"),
        new("naturalResources", "自然资源和空间地理", "Natural resources and geography"),
        new("macroEconomy", "宏观经济", "Macro-economy"),
        new("credit", "信用服务", "Credit"),
        new("environment", "生态环境", "Environment"),
        new("agriculture", "农业农村", "Agriculture"),
        new("publicSafety", "公共安全", "Public safety"),
        new("urbanConstruction", "城建住房", "Urban construction and housing"),
        new("employment", "劳动就业", "Employment"),
        new("finance", "财税金融", "Public finance"),
        new("scienceTechnology", "科技创新", "Science and technology"),
        new("marketRegulation", "市场监管", "Market regulation"),
        new("governmentAffairs", "机构团体", "Government affairs"),
    ];

    private static readonly HashSet<string> Codes = All.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string code) => Codes.Contains(code);

    public static VocabularyTerm? Find(string code) => All.FirstOrDefault(t => t.Code == code);
}
