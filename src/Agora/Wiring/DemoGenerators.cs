using Agora.Catalog.Validation;
using static Agora.Wiring.DemoRows;

namespace Agora.Wiring;

/// <summary>
/// Row generators of the demo tables, one per dataset template; each yields the values in the order of the
/// template's fields, as text written the way government files write them.
/// </summary>
internal static class DemoGenerators
{
    private static readonly DateOnly Today = new(2025, 12, 31);

    public static IEnumerable<string?[]> MedicalInstitutions(DemoRows g)
    {
        string[] categories = ["综合医院", "中医医院", "专科医院", "社区卫生服务中心", "乡镇卫生院", "诊所", "门诊部", "妇幼保健院"];
        string[] grades = ["三级甲等", "三级乙等", "二级甲等", "二级乙等", "一级", "未定级"];
        foreach (var (name, county, category) in Hospitals(g, g.Rows, categories))
        {
            var big = category is "综合医院" or "中医医院" or "专科医院" or "妇幼保健院";
            var grade = big ? grades[g.Random.Next(4)] : category is "社区卫生服务中心" or "乡镇卫生院" ? "一级" : "未定级";
            var beds = big ? g.Between(100, 2500) : category == "诊所" ? 0 : g.Between(0, 120);
            yield return [name, category, grade, g.Address(county), Integer(beds), county.Code, g.Phone(county)];
        }
    }

    public static IEnumerable<string?[]> OutpatientVisits(DemoRows g)
    {
        const int Months = 60;
        var hospitals = Hospitals(g, (g.Rows + Months - 1) / Months, ["综合医院", "中医医院", "专科医院", "社区卫生服务中心"]).ToList();
        var scale = hospitals.Select(h => h.Category == "社区卫生服务中心" ? g.Around(6_000, 3_000) : g.Around(60_000, 45_000)).ToArray();
        var written = 0;
        for (var m = Months - 1; m >= 0 && written < g.Rows; m--)
        {
            var month = MonthsBack(m);
            var season = month.Month is 1 or 12 or 2 ? 1.15 : month.Month is 7 or 8 ? 0.9 : 1.0;
            for (var h = 0; h < hospitals.Count && written < g.Rows; h++, written++)
            {
                var outpatient = (long)(scale[h] * season * g.Around(1, 0.12));
                yield return [Month(month), hospitals[h].Name, Integer(outpatient), Integer((long)(outpatient * g.Around(0.08, 0.04)))];
            }
        }
    }

    public static IEnumerable<string?[]> InfectiousDisease(DemoRows g)
    {
        (string Name, int Mean, double Fatality)[] diseases =
        [
            ("流行性感冒", 900, 0.0002), ("其它感染性腹泻病", 400, 0), ("手足口病", 250, 0.0001), ("病毒性肝炎", 120, 0.001), ("肺结核", 80, 0.004),
            ("梅毒", 60, 0.0005), ("细菌性和阿米巴性痢疾", 20, 0), ("猩红热", 15, 0), ("流行性腮腺炎", 25, 0), ("艾滋病", 8, 0.05),
            ("淋病", 12, 0), ("布鲁氏菌病", 3, 0), ("百日咳", 10, 0), ("登革热", 2, 0), ("水痘", 60, 0), ("新型冠状病毒感染", 300, 0.001),
        ];
        foreach (var (month, division, index) in Cross(g, diseases.Length))
        {
            var (name, mean, fatality) = diseases[index];
            var cases = (long)g.Around(mean / Math.Max(1.0, g.Divisions.Count / 16.0), mean / 3.0);
            var deaths = (long)Math.Round(cases * fatality * g.Around(1, 0.8));
            yield return [Month(month), division.Code, name, Integer(cases), Integer(deaths)];
        }
    }

