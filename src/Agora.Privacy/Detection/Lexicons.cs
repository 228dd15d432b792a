using System.Collections.Frozen;

namespace Agora.Privacy.Detection;

/// <summary>Word lists for the value detectors; sources: 百家姓 frequency lists, the 56 ethnic groups (GB/T 3304), GB/T 4761 (family relations / marital status), GB/T 4658 (education), GB/T 6565 (occupations).</summary>
internal static class Lexicons
{
    public const string Surnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";

    public static readonly FrozenSet<char> SurnameChars = Surnames.ToFrozenSet();

    public static readonly FrozenSet<string> CompoundSurnames = new[]
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐",
        "钟离", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "澹台", "公冶", "太史", "申屠", "第五", "拓跋",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Last characters that mark a place or an organisation rather than a given name.</summary>
    public static readonly FrozenSet<char> NonNameEndings = "省市县区镇乡村路街巷局院所司厂店站园馆部处科队会委办校楼场行社团组网台室库港桥州府厅署庄屯苑寺庙号层栋座期线段业品类型款式率价量额费税".ToFrozenSet();

    /// <summary>Province abbreviations that begin a licence plate.</summary>
    public static readonly FrozenSet<char> PlateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼".ToFrozenSet();

    public static readonly string[] Ethnicities =
    [
        "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族",
        "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
        "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族",
        "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
        "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
    ];

    public static readonly string[] SexWords = ["男", "女", "男性", "女性", "未知", "未知的性别", "未说明的性别", "male", "female", "m", "f", "man", "woman"];

    public static readonly string[] EducationWords =
    [
        "小学", "初中", "高中", "中专", "职高", "技校", "中技", "大专", "专科", "本科", "大学本科", "大学专科", "大学", "硕士", "硕士研究生", "博士",
        "博士研究生", "研究生", "博士后", "文盲", "半文盲", "文盲或半文盲", "学士", "中等专科", "初级中学", "高级中学", "中等职业教育",
        "不识字或识字很少", "高中及以下", "本科及以上", "大专及以上", "研究生及以上", "初中及以下", "高中/中专", "大学本科及以上", "学龄前",
        "bachelors", "bachelor", "masters", "master", "doctorate", "phd", "hs-grad", "some-college", "assoc-acdm", "assoc-voc",
        "prof-school", "preschool", "1st-4th", "5th-6th", "7th-8th", "9th", "10th", "11th", "12th", "high school", "primary",
        "secondary", "college", "undergraduate", "postgraduate", "graduate",
    ];

    public static readonly string[] MaritalWords =
    [
        "未婚", "已婚", "初婚", "再婚", "复婚", "离婚", "离异", "丧偶", "已婚有配偶", "有配偶", "分居", "单身", "未说明的婚姻状况", "已婚无子女", "已婚有子女",
        "married", "single", "divorced", "widowed", "separated", "never-married", "married-civ-spouse", "married-spouse-absent",
        "married-af-spouse", "unmarried", "never married",
    ];

    public static readonly string[] OccupationWords =
    [
        "教师", "医生", "护士", "工人", "农民", "公务员", "职员", "学生", "司机", "工程师", "会计", "律师", "销售", "销售员", "个体户", "个体经营",
        "个体工商户", "退休", "退休人员", "离退休人员", "无业", "待业", "失业", "无业人员", "军人", "厨师", "程序员", "自由职业", "自由职业者",
        "企业管理人员", "干部", "警察", "民警", "保安", "快递员", "外卖员", "服务员", "收银员", "售货员", "营业员", "清洁工", "保洁员",
        "建筑工人", "电工", "焊工", "木工", "瓦工", "技术员", "科研人员", "研究员", "记者", "编辑", "演员", "运动员", "设计师", "法官",
        "检察官", "医师", "药师", "渔民", "牧民", "商人", "经理", "文员", "秘书", "会计师", "教授", "讲师", "家庭主妇", "家务", "村干部",
        "社区工作者", "导游", "保姆", "美容师", "理发师", "修理工", "驾驶员", "出租车司机", "飞行员", "乘务员", "邮递员", "采购员", "公司职员",
        "企业职员", "事业单位人员", "事业单位职工", "国家机关人员", "专业技术人员", "办事人员", "办事人员和有关人员", "商业服务业人员",
        "商业、服务业人员", "生产运输设备操作人员", "生产、运输设备操作人员及有关人员", "农、林、牧、渔、水利业生产人员",
        "国家机关、党群组织、企业、事业单位负责人", "不便分类的其他从业人员", "农林牧渔水利业生产人员", "个体劳动者", "务农", "外出务工",
        "tech-support", "craft-repair", "other-service", "sales", "exec-managerial", "prof-specialty", "handlers-cleaners",
        "machine-op-inspct", "adm-clerical", "farming-fishing", "transport-moving", "priv-house-serv", "protective-serv",
        "armed-forces", "teacher", "doctor", "nurse", "engineer", "driver", "farmer", "worker", "student", "retired", "unemployed",
        "manager", "clerk", "lawyer", "accountant", "programmer", "cook", "chef", "police", "soldier", "self-employed",
    ];

    /// <summary>Lexicon words by value flag; English entries match case-insensitively.</summary>
    public static readonly FrozenDictionary<string, ulong> Words = BuildWords();

    /// <summary>Chinese entries, compared ordinally (faster than case-insensitive hashing).</summary>
    public static readonly FrozenDictionary<string, ulong>.AlternateLookup<ReadOnlySpan<char>> WordLookup =
        Words.Where(w => w.Key[0] >= 128).ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Entries that start with an ASCII character, compared case-insensitively.</summary>
    public static readonly FrozenDictionary<string, ulong>.AlternateLookup<ReadOnlySpan<char>> AsciiWordLookup =
        Words.Where(w => w.Key[0] < 128).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static FrozenDictionary<string, ulong> BuildWords()
    {
        var words = new Dictionary<string, ulong>(StringComparer.OrdinalIgnoreCase);
        void Add(IEnumerable<string> list, ValueFlags flag)
        {
            foreach (var w in list)
            {
                words[w] = words.GetValueOrDefault(w) | (ulong)flag;
            }
        }

        Add(SexWords, ValueFlags.Sex);
        Add(Ethnicities, ValueFlags.Ethnicity);
        Add(Ethnicities.Where(e => e != "汉族" && e.Length > 2).Select(e => e[..^1]), ValueFlags.Ethnicity);
        Add(["汉"], ValueFlags.Ethnicity);
        Add(EducationWords, ValueFlags.Education);
        Add(MaritalWords, ValueFlags.Marital);
        Add(OccupationWords, ValueFlags.Occupation);
        return words.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
