namespace Agora.Search.Bench;

/// <summary>A kind of dataset a department publishes, in both languages, with its columns.</summary>
internal sealed record Topic(string Key, string Zh, string En, string[] Keywords, (string Label, string Name)[] Fields);

internal sealed record Department(string Zh, string En, string Theme, string ThemeLabel, string Use, Topic[] Topics);

/// <summary>Departments of a Chinese local government and the datasets they typically open.</summary>
internal static class Vocabulary
{
    private static Topic T(string key, string zh, string en, string keywords, string fields) => new(
        key, zh, en, keywords.Split('、'),
        [.. fields.Split('、').Select(f => f.Split('/')).Select(f => (f[0], f[1]))]);

    public static IReadOnlyList<Department> Departments { get; } =
    [
        new("卫生健康委员会", "Health Commission", "health", "医疗卫生", "就医查询和卫生资源规划",
        [
            T("hospitals", "医疗机构名录", "Directory of medical institutions", "医院、医疗机构、卫生", "机构名称/institution_name、机构类别/category、医院等级/hospital_grade、地址/address、联系电话/phone"),
            T("beds", "医院床位统计", "Hospital bed statistics", "床位、医院、卫生资源", "医院名称/hospital_name、床位数/bed_count、统计年度/year"),
            T("doctors", "执业医师注册信息", "Registered medical practitioners", "医师、执业注册", "姓名/name、执业类别/practice_type、执业机构/institution、注册日期/registered_on"),
            T("vaccination", "疫苗接种点信息", "Vaccination sites", "疫苗、接种、预防接种", "接种点名称/site_name、地址/address、服务时间/opening_hours、联系电话/phone"),
            T("epidemic", "法定传染病疫情统计", "Notifiable infectious disease statistics", "传染病、疫情、公共卫生", "病种/disease、发病数/cases、死亡数/deaths、统计月份/month"),
            T("pharmacies", "药品零售企业名单", "Licensed drug retailers", "药店、药品、零售", "企业名称/company_name、许可证号/licence_no、地址/address、有效期/valid_until"),
        ]),
        new("交通运输局", "Transport Bureau", "transport", "交通出行", "出行规划和交通管理",
        [
            T("bus_routes", "公交线路信息", "Bus routes", "公交、线路、公共交通", "线路名称/route_name、起点站/first_stop、终点站/last_stop、票价/fare、首末班时间/service_hours"),
            T("bus_stops", "公交站点位置", "Bus stop locations", "公交站点、站点、公共交通", "站点名称/stop_name、经度/longitude、纬度/latitude、途经线路/routes"),
            T("parking", "公共停车场信息", "Public car parks", "停车场、停车、泊位", "停车场名称/park_name、泊位数/spaces、收费标准/tariff、地址/address"),
            T("taxi", "出租汽车企业名录", "Taxi companies", "出租车、客运、企业", "企业名称/company_name、车辆数/vehicle_count、经营范围/business_scope"),
            T("traffic_flow", "道路交通流量监测", "Road traffic flow monitoring", "交通流量、道路、监测", "路段名称/road_section、监测时间/measured_at、车流量/vehicle_flow、平均车速/avg_speed"),
            T("charging", "新能源汽车充电桩分布", "Electric vehicle charging points", "充电桩、新能源汽车、充电", "站点名称/station_name、充电桩数量/charger_count、功率/power_kw、地址/address"),
        ]),
        new("生态环境局", "Ecology and Environment Bureau", "environment", "生态环境", "环境监测和污染防治",
        [
            T("air_quality", "空气质量监测数据", "Air quality monitoring data", "空气质量、PM2.5、大气", "监测站点/station、监测时间/measured_at、AQI/aqi、PM2.5浓度/pm25、首要污染物/primary_pollutant"),
            T("water_quality", "地表水水质监测", "Surface water quality monitoring", "水质、地表水、监测", "断面名称/section_name、水质类别/water_class、溶解氧/dissolved_oxygen、监测日期/measured_on"),
            T("polluters", "重点排污单位名录", "Key pollutant discharge units", "排污、重点排污单位、污染源", "单位名称/unit_name、统一社会信用代码/uscc、排放类型/discharge_type、所在地址/address"),
            T("env_penalties", "环境行政处罚信息", "Environmental administrative penalties", "环境处罚、行政处罚、执法", "当事人/party、违法事实/violation、处罚金额/fine_amount、处罚日期/decided_on"),
            T("noise", "声环境质量监测", "Environmental noise monitoring", "噪声、声环境、监测", "监测点位/monitoring_point、昼间等效声级/day_level、夜间等效声级/night_level"),
        ]),
        new("教育局", "Education Bureau", "education", "教育文化", "入学咨询和教育资源配置",
        [
            T("schools", "中小学校名录", "Primary and secondary schools", "学校、中小学、教育", "学校名称/school_name、办学类型/school_type、学段/stage、地址/address、联系电话/phone"),
            T("kindergartens", "幼儿园基本信息", "Kindergartens", "幼儿园、学前教育", "幼儿园名称/kindergarten_name、性质/ownership、班级数/class_count、地址/address"),
            T("enrolment", "义务教育招生计划", "Compulsory education enrolment plan", "招生、入学、义务教育", "学校名称/school_name、招生人数/quota、划片范围/catchment_area"),
            T("training", "校外培训机构白名单", "Approved off-campus training institutions", "培训机构、校外培训", "机构名称/institution_name、办学许可证/licence_no、培训类别/category"),
            T("teachers", "教师资格认定信息", "Teacher qualification certificates", "教师资格、认定", "证书编号/certificate_no、学科/subject、认定日期/certified_on"),
        ]),
        new("公安局", "Public Security Bureau", "security", "公共安全", "治安管理和便民服务",
        [
            T("police_stations", "派出所办公地址", "Police station addresses", "派出所、户籍、办事", "派出所名称/station_name、地址/address、办公时间/office_hours、联系电话/phone"),
            T("residence", "户籍人口统计", "Registered population statistics", "户籍、人口、户口", "街道/subdistrict、户数/households、人口数/population、统计年度/year"),
            T("traffic_accidents", "道路交通事故统计", "Road traffic accident statistics", "交通事故、道路安全", "事故数/accidents、死亡人数/deaths、受伤人数/injuries、统计月份/month"),
            T("vehicle_registrations", "机动车保有量统计", "Registered motor vehicles", "机动车、汽车保有量、车辆", "车辆类型/vehicle_type、保有量/count、新注册量/new_registrations"),
        ]),
        new("民政局", "Civil Affairs Bureau", "social", "社会保障", "社会救助和养老服务",
        [
            T("elderly_care", "养老机构名录", "Elderly care institutions", "养老院、养老机构、养老服务", "机构名称/institution_name、床位数/bed_count、收费标准/fees、地址/address"),
            T("social_orgs", "社会组织登记信息", "Registered social organizations", "社会组织、社团、民办非企业", "组织名称/org_name、登记证号/registration_no、业务范围/scope、成立日期/founded_on"),
            T("subsistence", "城乡低保对象统计", "Minimum living allowance recipients", "低保、社会救助、最低生活保障", "街道/subdistrict、保障户数/households、保障人数/persons、保障金额/amount"),
            T("marriage", "婚姻登记服务机构", "Marriage registration offices", "婚姻登记、结婚登记", "机构名称/office_name、地址/address、办公时间/office_hours"),
            T("place_names", "标准地名信息", "Standard place names", "地名、门牌、行政区划", "地名/place_name、地名类别/category、罗马字母拼写/romanization"),
        ]),
        new("人力资源和社会保障局", "Human Resources and Social Security Bureau", "employment", "就业创业", "就业服务和社会保险经办",
        [
            T("jobs", "招聘岗位信息", "Job vacancies", "招聘、岗位、就业", "单位名称/employer、岗位名称/position、薪资范围/salary_range、学历要求/education"),
            T("min_wage", "最低工资标准", "Minimum wage standards", "最低工资、工资标准", "档次/tier、月最低工资/monthly_wage、小时最低工资/hourly_wage、执行日期/effective_from"),
            T("pension", "社会保险参保情况统计", "Social insurance coverage statistics", "社保、养老保险、参保", "险种/insurance_type、参保人数/insured_persons、基金收入/fund_income"),
            T("skills", "职业技能培训机构", "Vocational skills training providers", "职业技能、培训、技能提升", "机构名称/provider_name、培训工种/trades、地址/address"),
        ]),
        new("住房和城乡建设局", "Housing and Urban-Rural Development Bureau", "housing", "城建住房", "住房保障和工程建设管理",
        [
            T("housing_projects", "保障性住房项目", "Affordable housing projects", "保障房、公租房、住房保障", "项目名称/project_name、房源套数/units、建设状态/status、地址/address"),
            T("construction_permits", "建筑工程施工许可", "Construction permits", "施工许可、建筑工程", "项目名称/project_name、建设单位/developer、许可证号/permit_no、发证日期/issued_on"),
            T("property_companies", "物业服务企业名录", "Property management companies", "物业、物业服务", "企业名称/company_name、服务项目数/projects、联系电话/phone"),
            T("housing_fund", "住房公积金缴存统计", "Housing provident fund contributions", "公积金、住房公积金、缴存", "缴存单位数/employers、缴存人数/contributors、缴存额/amount"),
            T("presale", "商品房预售许可", "Pre-sale permits for commercial housing", "预售许可、商品房、房地产", "项目名称/project_name、预售套数/units、许可证号/permit_no"),
        ]),
        new("市场监督管理局", "Administration for Market Regulation", "market", "市场监管", "企业信用查询和市场监管",
        [
            T("companies", "企业登记注册信息", "Company registrations", "企业、注册登记、工商", "企业名称/company_name、统一社会信用代码/uscc、法定代表人/legal_rep、成立日期/founded_on、注册资本/capital"),
            T("food_licences", "食品经营许可证信息", "Food business licences", "食品经营、许可证、食品安全", "经营者名称/operator、许可证编号/licence_no、经营项目/items、有效期/valid_until"),
            T("spot_checks", "产品质量监督抽查结果", "Product quality spot-check results", "抽查、产品质量、监督", "产品名称/product、生产企业/manufacturer、抽查结果/result、抽查日期/checked_on"),
            T("abnormal", "经营异常名录", "Abnormal business operations list", "经营异常、信用、企业", "企业名称/company_name、列入原因/reason、列入日期/listed_on"),
            T("special_equipment", "特种设备使用登记", "Special equipment registrations", "特种设备、电梯、锅炉", "设备类别/equipment_type、使用单位/user、登记证号/registration_no"),
        ]),
        new("统计局", "Statistics Bureau", "economy", "经济发展", "经济分析和决策参考",
        [
            T("gdp", "地区生产总值统计", "Gross regional product", "GDP、地区生产总值、经济", "指标/indicator、本期值/value、同比增长/yoy_growth、统计季度/quarter"),
            T("population", "常住人口统计", "Resident population", "人口、常住人口、人口普查", "地区/area、常住人口/population、城镇化率/urbanization_rate、统计年度/year"),
            T("cpi", "居民消费价格指数", "Consumer price index", "CPI、物价、消费价格", "类别/category、指数/index、环比/mom、同比/yoy、统计月份/month"),
            T("retail", "社会消费品零售总额", "Retail sales of consumer goods", "消费、零售、社会消费品", "指标/indicator、金额/amount、增长率/growth、统计月份/month"),
            T("income", "居民人均可支配收入", "Per capita disposable income", "收入、可支配收入、居民", "类别/category、金额/amount、增长率/growth、统计年度/year"),
        ]),
        new("财政局", "Finance Bureau", "finance", "财税金融", "预算公开和财政监督",
        [
            T("budget", "一般公共预算收支", "General public budget revenue and expenditure", "预算、财政收支、决算", "科目/item、预算数/budget、执行数/actual、年度/year"),
            T("procurement", "政府采购合同公告", "Government procurement contracts", "政府采购、采购合同、招标", "项目名称/project_name、采购人/purchaser、供应商/supplier、合同金额/contract_amount"),
            T("subsidies", "惠民惠农补贴发放", "Subsidies to residents and farmers", "补贴、惠农、资金发放", "补贴项目/program、发放人数/recipients、发放金额/amount"),
            T("debt", "地方政府债务信息", "Local government debt", "政府债务、债券、专项债", "债券名称/bond_name、发行金额/issued_amount、期限/term、利率/rate"),
        ]),
        new("自然资源和规划局", "Natural Resources and Planning Bureau", "resources", "资源能源", "国土空间规划和资源管理",
        [
            T("land_supply", "国有建设用地供应", "State-owned construction land supply", "土地供应、建设用地、土地出让", "宗地编号/parcel_no、用途/land_use、面积/area、成交价格/price"),
            T("planning_permits", "建设工程规划许可", "Planning permits for construction projects", "规划许可、建设工程", "项目名称/project_name、建设单位/developer、建筑面积/floor_area"),
            T("real_estate_reg", "不动产登记办理网点", "Real estate registration service points", "不动产登记、房产证", "网点名称/office_name、地址/address、办公时间/office_hours"),
            T("geology", "地质灾害隐患点", "Geological hazard sites", "地质灾害、滑坡、隐患点", "隐患点名称/site_name、灾害类型/hazard_type、威胁人数/people_at_risk"),
        ]),
        new("农业农村局", "Agriculture and Rural Affairs Bureau", "agriculture", "农业农村", "农业生产和乡村振兴",
        [
            T("crop_output", "主要农作物产量", "Output of major crops", "农作物、粮食产量、种植", "作物/crop、播种面积/sown_area、产量/output、年度/year"),
            T("cooperatives", "农民专业合作社名录", "Farmers' cooperatives", "合作社、农民专业合作社", "合作社名称/coop_name、成员数/members、主营产品/products"),
            T("agri_prices", "农产品批发价格", "Wholesale prices of agricultural products", "农产品、批发价格、菜价", "品种/product、最低价/min_price、最高价/max_price、日期/date"),
            T("family_farms", "家庭农场名录", "Family farms", "家庭农场、新型经营主体", "农场名称/farm_name、经营面积/area、主营产业/industry"),
        ]),
        new("文化和旅游局", "Culture and Tourism Bureau", "culture", "文化休闲", "文化活动和旅游出行",
        [
            T("scenic_spots", "A级旅游景区名录", "Rated tourist attractions", "景区、旅游、A级景区", "景区名称/attraction_name、等级/rating、地址/address、开放时间/opening_hours"),
            T("libraries", "公共图书馆信息", "Public libraries", "图书馆、阅读、公共文化", "图书馆名称/library_name、藏书量/collection_size、地址/address"),
            T("hotels", "星级饭店名录", "Star-rated hotels", "酒店、饭店、住宿", "饭店名称/hotel_name、星级/stars、客房数/rooms、地址/address"),
            T("heritage", "非物质文化遗产名录", "Intangible cultural heritage", "非遗、非物质文化遗产、传统", "项目名称/item_name、类别/category、保护单位/guardian"),
            T("tourism_stats", "节假日旅游接待统计", "Holiday tourism statistics", "旅游收入、游客、接待人次", "节假日/holiday、接待人次/visitors、旅游收入/revenue"),
        ]),
        new("应急管理局", "Emergency Management Bureau", "emergency", "应急安全", "应急准备和安全生产监管",
        [
            T("shelters", "应急避难场所", "Emergency shelters", "避难场所、应急、防灾", "场所名称/shelter_name、容纳人数/capacity、地址/address、经度/longitude、纬度/latitude"),
            T("work_safety", "安全生产许可证信息", "Work safety licences", "安全生产、许可证、危险化学品", "企业名称/company_name、许可证编号/licence_no、许可范围/scope、有效期/valid_until"),
            T("disasters", "自然灾害灾情统计", "Natural disaster statistics", "自然灾害、灾情、洪涝", "灾害类型/disaster_type、受灾人口/affected_people、直接经济损失/economic_loss"),
            T("fire_stations", "消防救援站分布", "Fire and rescue stations", "消防站、消防救援", "站点名称/station_name、地址/address、联系电话/phone"),
        ]),
        new("水务局", "Water Affairs Bureau", "water", "资源能源", "供水保障和防汛抗旱",
        [
            T("water_supply", "城市供水水质公告", "Drinking water quality reports", "供水、自来水、水质", "水厂名称/plant_name、检测项目/parameter、检测值/value、检测日期/tested_on"),
            T("rainfall", "实时雨情监测", "Real-time rainfall monitoring", "降雨、雨量、防汛", "测站名称/station_name、时段降雨量/rainfall_mm、观测时间/observed_at"),
            T("reservoirs", "水库蓄水情况", "Reservoir storage", "水库、蓄水、水位", "水库名称/reservoir_name、水位/water_level、蓄水量/storage"),
            T("water_saving", "节水型单位名单", "Water-saving certified organizations", "节水、节水型单位", "单位名称/unit_name、认定年度/year、用水量/water_use"),
        ]),
        new("医疗保障局", "Healthcare Security Administration", "health", "医疗卫生", "医保政策查询和定点机构选择",
        [
            T("insured_points", "医保定点医疗机构", "Medical insurance designated institutions", "医保定点、医保、医疗机构", "机构名称/institution_name、定点类型/designation、地址/address、联系电话/phone"),
            T("drug_catalogue", "医保药品目录", "Reimbursable drug list", "医保目录、药品、报销", "药品名称/drug_name、剂型/dosage_form、医保类别/category、支付标准/payment_standard"),
            T("insurance_stats", "基本医疗保险参保统计", "Basic medical insurance enrolment", "医疗保险、参保、医保基金", "险种/scheme、参保人数/insured_persons、基金支出/fund_expenditure"),
        ]),
        new("商务局", "Commerce Bureau", "market", "市场监管", "招商引资和消费促进",
        [
            T("foreign_investment", "外商投资企业统计", "Foreign-invested enterprises", "外资、外商投资、招商", "企业名称/company_name、投资国别/country、合同外资额/contracted_fdi"),
            T("time_honoured", "中华老字号名录", "China time-honoured brands", "老字号、品牌、传统商业", "企业名称/company_name、品牌/brand、创立年份/founded_year"),
            T("markets", "农贸市场分布", "Farmers' markets", "农贸市场、菜市场、便民", "市场名称/market_name、摊位数/stalls、地址/address"),
        ]),
        new("城市管理委员会", "Urban Management Commission", "urban", "城建住房", "市容环境和市政设施管理",
        [
            T("toilets", "公共厕所位置", "Public toilet locations", "公厕、公共厕所、便民设施", "名称/name、地址/address、经度/longitude、纬度/latitude、开放时间/opening_hours"),
            T("garbage", "生活垃圾分类收运点", "Household waste sorting collection points", "垃圾分类、生活垃圾、环卫", "收运点名称/point_name、垃圾类别/waste_type、收运时间/collection_time"),
            T("streetlights", "道路照明设施", "Street lighting", "路灯、照明、市政设施", "道路名称/road_name、路灯数量/lamp_count、养护单位/maintainer"),
            T("parks", "城市公园名录", "City parks", "公园、绿地、园林", "公园名称/park_name、面积/area、开放时间/opening_hours、地址/address"),
        ]),
        new("发展和改革委员会", "Development and Reform Commission", "economy", "经济发展", "投资项目管理和价格监测",
        [
            T("investment_projects", "重点建设项目清单", "Key construction projects", "重点项目、投资、项目建设", "项目名称/project_name、总投资/total_investment、建设内容/scope、建设年限/period"),
            T("energy", "能源消费统计", "Energy consumption statistics", "能源消费、能耗、节能", "能源品种/energy_type、消费量/consumption、单位GDP能耗/intensity"),
            T("credit", "公共信用信息", "Public credit information", "信用、红黑名单、信用中国", "主体名称/entity_name、统一社会信用代码/uscc、信用类别/credit_type、认定日期/decided_on"),
            T("price_monitoring", "重要商品价格监测", "Price monitoring of key commodities", "价格监测、物价、商品价格", "商品名称/commodity、规格/specification、价格/price、监测日期/monitored_on"),
        ]),
    ];

