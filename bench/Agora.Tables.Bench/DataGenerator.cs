using System.Globalization;
using System.Text;

namespace Agora.Tables.Bench;

/// <summary>Hospital visit records: id, GB/T 2260 region code, hospital, date, amount in yuan, category, age, sex.</summary>
internal static class DataGenerator
{
    private static readonly string[] Regions =
    [
        "110101", "110102", "110105", "110106", "110108", "310101", "310104", "310105", "310115", "440103", "440104", "440106",
        "330102", "330106", "510104", "510107", "420102", "420106", "320102", "320106", "610103", "610113", "500103", "500106",
    ];

    private static readonly string[] Cities = ["北京市", "上海市", "广州市", "杭州市", "成都市", "武汉市", "南京市", "西安市", "重庆市", "深圳市", "天津市", "长沙市"];
    private static readonly string[] Kinds = ["第一人民医院", "中医医院", "妇幼保健院", "儿童医院", "肿瘤医院", "口腔医院", "协和医院", "第三人民医院", "中西医结合医院", "社区卫生服务中心"];
    private static readonly string[] Categories = ["门诊", "住院", "急诊", "体检", "慢病随访", "康复治疗"];

    public static void Write(string path, int rows)
    {
        var random = new Random(20190308);
        var start = new DateOnly(2019, 1, 1);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("record_id,region_code,hospital,visit_date,amount,category,age,sex\n");
        for (var i = 1; i <= rows; i++)
        {
            writer.Write(i.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Regions[random.Next(Regions.Length)]);
            writer.Write(',');
            writer.Write(Cities[random.Next(Cities.Length)]);
            writer.Write(Kinds[random.Next(Kinds.Length)]);
            writer.Write(',');
            writer.Write(start.AddDays(random.Next(1826)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write((random.Next(1_000_000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Categories[random.Next(Categories.Length)]);
            writer.Write(',');
            writer.Write(random.Next(100).ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(random.Next(2) == 0 ? "男" : "女");
            writer.Write('\n');
        }
    }

    public static void ToGb18030(string source, string target)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var reader = new StreamReader(source, Encoding.UTF8);
        using var writer = new StreamWriter(target, false, Encoding.GetEncoding("GB18030"), 1 << 20);
        var buffer = new char[1 << 16];
        int read;
        while ((read = reader.Read(buffer)) > 0)
        {
            writer.Write(buffer, 0, read);
        }
    }
}
