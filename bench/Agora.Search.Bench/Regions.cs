namespace Agora.Search.Bench;

/// <summary>A GB/T 2260 division with its Chinese and English names.</summary>
internal sealed record Region(string Code, string Zh, string En, string Level, Region? Parent)
{
    /// <summary>Names as publishers write them: a district is preceded by its city (北京市朝阳区).</summary>
    public string FullZh => Parent is { Level: not "national" } parent && Level == "county" ? parent.FullZh + Zh : Zh;

    public string FullEn => Parent is { Level: not "national" } parent && Level == "county" ? $"{En}, {parent.FullEn}" : En;

    public Region Province => Parent is { Level: not "national" } parent ? parent.Province : this;
}

/// <summary>
/// The provinces, three prefecture-level cities of each and three districts of each capital: real names and codes,
/// enough variety for realistic text without shipping the whole division table.
/// </summary>
internal static class Regions
{
    // province code, 中文, English, capital districts (中文/English), then cities as code:中文:English.
    private static readonly string[] Table =
    [
        "11|北京市|Beijing|01:东城区:Dongcheng District,05:朝阳区:Chaoyang District,08:海淀区:Haidian District|",
        "12|天津市|Tianjin|01:和平区:Heping District,02:河东区:Hedong District,16:滨海新区:Binhai New Area|",
        "13|河北省|Hebei|02:长安区:Chang'an District,04:桥西区:Qiaoxi District,05:新华区:Xinhua District|01:石家庄市:Shijiazhuang,02:唐山市:Tangshan,06:保定市:Baoding",
        "14|山西省|Shanxi|05:小店区:Xiaodian District,06:迎泽区:Yingze District,07:杏花岭区:Xinghualing District|01:太原市:Taiyuan,02:大同市:Datong,07:晋中市:Jinzhong",
        "15|内蒙古自治区|Inner Mongolia|02:新城区:Xincheng District,03:回民区:Huimin District,05:赛罕区:Saihan District|01:呼和浩特市:Hohhot,02:包头市:Baotou,04:赤峰市:Chifeng",
        "21|辽宁省|Liaoning|02:和平区:Heping District,03:沈河区:Shenhe District,05:皇姑区:Huanggu District|01:沈阳市:Shenyang,02:大连市:Dalian,03:鞍山市:Anshan",
        "22|吉林省|Jilin|02:南关区:Nanguan District,03:宽城区:Kuancheng District,04:朝阳区:Chaoyang District|01:长春市:Changchun,02:吉林市:Jilin City,03:四平市:Siping",
        "23|黑龙江省|Heilongjiang|02:道里区:Daoli District,03:南岗区:Nangang District,04:道外区:Daowai District|01:哈尔滨市:Harbin,02:齐齐哈尔市:Qiqihar,06:大庆市:Daqing",
        "31|上海市|Shanghai|01:黄浦区:Huangpu District,04:徐汇区:Xuhui District,15:浦东新区:Pudong New Area|",
        "32|江苏省|Jiangsu|02:玄武区:Xuanwu District,04:秦淮区:Qinhuai District,06:鼓楼区:Gulou District|01:南京市:Nanjing,02:无锡市:Wuxi,05:苏州市:Suzhou",
        "33|浙江省|Zhejiang|02:上城区:Shangcheng District,05:拱墅区:Gongshu District,06:西湖区:Xihu District|01:杭州市:Hangzhou,02:宁波市:Ningbo,03:温州市:Wenzhou",
        "34|安徽省|Anhui|02:瑶海区:Yaohai District,03:庐阳区:Luyang District,04:蜀山区:Shushan District|01:合肥市:Hefei,02:芜湖市:Wuhu,03:蚌埠市:Bengbu",
        "35|福建省|Fujian|02:鼓楼区:Gulou District,03:台江区:Taijiang District,04:仓山区:Cangshan District|01:福州市:Fuzhou,02:厦门市:Xiamen,05:泉州市:Quanzhou",
        "36|江西省|Jiangxi|02:东湖区:Donghu District,03:西湖区:Xihu District,04:青云谱区:Qingyunpu District|01:南昌市:Nanchang,04:九江市:Jiujiang,07:赣州市:Ganzhou",
        "37|山东省|Shandong|02:历下区:Lixia District,03:市中区:Shizhong District,04:槐荫区:Huaiyin District|01:济南市:Jinan,02:青岛市:Qingdao,06:烟台市:Yantai",
        "41|河南省|Henan|02:中原区:Zhongyuan District,03:二七区:Erqi District,05:金水区:Jinshui District|01:郑州市:Zhengzhou,02:开封市:Kaifeng,03:洛阳市:Luoyang",
        "42|湖北省|Hubei|02:江岸区:Jiang'an District,03:江汉区:Jianghan District,06:武昌区:Wuchang District|01:武汉市:Wuhan,02:黄石市:Huangshi,05:宜昌市:Yichang",
        "43|湖南省|Hunan|02:芙蓉区:Furong District,03:天心区:Tianxin District,04:岳麓区:Yuelu District|01:长沙市:Changsha,02:株洲市:Zhuzhou,03:湘潭市:Xiangtan",
        "44|广东省|Guangdong|03:荔湾区:Liwan District,04:越秀区:Yuexiu District,06:天河区:Tianhe District|01:广州市:Guangzhou,03:深圳市:Shenzhen,06:佛山市:Foshan",
        "45|广西壮族自治区|Guangxi|02:兴宁区:Xingning District,03:青秀区:Qingxiu District,05:江南区:Jiangnan District|01:南宁市:Nanning,02:柳州市:Liuzhou,03:桂林市:Guilin",
        "46|海南省|Hainan|05:秀英区:Xiuying District,06:龙华区:Longhua District,07:琼山区:Qiongshan District|01:海口市:Haikou,02:三亚市:Sanya,04:儋州市:Danzhou",
        "50|重庆市|Chongqing|01:万州区:Wanzhou District,03:渝中区:Yuzhong District,05:江北区:Jiangbei District|",
        "51|四川省|Sichuan|04:锦江区:Jinjiang District,05:青羊区:Qingyang District,06:金牛区:Jinniu District|01:成都市:Chengdu,03:自贡市:Zigong,07:绵阳市:Mianyang",
        "52|贵州省|Guizhou|02:南明区:Nanming District,03:云岩区:Yunyan District,11:花溪区:Huaxi District|01:贵阳市:Guiyang,03:遵义市:Zunyi,04:安顺市:Anshun",
        "53|云南省|Yunnan|02:五华区:Wuhua District,03:盘龙区:Panlong District,11:官渡区:Guandu District|01:昆明市:Kunming,03:曲靖市:Qujing,04:玉溪市:Yuxi",
        "54|西藏自治区|Tibet|02:城关区:Chengguan District,03:堆龙德庆区:Doilungdeqen District,04:达孜区:Dagze District|01:拉萨市:Lhasa,02:日喀则市:Shigatse,03:昌都市:Qamdo",
        "61|陕西省|Shaanxi|02:新城区:Xincheng District,03:碑林区:Beilin District,04:莲湖区:Lianhu District|01:西安市:Xi'an,03:宝鸡市:Baoji,04:咸阳市:Xianyang",
        "62|甘肃省|Gansu|02:城关区:Chengguan District,03:七里河区:Qilihe District,04:西固区:Xigu District|01:兰州市:Lanzhou,03:金昌市:Jinchang,04:白银市:Baiyin",
        "63|青海省|Qinghai|02:城东区:Chengdong District,03:城中区:Chengzhong District,04:城西区:Chengxi District|01:西宁市:Xining,02:海东市:Haidong,28:海西蒙古族藏族自治州:Haixi",
        "64|宁夏回族自治区|Ningxia|04:兴庆区:Xingqing District,05:西夏区:Xixia District,06:金凤区:Jinfeng District|01:银川市:Yinchuan,02:石嘴山市:Shizuishan,03:吴忠市:Wuzhong",
        "65|新疆维吾尔自治区|Xinjiang|02:天山区:Tianshan District,03:沙依巴克区:Saybagh District,04:新市区:Xinshi District|01:乌鲁木齐市:Urumqi,02:克拉玛依市:Karamay,04:吐鲁番市:Turpan",
    ];

    public static Region National { get; } = new("100000", "", "", "national", null);

    public static IReadOnlyList<Region> All { get; } = Build();

    private static List<Region> Build()
    {
        var result = new List<Region>();
        foreach (var line in Table)
        {
            var parts = line.Split('|');
            var province = new Region(parts[0] + "0000", parts[1], parts[2], "provincial", National);
            result.Add(province);
            var municipality = parts[3].Length > 0 && parts[4].Length == 0;
            // Municipalities (北京, 上海…) have districts directly under the 市辖区 code xx01.
            var capital = municipality ? province : null;
            foreach (var city in parts[4].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var c = city.Split(':');
                var region = new Region(parts[0] + c[0] + "00", c[1], c[2], "municipal", province);
                result.Add(region);
                capital ??= region;
            }
            foreach (var district in parts[3].Split(','))
            {
                var d = district.Split(':');
                var cityCode = municipality ? "01" : capital!.Code.Substring(2, 2);
                result.Add(new Region(parts[0] + cityCode + d[0], d[1], d[2], "county", capital));
            }
        }
        return result;
    }
}