    public static IReadOnlyList<(Department Department, Topic Topic)> Topics { get; } =
        [.. Departments.SelectMany(d => d.Topics.Select(t => (d, t)))];

    public static readonly string[] TitleSuffixes = ["", "", "", "（2023年）", "（2024年）", "季度数据", "年度统计", "月度数据", "汇总表", "明细"];

    public static readonly string[] Frequencies = ["realtime", "daily", "weekly", "monthly", "quarterly", "yearly", "irregular"];

    public static readonly Dictionary<string, (string Zh, string En)> FrequencyWords = new()
    {
        ["realtime"] = ("数据实时更新", "updated in real time"),
        ["daily"] = ("按日更新", "updated daily"),
        ["weekly"] = ("按周更新", "updated weekly"),
        ["monthly"] = ("按月更新", "updated monthly"),
        ["quarterly"] = ("按季度更新", "updated quarterly"),
        ["yearly"] = ("每年更新一次", "updated yearly"),
        ["irregular"] = ("不定期更新", "updated irregularly"),
    };

    public static readonly string[] Formats = ["CSV", "XLSX", "JSON", "XML", "API", "PDF", "SHP"];

    public static readonly string[] Licenses = ["CC-BY-4.0", "CC0-1.0", "政府数据开放许可协议", "ODC-BY"];

    public static readonly string[] ExtraClausesZh =
    [
        "数据经脱敏处理后开放",
        "涉及个人信息的字段已去标识化",
        "历史数据可追溯至2015年",
        "如发现数据有误可通过平台提出异议",
        "使用时请注明数据来源",
        "本数据集为政务数据目录中的资源",
        "数据按照相关标准规范进行了质量校核",
        "部分字段仅向有条件开放申请通过的用户提供",
    ];

    public static readonly string[] ExtraClausesEn =
    [
        "Personal data has been de-identified before publication.",
        "Historical records go back to 2015.",
        "Please cite the source when using the data.",
        "Report errors through the platform's objection process.",
        "Quality checks follow the national metadata standard.",
    ];
}
