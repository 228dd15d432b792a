using System.Globalization;
using Agora.Catalog.Validation;

namespace Agora.Wiring;

/// <summary>
/// What a demo table's row generator works with: a seeded random source, the publisher's place and the GB/T 2260
/// divisions under it, and helpers that write values the way government files do.
/// </summary>
internal sealed class DemoRows
{
    public static readonly string[] Roads = ["人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "长江路", "黄河路", "文化路", "学院路", "科技路", "光明路", "团结路", "胜利路", "友谊路", "朝阳路", "滨江路", "青年路", "东风路", "公园路"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强"];
    private static readonly string[] FirmWords = ["华兴", "恒通", "瑞丰", "鑫源", "宏达", "安康", "金桥", "天元", "惠民", "嘉禾", "博远", "新联", "永盛", "润泽", "银河", "东方", "汇智", "聚福", "广达", "益民", "德胜", "正大", "和信", "中城"];
    private static readonly string[] FirmTrades = ["科技", "商贸", "餐饮管理", "建筑工程", "物流", "医药", "食品", "文化传媒", "信息技术", "农业开发", "环保科技", "物业管理", "电子商务", "汽车服务", "教育咨询"];

    public DemoRows(Random random, string regionCode, string place, IReadOnlyList<Region> divisions, int rows)
    {
        Random = random;
        RegionCode = regionCode;
        Place = place;
        Divisions = divisions;
        Rows = rows;
    }

    public Random Random { get; }

    /// <summary>The publisher's own division code.</summary>
    public string RegionCode { get; }

    /// <summary>The publisher's place name: 北京市, 杭州市, 浦东新区; 全国 for national bodies.</summary>
    public string Place { get; }

    /// <summary>The divisions a publisher reports on: counties under a province or city, itself for a county, prefectures for a national body.</summary>
    public IReadOnlyList<Region> Divisions { get; }

    /// <summary>How many data rows to write.</summary>
    public int Rows { get; }

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public Region Division() => Pick(Divisions);

    /// <summary>The full place name of a county, for addresses: "浙江省杭州市西湖区".</summary>
    public static string PlaceOf(Region county) => RegionCodes.FullName(county.Code)!.Replace(" ", "", StringComparison.Ordinal);

    public string Address(Region county) => $"{PlaceOf(county)}{Pick(Roads)}{Random.Next(1, 400)}号";

    public string PersonName() => Pick(Surnames) + Pick(GivenNames);

    public string Firm(Region county, string? trade = null) =>
        $"{Short(county)}{Pick(FirmWords)}{trade ?? Pick(FirmTrades)}有限公司";

    /// <summary>A county's name without its suffix, as firms use it: 西湖, 朝阳.</summary>
    public static string Short(Region county) =>
        county.Name.Length > 2 && county.Name[^1] is '区' or '县' or '市' ? county.Name[..^1] : county.Name;

    /// <summary>A unified social credit code (GB 32100) registered in the county, with its check character.</summary>
    public string CreditCode(Region county) =>
        Catalog.Validation.CreditCode.WithCheckCharacter("91" + county.Code + Random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture) + Random.Next(10).ToString(CultureInfo.InvariantCulture)[0]);

    public string Phone(Region county) => $"{AreaCode(county.Code)}-{Random.Next(5_000_0000, 8_999_9999)}";

    public int Between(int min, int max) => Random.Next(min, max + 1);

    public double Around(double mean, double spread) => Math.Max(0, mean + ((Random.NextDouble() - 0.5) * 2 * spread));

    public static string Money(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Thousands separators, as spreadsheets export amounts: "12,345.60".</summary>
    public static string MoneyGrouped(double value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Chinese(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string ChineseMonth(DateOnly month) => month.ToString("yyyy年M月", CultureInfo.InvariantCulture);

    /// <summary>The <paramref name="index"/>-th month counted back from December 2025, oldest first when index runs down.</summary>
    public static DateOnly MonthsBack(int index) => new DateOnly(2025, 12, 1).AddMonths(-index);

    public DateOnly DateBetween(DateOnly from, DateOnly to) => from.AddDays(Random.Next(to.DayNumber - from.DayNumber + 1));

    private static string AreaCode(string code) => code[..2] switch
    {
        "11" => "010",
        "31" => "021",
        "33" => code[..4] == "3302" ? "0574" : "0571",
        "35" => code[..4] == "3502" ? "0592" : "0591",
        "52" => "0851",
        _ => "0" + code[..2] + "0",
    };
}
