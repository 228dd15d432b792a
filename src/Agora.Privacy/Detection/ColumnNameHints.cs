using System.Text;

namespace Agora.Privacy.Detection;

/// <summary>What a column's name (Chinese, English or the pinyin initials common in government systems) says it holds.</summary>
internal static class ColumnNameHints
{
    private sealed record Hint(PiiType Type, string[] Contains, string[] Exact, string[]? Excludes = null);

    private static readonly Hint[] Hints =
    [
        new(PiiType.ResidentId, ["身份证", "公民身份号码", "证件号", "身份号码", "idcard", "idnumber", "identitynumber", "identitycard", "nationalid", "citizenid", "residentid", "sfzh", "zjhm"], ["idno", "sfz", "sfzhm", "ssn"]),
        new(PiiType.Passport, ["护照", "通行证", "passport"], ["hzhm", "hzh"]),
        new(PiiType.MobilePhone, ["手机", "移动电话", "联系电话", "联系方式", "电话", "mobile", "cellphone", "phone", "telephone"], ["sjhm", "sjh", "lxdh", "tel", "cell", "=contact"]),
        new(PiiType.Landline, ["固定电话", "座机", "办公电话", "联系电话", "电话", "传真", "landline", "telephone", "phone", "fax"], ["gddh", "lxdh", "tel", "bgdh"]),
        new(PiiType.Email, ["邮箱", "电子邮件", "电邮", "email", "mail"], ["dzyx", "=yx"]),
        new(PiiType.BankCard, ["银行卡", "卡号", "银行账号", "银行帐号", "账号", "帐号", "bankcard", "cardno", "cardnumber", "bankaccount", "accountno", "accountnumber", "iban"], ["yhkh", "yhzh", "=kh"]),
        new(PiiType.SocialCreditCode, ["统一社会信用代码", "社会信用代码", "信用代码", "uscc", "creditcode", "socialcredit"], ["tyshxydm", "xydm"]),
        new(PiiType.PersonName, ["姓名", "联系人", "法定代表人", "法人代表", "负责人", "户主", "申请人", "患者", "当事人", "投诉人", "经办人", "fullname", "personname", "firstname", "lastname", "surname", "givenname", "contactname", "realname", "username"], ["=name", "xm", "lxr", "fddbr", "fzr", "nameen", "namezh", "=owner", "=applicant"], ["单位", "机构", "企业", "公司", "名称", "文件", "company", "org", "file", "product"]),
        new(PiiType.Address, ["地址", "住址", "住所", "居住地", "户籍地", "家庭住址", "通讯地址", "详细地址", "门牌", "address", "street", "addr"], ["=dz", "jtzz", "hjdz", "=zz", "xxdz", "txdz"], ["ip", "邮箱", "email", "mail", "网址", "url", "区划", "代码", "编码", "邮编"]),
        new(PiiType.LicensePlate, ["车牌", "号牌", "licenseplate", "plate", "vehicleno", "platenumber"], ["cph", "hphm", "cphm"]),
        new(PiiType.IpAddress, ["ip地址", "ipaddr", "ipaddress", "clientip", "remoteip", "sourceip", "loginip", "登录ip", "访问ip"], ["ip", "ipv4", "ipv6", "srcip", "dstip"]),
        new(PiiType.Coordinates, ["经纬度", "坐标", "经度", "纬度", "latitude", "longitude", "coordinate", "gps", "geolocation", "定位"], ["lat", "lng", "lon", "=jd", "=wd", "=location", "=position", "=point", "=geom", "jwd", "=xy"]),
        new(PiiType.BirthDate, ["出生", "生日", "birth", "dob", "birthday"], ["csrq", "csny", "=sr"]),
        new(PiiType.Age, ["年龄", "岁数", "周岁", "age"], ["nl", "=sui"], ["page", "stage", "image", "usage", "percentage", "storage", "wage", "agent", "message", "garbage", "package", "language", "average", "mileage", "voltage", "coverage", "mortgage", "damage", "manage"]),
        new(PiiType.Sex, ["性别", "gender", "sex"], ["xb", "xingbie"], ["sexual"]),
        new(PiiType.Ethnicity, ["民族", "族别", "ethnic", "ethnicity"], ["mz", "=nation", "race"]),
        new(PiiType.RegionCode, ["行政区划", "区划", "行政区代码", "地区代码", "区县代码", "regioncode", "divisioncode", "adcode", "areacode", "districtcode", "countycode"], ["xzqh", "xzqhdm", "qhdm", "=region", "=division", "=area"], ["电话", "phone", "tel"]),
        new(PiiType.Postcode, ["邮编", "邮政编码", "postcode", "postalcode", "zipcode", "zip"], ["yzbm", "=yb"]),
        new(PiiType.Occupation, ["职业", "工种", "occupation", "profession", "jobtitle", "职务"], ["zy", "job", "=work", "zhiye"], ["单位", "地点"]),
        new(PiiType.Education, ["学历", "文化程度", "受教育程度", "教育程度", "最高学历", "education", "degree", "schooling"], ["xl", "whcd", "edu"]),
        new(PiiType.MaritalStatus, ["婚姻", "婚否", "marital", "marriage"], ["hyzk", "=hy"]),
    ];

    public static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Every type the column name suggests, with the keyword that matched.</summary>
    public static List<(PiiType Type, string Keyword)> Match(string columnName)
    {
        var normalized = Normalize(columnName);
        var tokens = Tokens(columnName);
        var hits = new List<(PiiType, string)>();
        if (normalized.Length == 0)
        {
            return hits;
        }

        foreach (var hint in Hints)
        {
            if (hint.Excludes is not null && hint.Excludes.Any(e => normalized.Contains(e, StringComparison.Ordinal)))
            {
                continue;
            }

            // '=word' must be the whole name; other exact words may also be one word of a compound name.
            var keyword = hint.Exact.FirstOrDefault(e => e[0] == '=' ? normalized == e[1..] : normalized == e || tokens.Contains(e))
                ?? hint.Contains.FirstOrDefault(c => normalized.Contains(c, StringComparison.Ordinal));
            if (keyword is not null)
            {
                hits.Add((hint.Type, keyword));
            }
        }

        return hits;
    }

    /// <summary>Splits 'customerPhone', 'cust_phone_no' and 'Customer Phone' into lower-case words.</summary>
    private static HashSet<string> Tokens(string name)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        char previous = '\0';
        foreach (var c in name.Trim())
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                Flush();
            }
            else
            {
                if (char.IsAsciiLetterUpper(c) && char.IsAsciiLetterLower(previous))
                {
                    Flush();
                }

                sb.Append(char.ToLowerInvariant(c));
            }

            previous = c;
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (sb.Length > 0)
            {
                tokens.Add(sb.ToString());
                sb.Clear();
            }
        }
    }
}
