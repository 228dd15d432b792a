namespace Agora.Search.Bench;

/// <summary>One Chinese query and what makes a dataset relevant to it.</summary>
internal sealed record JudgedQuery(string Text, string[] TopicKeys, string RegionCode)
{
    public bool IsRelevant(GeneratedRecord record) => TopicKeys.Contains(record.TopicKey) && Covers(record.Region);

    /// <summary>The region itself or one of its subdivisions.</summary>
    public bool Covers(Region region)
    {
        for (var r = region; r is not null && r.Level != "national"; r = r.Parent)
        {
            if (r.Code == RegionCode)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// 50 Chinese queries judged by construction. Each asks for a kind of data (one or two generator topics) in one city
/// or municipality, written the way people type: with or without spaces, short or long forms, a few as questions. A
/// dataset is relevant exactly when the generator made it of that topic for that city or one of its districts (whose
/// publishers are named after the city: 杭州市西湖区…). The judgement comes from the generator's facts, never from any
/// engine's output. So that every query has enough relevant datasets even in a small run, twelve records per query
/// are planted (their topic and region forced) at fixed positions.
/// </summary>
internal sealed class JudgedSet
{
    public const int PlantedPerQuery = 12;

    public static IReadOnlyList<JudgedQuery> Queries { get; } =
    [
        new("北京 医疗机构", ["hospitals", "insured_points"], "110000"),
        new("上海医院床位", ["beds"], "310000"),
        new("广州 空气质量", ["air_quality"], "440100"),
        new("杭州公交线路", ["bus_routes"], "330100"),
        new("成都 中小学校", ["schools"], "510100"),
        new("北京市有哪些养老机构", ["elderly_care"], "110000"),
        new("武汉 住房公积金", ["housing_fund"], "420100"),
        new("济南企业登记", ["companies"], "370100"),
        new("郑州 常住人口", ["population"], "410100"),
        new("天津政府采购", ["procurement"], "120000"),
        new("厦门 旅游景区", ["scenic_spots"], "350200"),
        new("重庆应急避难场所", ["shelters"], "500000"),
        new("长沙 停车场", ["parking"], "430100"),
        new("西安疫苗接种点", ["vaccination"], "610100"),
        new("上海的幼儿园名单", ["kindergartens"], "310000"),
        new("合肥最低工资标准", ["min_wage"], "340100"),
        new("昆明 农产品批发价格", ["agri_prices"], "530100"),
        new("南宁公共厕所", ["toilets"], "450100"),
        new("石家庄 安全生产许可证", ["work_safety"], "130100"),
        new("南昌充电桩", ["charging"], "360100"),
        new("北京 水质监测", ["water_quality", "water_supply"], "110000"),
        new("上海 食品经营许可", ["food_licences"], "310000"),
        new("贵阳地区生产总值", ["gdp"], "520100"),
        new("兰州 医保定点", ["insured_points"], "620100"),
        new("哈尔滨 公交站点", ["bus_stops"], "230100"),
        new("长春执业医师", ["doctors"], "220100"),
        new("深圳 招聘岗位", ["jobs"], "440300"),
        new("宁波 图书馆", ["libraries"], "330200"),
        new("绵阳地质灾害隐患点", ["geology"], "510700"),
        new("太原 重点排污单位", ["polluters"], "140100"),
        new("三亚 星级饭店", ["hotels"], "460200"),
        new("呼和浩特农作物产量", ["crop_output"], "150100"),
        new("乌鲁木齐 派出所", ["police_stations"], "650100"),
        new("南京 居民消费价格指数", ["cpi"], "320100"),
        new("武汉交通事故", ["traffic_accidents"], "420100"),
        new("长沙 社会组织", ["social_orgs"], "430100"),
        new("福州保障性住房", ["housing_projects"], "350100"),
        new("郑州 垃圾分类", ["garbage"], "410100"),
        new("天津 药品零售企业", ["pharmacies"], "120000"),
        new("重庆 非物质文化遗产", ["heritage"], "500000"),
        new("青岛 公园", ["parks"], "370200"),
        new("银川 雨情", ["rainfall"], "640100"),
        new("西宁 低保", ["subsistence"], "630100"),
        new("拉萨 消防救援站", ["fire_stations"], "540100"),
        new("大连 外商投资企业", ["foreign_investment"], "210200"),
        new("北京 校外培训机构", ["training"], "110000"),
        new("广州市空气质量怎么样", ["air_quality"], "440100"),
        new("杭州市医院床位数", ["beds"], "330100"),
        new("成都最新公交线路查询", ["bus_routes"], "510100"),
        new("合肥 传染病疫情", ["epidemic"], "340100"),
    ];

    private readonly int stride;

    public JudgedSet(int count)
    {
        stride = Math.Max(1, count / (Queries.Count * PlantedPerQuery));
    }

    /// <summary>The topic and judged query forced on record <paramref name="index"/>, if it is a planted one.</summary>
    public (string TopicKey, JudgedQuery Query)? PlantedAt(int index)
    {
        if (index % stride != 0)
        {
            return null;
        }
        var slot = index / stride;
        if (slot >= Queries.Count * PlantedPerQuery)
        {
            return null;
        }
        var query = Queries[slot / PlantedPerQuery];
        return (query.TopicKeys[slot % query.TopicKeys.Length], query);
    }
}
