using System.Globalization;
using System.Text;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Corpus;

/// <summary>
/// Generates the labelled detection corpus: synthetic Chinese government-style tables whose columns hold one kind of
/// personal data each (or none), under varied column names (Chinese, English, pinyin initials, meaningless) and with
/// noise: blanks, typos that break check characters, masked values, padding and mixed formats. Deterministic for a seed.
/// </summary>
public sealed class CorpusGenerator(int seed = 20240501)
{
    private static readonly string[] Counties =
    [
        "110101", "110105", "110108", "120101", "130102", "140105", "150102", "210102", "220102", "230103", "310101", "310104",
        "310115", "320102", "320506", "330106", "330212", "340104", "350203", "360102", "370202", "370102", "410105", "420106",
        "430104", "440106", "440305", "450103", "460106", "500103", "510107", "520102", "530102", "540102", "610113", "620102",
        "630104", "640104", "650102",
    ];

    private static readonly string[] Provinces = ["北京市", "上海市", "广东省", "浙江省", "江苏省", "四川省", "湖北省", "河南省", "山东省", "陕西省"];
    private static readonly string[] Cities = ["海淀区", "朝阳区", "浦东新区", "天河区", "南山区", "西湖区", "鼓楼区", "武侯区", "江汉区", "金水区", "历下区", "雁塔区"];
    private static readonly string[] Roads = ["中关村大街", "人民路", "解放路", "建设路", "文三路", "科技园南路", "长安街", "中山路", "和平大道", "滨江路", "胜利街", "学府路"];
    private static readonly string[] GivenChars = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国建华志强志明丹丹婷宇浩然子涵梓萱一诺欣怡俊杰思远雨轩".Select(c => c.ToString()).ToArray();
    private static readonly string[] CommonSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈".Select(c => c.ToString()).ToArray();
    private static readonly string[] RareSurnames = ["欧阳", "司马", "诸葛", "上官", "邝", "冼", "阙", "亓"];
    private static readonly string[] MinorityNames = ["阿卜杜拉·买买提", "热依拉·艾力", "扎西·多吉", "古丽米拉·吐尔逊"];
    private static readonly string[] PlateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ".Select(c => c.ToString()).ToArray();
    private static readonly string[] PlateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼".Select(c => c.ToString()).ToArray();
    private static readonly string[] MailDomains = ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com", "foxmail.com", "gov.cn", "sohu.com"];
    private static readonly string[] Pinyin = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "lin", "he"];
    private static readonly string[] CardPrefixes = ["622202", "621700", "622848", "621661", "622588", "621483", "622700", "623668", "620522", "625965", "436742", "524047"];
    private static readonly (string Code, int Digits)[] AreaCodes = [("010", 8), ("021", 8), ("020", 8), ("0755", 8), ("0571", 8), ("028", 8), ("027", 8), ("025", 8), ("029", 8), ("0532", 8), ("0931", 7), ("0898", 8)];
    private static readonly string[] Ethnic = ["汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "回族", "满族", "壮族", "维吾尔族", "苗族", "彝族", "土家族", "藏族", "蒙古族", "朝鲜族", "白族"];
    private static readonly string[] Occupations = ["教师", "医生", "护士", "工人", "农民", "公务员", "职员", "学生", "司机", "工程师", "会计", "个体户", "退休人员", "无业", "自由职业", "销售员", "厨师", "程序员", "快递员", "保安", "专业技术人员", "商业、服务业人员", "办事人员和有关人员", "军人", "律师", "设计师", "外卖骑手"];
    private static readonly string[] Educations = ["小学", "初中", "高中", "中专", "大专", "本科", "硕士研究生", "博士研究生", "大学本科", "大学专科", "文盲或半文盲", "研究生"];
    private static readonly string[] Maritals = ["未婚", "已婚", "离婚", "丧偶", "初婚", "再婚", "离异"];
    private static readonly string[] Postcodes = ["100080", "100010", "200030", "200120", "510620", "518057", "310012", "610041", "430070", "210008", "710061", "250014", "450000", "650031", "830002", "730030", "150001", "110001", "050011", "030001"];

    private readonly Random _random = new(seed);

    /// <summary>One generated column: its label, name and values.</summary>
    public sealed record GeneratedColumn(string Name, PiiType Label, string[] Values);

    public sealed record GeneratedTable(string FileName, IReadOnlyList<GeneratedColumn> Columns);

    private sealed record Kind(PiiType Label, string[] Names, Func<string> Value, Func<string, string>? Mask = null, Func<string, string>? Typo = null);

    public IReadOnlyList<GeneratedTable> Generate(int tables = 50, int rows = 100)
    {
        var kinds = Kinds();
        var result = new List<GeneratedTable>();
        for (var t = 0; t < tables; t++)
        {
            var columnCount = _random.Next(6, 12);
            var chosen = new List<Kind>();
            // Every table has a couple of columns that are not personal data, as real tables do.
            var decoys = kinds.Where(k => k.Label == PiiType.None).ToArray();
            var personal = kinds.Where(k => k.Label != PiiType.None).ToArray();
            chosen.Add(decoys[_random.Next(decoys.Length)]);
            chosen.Add(decoys[_random.Next(decoys.Length)]);
            while (chosen.Count < columnCount)
            {
                var k = personal[_random.Next(personal.Length)];
                if (!chosen.Contains(k))
                {
                    chosen.Add(k);
                }
            }

            Shuffle(chosen);
            var used = new HashSet<string>(StringComparer.Ordinal);
            var columns = new List<GeneratedColumn>();
            for (var c = 0; c < chosen.Count; c++)
            {
                var kind = chosen[c];
                var name = _random.NextDouble() < 0.15 ? Pick(["col" + (c + 1), "字段" + (c + 1), "f_" + (c + 1), "c" + (c + 1), "data" + (c + 1)]) : Pick(kind.Names);
                while (!used.Add(name))
                {
                    name += "_" + (c + 1);
                }

                columns.Add(new GeneratedColumn(name, kind.Label, Values(kind, rows)));
            }

            result.Add(new GeneratedTable($"table_{t + 1:00}.csv", columns));
        }

        return result;
    }

    /// <summary>One wide table with a column of every kind (for throughput measurements), without noise.</summary>
    public GeneratedTable GenerateWide(int rows)
    {
        var columns = Kinds().Select((k, i) => new GeneratedColumn(k.Names[0] + "_" + (i + 1), k.Label, Enumerable.Range(0, rows).Select(_ => k.Value()).ToArray())).ToArray();
        return new GeneratedTable("wide.csv", columns);
    }

    /// <summary>Writes the tables as UTF-8 CSV and labels.csv (file,column,type).</summary>
    public static void Write(IReadOnlyList<GeneratedTable> tables, string directory)
    {
        Directory.CreateDirectory(directory);
        var labels = new StringBuilder("file,column,type\n");
        foreach (var table in tables)
        {
            File.WriteAllText(Path.Combine(directory, table.FileName), ToCsv(table), new UTF8Encoding(false));
            foreach (var column in table.Columns)
            {
                labels.Append(table.FileName).Append(',').Append(Quote(column.Name)).Append(',').Append(column.Label == PiiType.None ? "none" : column.Label.Code()).Append('\n');
            }
        }

        File.WriteAllText(Path.Combine(directory, "labels.csv"), labels.ToString(), new UTF8Encoding(false));
    }

    public static string ToCsv(GeneratedTable table)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Columns.Select(c => Quote(c.Name))).Append('\n');
        var rows = table.Columns[0].Values.Length;
        for (var r = 0; r < rows; r++)
        {
            sb.AppendJoin(',', table.Columns.Select(c => Quote(c.Values[r]))).Append('\n');
        }

        return sb.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private string[] Values(Kind kind, int rows)
    {
        var blank = Pick([0.0, 0.0, 0.02, 0.05, 0.1, 0.3]);
        var masking = kind.Mask is null ? 0 : Pick([0.0, 0.0, 0.0, 0.1, 1.0]);
        var typos = kind.Typo is null ? 0 : Pick([0.0, 0.02, 0.05]);
        var values = new string[rows];
        for (var r = 0; r < rows; r++)
        {
            if (_random.NextDouble() < blank)
            {
                values[r] = _random.NextDouble() < 0.8 ? string.Empty : Pick(["NULL", "无", "-", " "]);
                continue;
            }

            var v = kind.Value();
            if (_random.NextDouble() < masking)
            {
                v = kind.Mask!(v);
            }
            else if (_random.NextDouble() < typos)
            {
                v = kind.Typo!(v);
            }

            if (_random.NextDouble() < 0.03)
            {
                v = " " + v + " ";
            }

            values[r] = v;
        }

        return values;
    }

    private List<Kind> Kinds() =>
    [
        new(PiiType.ResidentId, ["身份证号", "公民身份号码", "身份证号码", "证件号码", "id_card", "IDNumber", "sfzh", "zjhm"], ResidentId, v => v[..6] + "********" + v[^4..], DigitTypo),
        new(PiiType.Passport, ["护照号码", "护照号", "passport_no", "PassportNumber", "hzhm", "通行证号码"], Passport),
        new(PiiType.MobilePhone, ["手机号", "手机号码", "联系电话", "mobile", "phone", "sjhm", "lxdh", "移动电话"], Mobile, v => Digits(v) is var d && d.Length >= 11 ? d[..3] + "****" + d[^4..] : v, DigitTypo),
        new(PiiType.Landline, ["固定电话", "办公电话", "座机", "tel", "landline", "gddh"], Landline),
        new(PiiType.Email, ["电子邮箱", "邮箱", "email", "E-mail", "dzyx", "联系邮箱"], Email, v => v[0] + "***" + v[v.IndexOf('@')..]),
        new(PiiType.BankCard, ["银行卡号", "银行账号", "卡号", "bank_card", "account_no", "yhkh"], BankCard, v => Digits(v)[..6] + "******" + Digits(v)[^4..], DigitTypo),
        new(PiiType.SocialCreditCode, ["统一社会信用代码", "信用代码", "uscc", "credit_code", "tyshxydm"], CreditCode, null, CharTypo),
        new(PiiType.PersonName, ["姓名", "联系人", "申请人", "name", "full_name", "xm", "户主姓名", "法定代表人"], PersonName, v => v[..1] + new string('*', v.Length - 1)),
        new(PiiType.Address, ["家庭住址", "住址", "通讯地址", "户籍地址", "address", "jtzz", "详细地址"], Address, v => v[..6] + "****"),
        new(PiiType.LicensePlate, ["车牌号", "号牌号码", "plate_no", "cph", "hphm", "车牌"], Plate, v => v[..2] + "***" + v[^2..]),
        new(PiiType.IpAddress, ["IP地址", "ip", "client_ip", "登录IP", "source_ip"], Ip, v => v.Contains('.') ? string.Join('.', v.Split('.').Take(2)) + ".*.*" : v),
        new(PiiType.Coordinates, ["经纬度", "坐标", "location", "gps", "position", "jwd"], Coordinates),
        new(PiiType.Coordinates, ["纬度", "lat", "latitude", "wd"], () => Degree(18, 53)),
        new(PiiType.Coordinates, ["经度", "lng", "longitude", "jd"], () => Degree(74, 134)),
        new(PiiType.BirthDate, ["出生日期", "出生年月日", "生日", "birth_date", "dob", "csrq"], BirthDate),
        new(PiiType.Age, ["年龄", "age", "nl", "周岁"], Age),
        new(PiiType.Sex, ["性别", "sex", "gender", "xb"], Sex),
        new(PiiType.Ethnicity, ["民族", "ethnicity", "mz", "族别"], () => Pick(Ethnic)),
        new(PiiType.RegionCode, ["行政区划代码", "区划代码", "xzqh", "region_code", "户籍地区划", "adcode"], () => Pick(Counties)),
        new(PiiType.Postcode, ["邮政编码", "邮编", "postcode", "zip", "yzbm"], () => Pick(Postcodes)),
        new(PiiType.Occupation, ["职业", "occupation", "job", "zy", "工种"], () => Pick(Occupations)),
        new(PiiType.Education, ["学历", "文化程度", "education", "xl", "最高学历"], () => Pick(Educations)),
        new(PiiType.MaritalStatus, ["婚姻状况", "marital_status", "hyzk", "婚否"], () => Pick(Maritals)),

        // Columns that are not personal data, some deliberately close in shape.
        new(PiiType.None, ["流水号", "业务编号", "serial_no", "order_id"], () => "2024" + Number(14)),
        new(PiiType.None, ["金额", "amount", "缴费金额", "je"], () => (_random.Next(100, 1_000_000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture)),
        new(PiiType.None, ["数量", "count", "件数", "sl"], () => _random.Next(0, 300).ToString(CultureInfo.InvariantCulture)),
        new(PiiType.None, ["办理日期", "受理时间", "created_at", "交易日期"], EventDate),
        new(PiiType.None, ["单位名称", "企业名称", "company", "dwmc"], Company),
        new(PiiType.None, ["所属城市", "city", "地市"], () => Pick(["北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市", "武汉市", "西安市", "南京市", "重庆市"])),
        new(PiiType.None, ["商品名称", "品名", "product"], () => Pick(["黄瓜", "白菜", "土豆", "西红柿", "苹果", "香蕉", "牛奶", "面包", "鸡蛋", "大米", "金针菇", "花生油", "马铃薯", "韭菜"])),
        new(PiiType.None, ["办理状态", "status", "zt"], () => Pick(["已办结", "处理中", "已受理", "退回", "待审核"])),
        new(PiiType.None, ["备注", "remark", "说明"], () => Pick(["材料齐全", "需补充材料", "", "已电话通知", "按期办结", "系统自动生成"])),
        new(PiiType.None, ["部门", "承办部门", "department"], () => Pick(["市场监督管理局", "公安局", "民政局", "人力资源和社会保障局", "卫生健康委员会", "交通运输局"])),
        new(PiiType.None, ["验证码", "批次号", "batch"], () => Number(6)),
        new(PiiType.None, ["评分", "score", "满意度"], () => (_random.Next(0, 1000) / 10.0).ToString("0.0", CultureInfo.InvariantCulture)),
        new(PiiType.None, ["产品编码", "sku", "物料编码"], () => "SKU-" + Number(5)),
        new(PiiType.None, ["温度", "气温", "temperature"], () => (_random.Next(-200, 400) / 10.0).ToString("0.0", CultureInfo.InvariantCulture)),
    ];

    private string ResidentId()
    {
        var region = Pick(Counties);
        var birth = new DateTime(1940, 1, 1).AddDays(_random.Next(0, 365 * 75));
        var first17 = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Number(3);
        return first17 + Checksums.ResidentIdCheckChar(first17);
    }

    private string Passport() => _random.Next(3) switch
    {
        0 => "E" + Number(8),
        1 => "E" + Pick(PlateLetters) + Number(7),
        _ => Pick(["G", "P", "D", "S"]) + Number(8),
    };

    private string Mobile()
    {
        var number = Pick(["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157", "158", "159", "166", "173", "177", "180", "181", "186", "187", "188", "189", "191", "199"]) + Number(8);
        return _random.Next(10) switch
        {
            0 => number[..3] + " " + number[3..7] + " " + number[7..],
            1 => "+86 " + number,
            2 => number[..3] + "-" + number[3..7] + "-" + number[7..],
            _ => number,
        };
    }

    private string Landline()
    {
        var (code, digits) = Pick(AreaCodes);
        var local = _random.Next(2, 9).ToString(CultureInfo.InvariantCulture) + Number(digits - 1);
        return _random.Next(6) switch
        {
            0 => $"({code}){local}",
            1 => $"{code} {local}",
            2 => $"{code}-{local}-{_random.Next(100, 999)}",
            3 => code + local,
            _ => $"{code}-{local}",
        };
    }

    private string Email()
    {
        var local = Pick(Pinyin) + Pick(["", ".", "_"]) + Pick(Pinyin) + (_random.Next(2) == 0 ? _random.Next(1, 2000).ToString(CultureInfo.InvariantCulture) : string.Empty);
        return _random.Next(4) == 0 ? Number(9) + "@qq.com" : local + "@" + Pick(MailDomains);
    }

    private string BankCard()
    {
        var prefix = Pick(CardPrefixes);
        var length = _random.Next(3) == 0 ? 16 : 19;
        var body = prefix + Number(length - prefix.Length - 1);
        // Most real cards pass Luhn; some Chinese cards do not.
        var check = _random.NextDouble() < 0.85 ? Checksums.LuhnCheckDigit(body) : (char)('0' + _random.Next(10));
        var card = body + check;
        return _random.Next(5) == 0 ? string.Join(' ', Enumerable.Range(0, (card.Length + 3) / 4).Select(i => card.Substring(i * 4, Math.Min(4, card.Length - (i * 4))))) : card;
    }

    private string CreditCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var head = Pick(["91", "92", "93", "11", "12", "51", "52", "Y1"]) + Pick(Counties);
        var org = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            org.Append(_random.Next(3) == 0 ? alphabet[_random.Next(10, alphabet.Length)] : alphabet[_random.Next(10)]);
        }

        org.Append(OrgCheck(org.ToString()));
        var first17 = head + org;
        return first17 + Checksums.CreditCodeCheckChar(first17);
    }

    /// <summary>GB 11714 check character of an organization code.</summary>
    private static char OrgCheck(string eight)
    {
        int[] weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = eight[i];
            var v = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            sum += v * weights[i];
        }

        var check = 11 - (sum % 11);
        return check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
    }

    private string PersonName()
    {
        var roll = _random.NextDouble();
        if (roll < 0.03)
        {
            return Pick(MinorityNames);
        }

        var surname = roll < 0.08 ? Pick(RareSurnames) : Pick(CommonSurnames);
        return surname + Pick(GivenChars) + (_random.Next(3) == 0 ? string.Empty : Pick(GivenChars)[..1]);
    }

    private string Address()
    {
        if (_random.Next(5) == 0)
        {
            return $"{Pick(["河南省周口市太康县", "四川省南充市阆中市", "湖南省邵阳市隆回县", "山东省临沂市沂南县"])}{Pick(["王集乡", "城关镇", "河口镇", "新华乡"])}{Pick(["李庄村", "张楼村", "前进村", "和平村"])}{_random.Next(1, 12)}组{_random.Next(1, 80)}号";
        }

        var building = _random.Next(3) == 0 ? $"{_random.Next(1, 30)}栋{_random.Next(1, 6)}单元{_random.Next(1, 33)}0{_random.Next(1, 6)}室" : string.Empty;
        return $"{Pick(Provinces)}{Pick(Cities)}{Pick(Roads)}{_random.Next(1, 300)}号{building}";
    }

    private string Plate()
    {
        var head = Pick(PlateProvinces) + Pick(PlateLetters);
        var body = _random.Next(5) == 0
            ? Pick(["D", "F"]) + Number(5)
            : string.Concat(Enumerable.Range(0, 5).Select(i => i < 2 && _random.Next(3) == 0 ? Pick(PlateLetters) : Number(1)));
        return _random.Next(4) == 0 ? head + "·" + body : head + body;
    }

    private string Ip() => _random.Next(10) == 0
        ? $"2408:{_random.Next(0x1000, 0xffff):x}:{_random.Next(0x1000, 0xffff):x}::{_random.Next(1, 0xffff):x}"
        : $"{Pick([10, 172, 192, 114, 117, 183, 222, 58, 61, 36])}.{_random.Next(0, 256)}.{_random.Next(0, 256)}.{_random.Next(1, 255)}";

    private string Coordinates()
    {
        var lon = Degree(74, 134);
        var lat = Degree(18, 53);
        return _random.Next(3) == 0 ? $"{lat}, {lon}" : $"{lon},{lat}";
    }

    private string Degree(int low, int high) =>
        (low + (_random.NextDouble() * (high - low))).ToString("0." + new string('0', _random.Next(4, 7)), CultureInfo.InvariantCulture);

    private string BirthDate()
    {
        var date = new DateTime(1940, 1, 1).AddDays(_random.Next(0, 365 * 75));
        return _random.Next(5) switch
        {
            0 => date.ToString("yyyy/M/d", CultureInfo.InvariantCulture),
            1 => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            2 => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
            _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    private string EventDate()
    {
        var date = new DateTime(2019, 1, 1).AddDays(_random.Next(0, 365 * 5)).AddMinutes(_random.Next(0, 1440));
        return _random.Next(2) == 0 ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private string Age()
    {
        var age = _random.Next(0, 95);
        return _random.Next(8) == 0 ? age + "岁" : age.ToString(CultureInfo.InvariantCulture);
    }

    private string Sex() => _random.Next(10) switch
    {
        0 => Pick(["男性", "女性"]),
        1 => Pick(["1", "2"]),
        2 => Pick(["M", "F"]),
        _ => Pick(["男", "女"]),
    };

    private string Company() =>
        Pick(["北京", "上海", "深圳", "杭州", "成都", "武汉"]) + Pick(["星辰", "华信", "东方", "金桥", "瑞丰", "鼎盛", "宏达", "恒通"]) + Pick(["科技", "贸易", "建设", "物流", "餐饮", "医药"]) + Pick(["有限公司", "股份有限公司", "有限责任公司"]);

    private string DigitTypo(string value)
    {
        var chars = value.ToCharArray();
        var digits = Enumerable.Range(0, chars.Length).Where(i => char.IsAsciiDigit(chars[i])).ToArray();
        if (digits.Length == 0)
        {
            return value;
        }

        var at = digits[_random.Next(Math.Max(1, digits.Length - 4), digits.Length)];
        chars[at] = (char)('0' + ((chars[at] - '0' + _random.Next(1, 10)) % 10));
        return new string(chars);
    }

    private string CharTypo(string value)
    {
        var chars = value.ToCharArray();
        var at = _random.Next(10, 17);
        chars[at] = chars[at] == '0' ? '1' : '0';
        return new string(chars);
    }

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    private string Number(int digits)
    {
        var sb = new StringBuilder(digits);
        for (var i = 0; i < digits; i++)
        {
            sb.Append((char)('0' + _random.Next(10)));
        }

        return sb.ToString();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
