using Agora.Catalog.Model;

namespace Agora.Catalog.Demo;

public sealed record DemoOrganization(
    string Slug, string NameZh, string NameEn, OrganizationLevel Level, string RegionCode, string? ParentSlug, string[] Themes);

/// <summary>The national bodies, the five provinces of the 2018 sharing pilots, some of their departments and cities.</summary>
public static class DemoOrganizations
{
    public static int Count => All.Length;

    public static readonly DemoOrganization[] All =
    [
        new("nhc", "国家卫生健康委员会", "National Health Commission", OrganizationLevel.National, "110000", null, ["healthcare", "population"]),
        new("mohrss", "人力资源和社会保障部", "Ministry of Human Resources and Social Security", OrganizationLevel.National, "110000", null, ["socialSecurity", "employment"]),
        new("moe", "教育部", "Ministry of Education", OrganizationLevel.National, "110000", null, ["educationCulture"]),
        new("mot", "交通运输部", "Ministry of Transport", OrganizationLevel.National, "110000", null, ["transportTourism"]),
        new("mct", "文化和旅游部", "Ministry of Culture and Tourism", OrganizationLevel.National, "110000", null, ["educationCulture", "transportTourism"]),
        new("mnr", "自然资源部", "Ministry of Natural Resources", OrganizationLevel.National, "110000", null, ["naturalResources"]),
        new("stats", "国家统计局", "National Bureau of Statistics", OrganizationLevel.National, "110000", null, ["macroEconomy", "population"]),
        new("samr", "国家市场监督管理总局", "State Administration for Market Regulation", OrganizationLevel.National, "110000", null, ["legalEntities", "marketRegulation", "credit"]),

        new("beijing", "北京市人民政府", "Beijing Municipal Government", OrganizationLevel.Provincial, "110000", null, ["governmentAffairs"]),
        new("beijing-jxj", "北京市经济和信息化局", "Beijing Municipal Bureau of Economy and Information Technology", OrganizationLevel.Provincial, "110000", "beijing", ["macroEconomy", "legalEntities"]),
        new("beijing-wjw", "北京市卫生健康委员会", "Beijing Municipal Health Commission", OrganizationLevel.Provincial, "110000", "beijing", ["healthcare"]),
        new("beijing-jtw", "北京市交通委员会", "Beijing Municipal Commission of Transport", OrganizationLevel.Provincial, "110000", "beijing", ["transportTourism", "publicSafety"]),
        new("beijing-sthjj", "北京市生态环境局", "Beijing Municipal Ecology and Environment Bureau", OrganizationLevel.Provincial, "110000", "beijing", ["environment"]),
        new("beijing-haidian", "北京市海淀区人民政府", "Haidian District Government, Beijing", OrganizationLevel.County, "110108", "beijing", ["educationCulture", "urbanConstruction"]),
        new("beijing-chaoyang", "北京市朝阳区人民政府", "Chaoyang District Government, Beijing", OrganizationLevel.County, "110105", "beijing", ["publicSafety", "urbanConstruction"]),

        new("shanghai", "上海市人民政府", "Shanghai Municipal Government", OrganizationLevel.Provincial, "310000", null, ["governmentAffairs"]),
        new("shanghai-rsj", "上海市人力资源和社会保障局", "Shanghai Municipal Human Resources and Social Security Bureau", OrganizationLevel.Provincial, "310000", "shanghai", ["socialSecurity", "employment"]),
        new("shanghai-jw", "上海市教育委员会", "Shanghai Municipal Education Commission", OrganizationLevel.Provincial, "310000", "shanghai", ["educationCulture"]),
        new("shanghai-scjgj", "上海市市场监督管理局", "Shanghai Administration for Market Regulation", OrganizationLevel.Provincial, "310000", "shanghai", ["legalEntities", "credit", "marketRegulation"]),
        new("shanghai-pudong", "上海市浦东新区人民政府", "Pudong New Area Government, Shanghai", OrganizationLevel.County, "310115", "shanghai", ["urbanConstruction", "transportTourism"]),

        new("zhejiang", "浙江省人民政府", "Zhejiang Provincial Government", OrganizationLevel.Provincial, "330000", null, ["governmentAffairs"]),
        new("zhejiang-dsj", "浙江省大数据发展管理局", "Zhejiang Big Data Development Administration", OrganizationLevel.Provincial, "330000", "zhejiang", ["macroEconomy", "credit"]),
        new("zhejiang-wjw", "浙江省卫生健康委员会", "Health Commission of Zhejiang Province", OrganizationLevel.Provincial, "330000", "zhejiang", ["healthcare"]),
        new("zhejiang-zrzyt", "浙江省自然资源厅", "Department of Natural Resources of Zhejiang Province", OrganizationLevel.Provincial, "330000", "zhejiang", ["naturalResources", "agriculture"]),
        new("hangzhou", "杭州市人民政府", "Hangzhou Municipal Government", OrganizationLevel.Municipal, "330100", "zhejiang", ["transportTourism", "urbanConstruction"]),
        new("hangzhou-wlj", "杭州市文化广电旅游局", "Hangzhou Bureau of Culture, Radio, Television and Tourism", OrganizationLevel.Municipal, "330100", "hangzhou", ["educationCulture", "transportTourism"]),
        new("ningbo", "宁波市人民政府", "Ningbo Municipal Government", OrganizationLevel.Municipal, "330200", "zhejiang", ["transportTourism", "environment"]),

        new("fujian", "福建省人民政府", "Fujian Provincial Government", OrganizationLevel.Provincial, "350000", null, ["governmentAffairs"]),
        new("fujian-ybj", "福建省医疗保障局", "Fujian Healthcare Security Administration", OrganizationLevel.Provincial, "350000", "fujian", ["socialSecurity", "healthcare"]),
        new("fujian-nynct", "福建省农业农村厅", "Department of Agriculture and Rural Affairs of Fujian Province", OrganizationLevel.Provincial, "350000", "fujian", ["agriculture"]),
        new("fuzhou", "福州市人民政府", "Fuzhou Municipal Government", OrganizationLevel.Municipal, "350100", "fujian", ["urbanConstruction", "publicSafety"]),
        new("xiamen", "厦门市人民政府", "Xiamen Municipal Government", OrganizationLevel.Municipal, "350200", "fujian", ["transportTourism", "environment"]),

        new("guizhou", "贵州省人民政府", "Guizhou Provincial Government", OrganizationLevel.Provincial, "520000", null, ["governmentAffairs"]),
        new("guizhou-dsjj", "贵州省大数据发展管理局", "Guizhou Big Data Development Administration", OrganizationLevel.Provincial, "520000", "guizhou", ["macroEconomy", "legalEntities"]),
        new("guizhou-tjj", "贵州省统计局", "Guizhou Provincial Bureau of Statistics", OrganizationLevel.Provincial, "520000", "guizhou", ["macroEconomy", "population"]),
        new("guizhou-gat", "贵州省公安厅", "Public Security Department of Guizhou Province", OrganizationLevel.Provincial, "520000", "guizhou", ["publicSafety", "population"]),
        new("guiyang", "贵阳市人民政府", "Guiyang Municipal Government", OrganizationLevel.Municipal, "520100", "guizhou", ["transportTourism", "environment", "educationCulture"]),
        new("zunyi", "遵义市人民政府", "Zunyi Municipal Government", OrganizationLevel.Municipal, "520300", "guizhou", ["agriculture", "transportTourism"]),
    ];
}