    public static IEnumerable<string?[]> Pharmacies(DemoRows g)
    {
        string[] brands = ["大参林", "老百姓", "益丰", "一心堂", "国大", "同仁堂", "海王星辰", "惠好", "万家康", "众康"];
        var abbreviation = Abbreviation(g.RegionCode);
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            var name = g.Random.Next(3) == 0 ? $"{g.Pick(brands)}大药房连锁有限公司{Short(county)}{g.Pick(Shops)}店" : $"{PlaceOf(county)[^Math.Min(3, PlaceOf(county).Length)..]}{g.Pick(Pharmacy)}大药房";
            yield return [name, g.CreditCode(county), g.Address(county), $"{abbreviation}{(char)('A' + g.Random.Next(3))}{(char)('A' + g.Random.Next(3))}{county.Code[2..4]}{g.Between(10000, 99999)}", Chinese(g.DateBetween(new(2025, 6, 1), new(2030, 12, 31)))];
        }
    }

    public static IEnumerable<string?[]> PopulationStats(DemoRows g)
    {
        string[] ages = ["0-4岁", "5-9岁", "10-14岁", "15-19岁", "20-24岁", "25-29岁", "30-34岁", "35-39岁", "40-44岁", "45-49岁", "50-54岁", "55-59岁", "60-64岁", "65-69岁", "70-74岁", "75-79岁", "80-84岁", "85岁及以上"];
        var size = g.Divisions.Select(_ => g.Around(600_000, 450_000)).ToArray();
        var written = 0;
        for (var year = 2024; written < g.Rows; year--)
        {
            for (var d = 0; d < g.Divisions.Count && written < g.Rows; d++)
            {
                foreach (var sex in new[] { "男", "女" })
                {
                    for (var a = 0; a < ages.Length && written < g.Rows; a++, written++)
                    {
                        var share = (a < 12 ? 0.065 : 0.065 - ((a - 11) * 0.008)) * (sex == "女" && a > 13 ? 1.15 : 1);
                        yield return [Integer(year), g.Divisions[d].Code, sex, ages[a], Integer((long)(size[d] * Math.Max(0.004, share) * g.Around(0.5, 0.02) * (1 - ((2024 - year) * 0.004))))];
                    }
                }
            }
        }
    }

    public static IEnumerable<string?[]> Births(DemoRows g)
    {
        foreach (var (month, division, _) in Cross(g, 1))
        {
            var births = (long)g.Around(420 - ((2025 - month.Year) * -18), 120);
            yield return [Month(month), division.Code, Integer(births), Number(g.Around(108, 4), "0.00")];
        }
    }

    public static IEnumerable<string?[]> Schools(DemoRows g)
    {
        string[] types = ["小学", "初级中学", "高级中学", "完全中学", "九年一贯制学校", "十二年一贯制学校", "职业高中"];
        string[] numbers = ["第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十", "实验", "外国语", "育才", "新华", "城关", "东城", "南湖", "北苑"];
        var used = new HashSet<string>();
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            var type = g.Pick(types);
            var suffix = type switch { "小学" => "小学", "初级中学" => "中学", "高级中学" => "高级中学", "职业高中" => "职业高级中学", "完全中学" => "中学", _ => "学校" };
            var name = $"{PlaceOf(county)}{g.Pick(numbers)}{suffix}";
            for (var n = 2; !used.Add(name); n++)
            {
                name = $"{PlaceOf(county)}{g.Pick(Roads)}{suffix}" + (n > 4 ? $"（{n}）" : "");
            }
            var students = type == "小学" ? g.Between(300, 3200) : g.Between(400, 4000);
            yield return [name, type, g.Address(county), Integer(students), county.Code];
        }
    }

    public static IEnumerable<string?[]> Museums(DemoRows g)
    {
        string[] subjects = ["博物馆", "历史博物馆", "民俗博物馆", "革命纪念馆", "自然博物馆", "科技馆", "美术馆", "陶瓷博物馆", "丝绸博物馆", "茶文化博物馆", "非遗展示馆", "考古博物馆"];
        string[] levels = ["一级博物馆", "二级博物馆", "三级博物馆", "未定级"];
        string[] ownership = ["文物系统国有", "行业国有", "非国有"];
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            // Few museums reach the first grade; most are ungraded.
            var level = levels[3 - Math.Min(3, (int)(g.Random.NextDouble() * g.Random.NextDouble() * 6))];
            var owner = g.Pick(ownership);
            yield return [$"{PlaceOf(county)}{g.Pick(subjects)}", level, owner, owner == "非国有" && g.Random.Next(3) == 0 ? "否" : "是"];
        }
    }

    public static IEnumerable<string?[]> ScenicSpots(DemoRows g)
    {
        string[] kinds = ["风景区", "森林公园", "湿地公园", "古镇", "古村落", "溶洞", "峡谷", "植物园", "生态园", "温泉度假区", "寺", "遗址公园", "滑雪场", "漂流"];
        string[] words = ["青龙", "白云", "凤凰", "云台", "九龙", "桃花", "翠屏", "天池", "碧水", "金山", "石门", "清风", "梅岭", "龙潭", "莲花", "玉泉"];
        string[] grades = ["5A", "4A", "4A", "3A", "3A", "3A", "2A", "2A", "A"];
        string[] hours = ["08:00-17:30", "08:30-17:00", "09:00-18:00", "全天开放", "07:30-18:30", "08:00-17:00（冬季至16:30）"];
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            yield return [$"{Short(county)}{g.Pick(words)}{g.Pick(kinds)}", g.Pick(grades), g.Address(county), g.Pick(hours), county.Code];
        }
    }

    public static IEnumerable<string?[]> BusRoutes(DemoRows g)
    {
        string[] stopKinds = ["路口东", "路口西", "南站", "北站", "小区", "医院", "公园", "地铁站", "桥北", "桥南", "村", "中学", "商场"];
        var written = 0;
        for (var route = 1; written < g.Rows; route++)
        {
            var name = route % 25 == 0 ? $"夜{route / 25}路" : route % 17 == 0 ? $"快速公交{route / 17}线" : $"{route}路";
            var (lon, lat) = (116.40 + ((g.Random.NextDouble() - 0.5) * 0.5), 39.90 + ((g.Random.NextDouble() - 0.5) * 0.4));
            var (dLon, dLat) = ((g.Random.NextDouble() - 0.5) * 0.01, (g.Random.NextDouble() - 0.5) * 0.008);
            var stops = g.Between(12, 32);
            for (var s = 1; s <= stops && written < g.Rows; s++, written++)
            {
                lon += dLon + ((g.Random.NextDouble() - 0.5) * 0.002);
                lat += dLat + ((g.Random.NextDouble() - 0.5) * 0.002);
                var stop = g.Random.Next(3) == 0 ? $"{Short(g.Division())}{g.Pick(stopKinds)}" : $"{g.Pick(Roads)}{g.Pick(stopKinds)}";
                yield return [name, stop, Integer(s), Number(lon, "0.000000"), Number(lat, "0.000000")];
            }
        }
    }

    public static IEnumerable<string?[]> TaxiTrips(DemoRows g)
    {
        for (var i = g.Rows - 1; i >= 0; i--)
        {
            var date = Today.AddDays(-i);
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.88 : 1.0;
            var trips = (long)(g.Around(720_000, 60_000) * weekend * (1 - (i / 20_000.0)));
            var distance = trips * g.Around(8.6, 0.6);
            yield return [Iso(date), Integer(trips), Number(distance), Money((distance * 2.3) + (trips * 13))];
        }
    }

    public static IEnumerable<string?[]> TrafficAccidents(DemoRows g)
    {
        foreach (var (month, division, _) in Cross(g, 1))
        {
            var accidents = (long)g.Around(180, 70);
            var deaths = (long)(accidents * g.Around(0.06, 0.04));
            yield return [Month(month), division.Code, Integer(accidents), Integer(deaths), Integer((long)(accidents * g.Around(1.1, 0.3)))];
        }
    }

    public static IEnumerable<string?[]> TravelAgencies(DemoRows g)
    {
        string[] words = ["假日", "海外", "国旅", "中青", "春秋", "康辉", "途悦", "乐游", "环球", "悠然", "山水", "西湖", "钱塘", "之江", "阳光", "青年"];
        var abbreviation = Abbreviation(g.RegionCode);
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            var outbound = g.Random.Next(5) == 0;
            yield return [$"{Short(county)}{g.Pick(words)}旅行社有限公司", $"L-{Pinyin(abbreviation)}-{(outbound ? "CJ" : "GN")}{g.Between(1, 99999):D5}", g.Address(county), outbound ? "是" : "否"];
        }
    }

    public static IEnumerable<string?[]> HousingTransactions(DemoRows g)
    {
        foreach (var (month, division, _) in Cross(g, 1))
        {
            var units = (long)g.Around(900, 600);
            var area = units * g.Around(96, 12);
            var price = g.Around(32_000 - ((2025 - month.Year) * 900), 9_000);
            yield return [Month(month), division.Name, Integer(units), Number(area, "0.00"), Number(price, "0")];
        }
    }

    public static IEnumerable<string?[]> FoodInspections(DemoRows g)
    {
        (string Sample, string Trade, string Failed)[] samples =
        [
            ("小麦粉", "面粉", "脱氧雪腐镰刀菌烯醇"), ("大米", "粮油", "镉（以Cd计）"), ("鸡蛋", "农业开发", "恩诺沙星"), ("猪肉", "食品", "克伦特罗"),
            ("酱油", "调味品", "氨基酸态氮"), ("白酒", "酒业", "甜蜜素"), ("饮用纯净水", "饮品", "铜绿假单胞菌"), ("火锅底料", "食品", "罂粟碱"),
            ("饼干", "食品", "菌落总数"), ("芹菜", "农业开发", "毒死蜱"), ("韭菜", "农业开发", "腐霉利"), ("牛奶", "乳业", "蛋白质"),
            ("豆腐", "食品", "苯甲酸及其钠盐"), ("月饼", "食品", "过氧化值"), ("香肠", "食品", "亚硝酸盐"), ("食用植物油", "粮油", "酸值"),
        ];
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            var (sample, trade, failed) = g.Pick(samples);
            var pass = g.Random.Next(100) >= 3;
            yield return [sample, g.Firm(county, trade), pass ? "合格" : "不合格", pass ? null : failed, Iso(g.DateBetween(new(2021, 1, 1), Today))];
        }
    }

    public static IEnumerable<string?[]> AdministrativeLicences(DemoRows g)
    {
        string[] contents = ["食品经营许可", "食品生产许可", "工业产品生产许可证", "特种设备生产许可", "计量器具型式批准", "检验检测机构资质认定", "药品经营许可", "医疗器械经营许可"];
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            var date = g.DateBetween(new(2020, 1, 1), Today);
            yield return [$"{Abbreviation(county.Code)}市监许〔{date.Year}〕{i + 1:D6}号", g.Firm(county), g.CreditCode(county), g.Pick(contents), Iso(date)];
        }
    }

    public static IEnumerable<string?[]> AdministrativePenalties(DemoRows g)
    {
        (string Facts, string Penalty, int Max)[] cases =
        [
            ("销售超过保质期的食品", "警告，没收违法所得，罚款", 50_000), ("未按规定公示年度报告", "罚款", 10_000), ("发布虚假广告", "责令停止发布，罚款", 200_000),
            ("使用未经检验的特种设备", "罚款", 300_000), ("销售不合格产品", "没收违法产品，罚款", 100_000), ("无照经营", "责令改正，罚款", 20_000),
            ("价格违法行为", "警告，罚款", 80_000), ("未取得食品经营许可从事食品经营", "没收违法所得，罚款", 100_000), ("商标侵权", "没收侵权商品，罚款", 250_000),
        ];
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            var (facts, penalty, max) = g.Pick(cases);
            var date = g.DateBetween(new(2019, 1, 1), Today);
            var amount = Math.Round(g.Random.NextDouble() * max / 100) * 100;
            yield return [$"{Abbreviation(county.Code)}市监罚〔{date.Year}〕{i + 1}号", g.Firm(county), facts, penalty, MoneyGrouped(amount), Chinese(date)];
        }
    }

    public static IEnumerable<string?[]> EnterpriseRegistry(DemoRows g)
    {
        string[] types = ["有限责任公司（自然人投资或控股）", "有限责任公司（法人独资）", "股份有限公司（非上市）", "个人独资企业", "合伙企业", "有限责任公司（外商投资）"];
        for (var i = 0; i < g.Rows; i++)
        {
            var county = g.Division();
            var capital = Math.Round(Math.Pow(10, 1 + (g.Random.NextDouble() * 4)));
            yield return [g.CreditCode(county), g.Firm(county), g.Pick(types), g.PersonName(), Number(capital, "0.00"), Iso(g.DateBetween(new(1995, 1, 1), Today))];
        }
    }

    public static IEnumerable<string?[]> AirQuality(DemoRows g)
    {
        string[] pollutants = ["PM2.5", "PM10", "O3", "NO2"];
        var stations = g.Divisions.Select(d => $"{Short(d)}监测站").Concat(["市环境监测中心站", "国控对照点"]).Distinct().ToList();
        var written = 0;
        for (var day = (g.Rows / stations.Count) + 1; written < g.Rows; day--)
        {
            var date = Today.AddDays(-day);
            var winter = date.Month is 12 or 1 or 2 ? 1.6 : date.Month is 6 or 7 or 8 ? 0.7 : 1;
            var weather = g.Around(1, 0.5);
            foreach (var station in stations)
            {
                if (written++ >= g.Rows)
                {
                    yield break;
                }

                var pm25 = g.Around(38 * winter * weather, 12);
                var pm10 = pm25 * g.Around(1.6, 0.3);
                var aqi = (long)Math.Max(pm25 * 1.35, pm10 * 0.8);
                yield return [Iso(date), station, Integer(aqi), Number(pm25), Number(pm10), aqi <= 50 ? null : pm25 * 1.35 >= pm10 * 0.8 ? "PM2.5" : g.Pick(pollutants)];
            }
        }
    }

    public static IEnumerable<string?[]> WaterQuality(DemoRows g)
    {
        string[] rivers = ["九龙江", "西溪", "北溪", "筼筜湖", "杏林湾", "后溪", "过芸溪", "东西溪", "官浔溪", "埭头溪"];
        string[] places = ["入海口", "上游", "桥", "水厂取水口", "汇合口", "出境断面", "大桥", "闸"];
        string[] classes = ["Ⅰ类", "Ⅱ类", "Ⅱ类", "Ⅲ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"];
        var sections = Enumerable.Range(0, 40).Select(i => $"{rivers[i % rivers.Length]}{places[(i / rivers.Length) % places.Length]}").Distinct().ToList();
        foreach (var (month, _, index) in Cross(g, sections.Count, divisions: false))
        {
            var cls = classes[Math.Min(classes.Length - 1, (index % 5) + g.Random.Next(3))];
            yield return [ChineseMonth(month), sections[index], cls, Number(g.Around(8 + (Array.IndexOf(classes, cls) * 4), 3))];
        }
    }

    public static IEnumerable<string?[]> ProducePrices(DemoRows g)
    {
        (string Name, double Price)[] products =
        [
            ("大白菜", 1.8), ("土豆", 2.6), ("西红柿", 5.2), ("黄瓜", 4.4), ("青椒", 5.6), ("茄子", 4.8), ("芹菜", 3.9), ("菠菜", 6.0), ("白萝卜", 1.9), ("胡萝卜", 3.0),
            ("大葱", 3.6), ("生姜", 9.5), ("大蒜", 8.8), ("猪肉", 26.0), ("牛肉", 72.0), ("羊肉", 68.0), ("白条鸡", 18.0), ("鸡蛋", 9.6), ("鲫鱼", 20.0), ("草鱼", 16.0),
            ("苹果", 8.5), ("香蕉", 6.2), ("柑橘", 5.5), ("梨", 6.0), ("西瓜", 3.2), ("大米", 5.4), ("面粉", 4.2), ("豆腐", 4.0), ("带鱼", 38.0), ("杨梅", 24.0),
        ];
        string[] markets = ["杭州农副产品物流中心", "宁波蔬菜副食品批发市场", "温州菜篮子批发市场", "嘉兴蔬菜批发交易市场", "金华农产品批发市场"];
        var written = 0;
        for (var day = (g.Rows / (products.Length * markets.Length)) + 1; written < g.Rows; day--)
        {
            var date = Today.AddDays(-day);
            foreach (var market in markets)
            {
                foreach (var (name, price) in products)
                {
                    if (written++ >= g.Rows)
                    {
                        yield break;
                    }

                    var seasonal = 1 + (0.15 * Math.Sin((date.DayOfYear + name.Length * 40) / 58.0));
                    yield return [Iso(date), market, name, Number(price * seasonal * g.Around(1, 0.06), "0.00")];
                }
            }
        }
    }

    public static IEnumerable<string?[]> Gdp(DemoRows g)
    {
        var size = g.Divisions.Select(_ => g.Around(90, 70)).ToArray();
        foreach (var (month, division, _) in Cross(g, 1, monthsPerStep: 3))
        {
            var index = g.Divisions.ToList().IndexOf(division);
            var quarter = ((month.Month - 1) / 3) + 1;
            var gdp = size[index] * (1 - ((2025 - month.Year) * 0.05)) * (0.85 + (quarter * 0.05)) * g.Around(1, 0.03);
            var primary = gdp * g.Around(0.1, 0.06);
            var secondary = gdp * g.Around(0.38, 0.1);
            yield return [$"{month.Year}年第{quarter}季度", division.Code, Number(gdp, "0.00"), Number(primary, "0.00"), Number(secondary, "0.00"), Number(gdp - primary - secondary, "0.00")];
        }
    }

    public static IEnumerable<string?[]> Cpi(DemoRows g)
    {
        string[] categories =
        [
            "居民消费价格总指数", "食品烟酒", "粮食", "食用油", "鲜菜", "畜肉类", "猪肉", "牛肉", "羊肉", "水产品", "蛋类", "奶类", "鲜果",
            "衣着", "服装", "鞋类", "居住", "租赁房房租", "水电燃料", "生活用品及服务", "家用器具", "交通通信", "交通工具", "交通工具用燃料", "通信工具",
            "教育文化娱乐", "教育服务", "旅游", "医疗保健", "中药", "西药", "医疗服务", "其他用品及服务", "烟草", "酒类", "家庭服务", "通信服务",
            "邮递服务", "文娱耐用消费品", "个人用品",
        ];
        foreach (var (month, _, index) in Cross(g, categories.Length, divisions: false))
        {
            var spread = categories[index] is "鲜菜" or "猪肉" or "鲜果" or "交通工具用燃料" ? 8 : 1.2;
            yield return [Month(month), categories[index], Number(g.Around(101.5, spread))];
        }
    }

    public static IEnumerable<string?[]> PensionPayments(DemoRows g)
    {
        var size = g.Divisions.Select(_ => g.Around(300_000, 200_000)).ToArray();
        foreach (var (month, division, _) in Cross(g, 1))
        {
            var growth = 1 + ((120 - ((2025 - month.Year) * 12)) * 0.002);
            var pensioners = (long)(size[g.Divisions.ToList().IndexOf(division)] * growth);
            yield return [Month(month), division.Code, Integer(pensioners), Number(pensioners * g.Around(0.42, 0.05) * growth, "0.00")];
        }
    }

    public static IEnumerable<string?[]> JobVacancies(DemoRows g)
    {
        string[] trades = ["软件", "电子", "机械", "化工", "纺织", "食品", "物流", "金融", "医疗", "教育"];
        string[] roles = ["工程师", "技术员", "操作工", "销售代表", "客服专员", "质检员", "仓储管理员", "会计", "项目经理", "设计师"];
        var occupations = trades.SelectMany(t => roles.Select(r => t + r)).ToArray();
        foreach (var (month, _, index) in Cross(g, occupations.Length, divisions: false, monthsPerStep: 3))
        {
            var vacancies = (long)g.Around(1_800, 1_500);
            yield return [$"{month.Year}年第{((month.Month - 1) / 3) + 1}季度", occupations[index], Integer(vacancies), Integer((long)(vacancies * g.Around(0.8, 0.5)))];
        }
    }

    private static readonly string[] Shops = ["中心", "人民路", "东门", "西门", "新城", "火车站", "万达", "滨江", "大学城", "步行街"];
    private static readonly string[] Pharmacy = ["仁和", "康宁", "百姓", "惠民", "德济", "同济", "安泰", "寿康"];

    /// <summary>
    /// Months (or quarters) × the publisher's divisions (or <paramref name="width"/> items per division, or alone),
    /// ending with December 2025; the oldest period is cut short so that exactly the spec's rows are written.
    /// </summary>
    private static IEnumerable<(DateOnly Month, Region Division, int Index)> Cross(DemoRows g, int width, bool divisions = true, int monthsPerStep = 1)
    {
        var count = divisions ? g.Divisions.Count * width : width;
        var steps = (g.Rows + count - 1) / count;
        var skip = (steps * count) - g.Rows;
        var last = new DateOnly(2025, 13 - monthsPerStep, 1);
        for (var m = steps - 1; m >= 0; m--)
        {
            var month = last.AddMonths(-m * monthsPerStep);
            for (var i = 0; i < count; i++)
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                yield return (month, divisions ? g.Divisions[i / width] : g.Divisions[0], i % width);
            }
        }
    }

    /// <summary>Distinct hospital names in the publisher's divisions.</summary>
    private static IEnumerable<(string Name, Region County, string Category)> Hospitals(DemoRows g, int count, string[] categories)
    {
        string[] general = ["人民医院", "第一人民医院", "第二人民医院", "中心医院", "医院"];
        string[] specialist = ["口腔医院", "眼科医院", "儿童医院", "肿瘤医院", "精神卫生中心", "骨科医院", "康复医院", "传染病医院"];
        string[] streets = ["城关", "新华", "东街", "西街", "南苑", "北苑", "花园", "滨河", "和平", "朝阳", "长安", "育新", "文昌", "兴隆", "望京", "福田"];
        var used = new HashSet<string>();
        while (used.Count < count)
        {
            var county = g.Division();
            var category = g.Pick(categories);
            var place = PlaceOf(county);
            var name = category switch
            {
                "综合医院" => place + g.Pick(general),
                "中医医院" => place + (g.Random.Next(2) == 0 ? "中医医院" : "中西医结合医院"),
                "专科医院" => place + g.Pick(specialist),
                "妇幼保健院" => place + "妇幼保健院",
                "社区卫生服务中心" => $"{place}{g.Pick(streets)}街道社区卫生服务中心",
                "乡镇卫生院" => $"{place}{g.Pick(streets)}镇卫生院",
                "门诊部" => $"{place}{g.Pick(streets)}门诊部",
                _ => $"{Short(county)}{g.PersonName()}诊所",
            };
            for (var n = 1; !used.Add(name); n++)
            {
                // A second site of the same institution: 北京市朝阳区人民医院望京分院.
                name = $"{place}{g.Pick(general)}{g.Pick(streets)}{(n > 3 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}分院";
            }
            yield return (name, county, category);
        }
    }

    /// <summary>The one-character abbreviation of a province, as licence numbers use it.</summary>
    private static string Abbreviation(string regionCode) => regionCode[..2] switch
    {
        "11" => "京",
        "31" => "沪",
        "33" => "浙",
        "35" => "闽",
        "52" => "黔",
        _ => "国",
    };

    private static string Pinyin(string abbreviation) => abbreviation switch
    {
        "京" => "BJ",
        "沪" => "SH",
        "浙" => "ZJ",
        "闽" => "FJ",
        "黔" => "GZ",
        _ => "CN",
    };
}
