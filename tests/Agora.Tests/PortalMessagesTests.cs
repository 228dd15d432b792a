using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Agora.Testing;
using Agora.Web.Localization;

namespace Agora.Tests;

/// <summary>
/// The portal's table of workflow and API messages: each English line, filled in, comes back in Chinese with its parts
/// in place; what the table does not know comes back as it is; the English reader keeps the English.
/// </summary>
public sealed partial class PortalMessagesTests
{
    [GeneratedRegex(@"\{([0-9])\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    private static string Fill(string text) => Placeholder().Replace(text, m => "Q" + m.Groups[1].Value + "q");

    [Fact]
    public void Every_line_of_the_table_filled_in_comes_back_in_Chinese_with_its_parts()
    {
        Assert.True(Messages.Table.Count >= 150, $"the table holds {Messages.Table.Count} lines");
        Assert.Equal(Messages.Table.Count, Messages.Table.Select(m => m.En).Distinct(StringComparer.Ordinal).Count());
        foreach (var (en, zh) in Messages.Table)
        {
            Assert.Matches(Chinese(), zh);
            // The Chinese uses only the parts the English has.
            var parts = Placeholder().Matches(en).Select(m => m.Value).ToHashSet();
            Assert.All(Placeholder().Matches(zh), m => Assert.Contains(m.Value, parts));
            Assert.Equal(Fill(zh), Messages.ToChinese(Fill(en)));
        }
    }

    [Theory]
    [InlineData("a request holds at most 20 attachments", "一个申请最多附 20 个附件")]
    [InlineData("an attachment may have at most 2000 bytes", "单个附件最大 2000 字节")]
    [InlineData("is required: a refusal must give its reason", "必填：驳回申请须说明理由")]
    [InlineData("your organization owns this dataset; it needs no request", "该数据集由本单位提供，无需申请")]
    [InlineData("the dataset is not shared with other bodies (不予共享); legal basis: 《数据安全法》第二十一条", "该数据集不予共享；法律依据：《数据安全法》第二十一条")]
    [InlineData("dataset 'hospitals' was not found", "未找到数据集“hospitals”")]
    [InlineData("request 0199a2c4-0000-7000-8000-000000000001 was not found", "未找到申请 0199a2c4-0000-7000-8000-000000000001")]
    [InlineData("the agreement of dataset 'x' was not found", "未找到数据集“x”的数据使用协议")]
    [InlineData("the request is approved; this needs it to be submitted or infoRequested", "申请当前状态为“已通过”，此操作要求状态为“待审核或待补充说明”")]
    [InlineData("datasetId: is required", "必填")]
    [InlineData("must have at most 4000 characters, not 4012", "最多 4000 个字符，当前为 4012 个")]
    [InlineData("must have at most 1,000,000 characters", "最多 1,000,000 个字符")]
    [InlineData("the unified social credit code must have 18 characters, not 17", "统一社会信用代码须为 18 位，当前为 17 位")]
    [InlineData("the host db.internal resolves to 10.0.0.5, which is a private, loopback, link-local or reserved address", "主机 db.internal 解析为 10.0.0.5，属于内网、回环、链路本地或保留地址，不允许使用")]
    [InlineData("must not contain 'control character'", "不得包含“控制字符”")]
    [InlineData("'{x}' is not a parameter: write {name} for one segment or {**name} for the rest", "“{x}”不是参数：单个路径段写作 {name}，其后全部写作 {**name}")]
    [InlineData("There is no column 'nosuch' (position 1 of $order).", "没有名为“nosuch”的列（$order 的第 1 个字符处）。")]
    [InlineData("The dataset cannot be open: Field 'sfzh' is tagged as a direct identifier in the schema. Remove the field (or its tag, if it holds no identifier) before opening. (gate judged on schema only: the dataset has no table data, so only its field schema was judged.)", "不能设为无条件开放：未通过开放闸门，各项检查见本页“隐私保护”一节（判断依据：仅依据表结构：该数据集没有数据表数据，因此只评估了数据项结构）。")]
    public void A_message_as_the_workflow_writes_it_reads_in_Chinese(string english, string chinese) =>
        Assert.Equal(chinese, Messages.ToChinese(english));

    [Theory]
    [InlineData("something new went wrong")]
    [InlineData("")]
    [InlineData("请选择要上传的文件")]
    [InlineData("reason: something new went wrong")]
    [InlineData("a request holds at most 20 attachments, and more")]
    public void A_message_the_table_does_not_know_comes_back_as_it_is(string message) =>
        Assert.Equal(message, Messages.ToChinese(message));

    /// <summary>What <paramref name="read"/> gives to a reader of <paramref name="culture"/> (as the portal sets it per request).</summary>
    private static string As(string culture, Func<string> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void The_English_reader_keeps_the_English_and_the_Chinese_reader_gets_the_table()
    {
        const string Refusal = "is required: a refusal must give its reason";
        Assert.Equal(Refusal, As("en", () => Messages.Show(Refusal)));
        Assert.Equal("必填：驳回申请须说明理由", As("zh-CN", () => Messages.Show(Refusal)));
    }

    [Fact]
    public void A_note_on_a_request_is_translated_only_when_it_is_the_workflow_s_own_whole_text()
    {
        Assert.Equal("无条件共享：已自动授权", As("zh-CN", () => Messages.ShowNote("shared without conditions (无条件共享): granted at once")));
        // What a person wrote stays as written, even when a template would read it.
        Assert.Equal("request 42 was not found", As("zh-CN", () => Messages.ShowNote("request 42 was not found")));
        Assert.Equal("超出职责范围", As("zh-CN", () => Messages.ShowNote("超出职责范围")));
        Assert.Equal("shared without conditions (无条件共享): granted at once", As("en", () => Messages.ShowNote("shared without conditions (无条件共享): granted at once")));
    }

    // A call that refuses with a message written in place: errors.Add("f", "…"), SharingException.State("…"),
    // Rule("code", "f", "…"), Problems.Conflict("f", $"…"). The message is the call's last argument on the line.
    [GeneratedRegex("""(?:errors\.Add|SharingException\.(?:Validation|Forbidden|State|Conflict)|\bRule|Problems\.(?:Validation|Forbidden|Conflict))\((?:[^;]*?,\s*)?(\$?)"(?<text>[^"\\]*)"\)""")]
    private static partial Regex RefusalCall();

    [GeneratedRegex(@"\{[^{}]+\}")]
    private static partial Regex Hole();

    [Fact]
    public void Every_refusal_the_sharing_workflow_and_its_API_write_in_place_has_a_Chinese_line()
    {
        var sources = new[] { "Workflow", "Api" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "Agora.Sharing", folder), "*.cs"));
        var messages = new List<(string File, string Text)>();
        foreach (var file in sources)
        {
            foreach (Match call in RefusalCall().Matches(File.ReadAllText(file)))
            {
                var text = call.Groups["text"].Value;
                // An interpolated hole stands for a value: fill it as the workflow would (a number, a name).
                messages.Add((Path.GetFileName(file), call.Groups[1].Value == "$" ? Hole().Replace(text, "42") : text));
            }
        }

        // The scan must find the workflow's refusals, or it proves nothing.
        Assert.True(messages.Count >= 40, $"only {messages.Count} refusals found");
        var missing = messages.Where(m => !Chinese().IsMatch(Messages.ToChinese(m.Text))).Select(m => $"{m.File}: {m.Text}").ToList();
        Assert.True(missing.Count == 0, "no Chinese line for:\n" + string.Join("\n", missing));
    }

    // The privacy gate as the scanner, the gate and the verdict write it for the console's dataset page.
    [Theory]
    [InlineData("column name '身份证号' contains '身份证' (居民身份证号码)", "列名“身份证号”包含“身份证”（居民身份证号码）")]
    [InlineData("98.3% of 60 non-empty values are resident ID numbers with a valid GB 11643 check character, province and birth date", "60 个非空值中有 98.3% 为校验位、省份和出生日期均符合 GB 11643 的居民身份证号码")]
    [InlineData("100.0% of 1,200 non-empty values are mainland mobile numbers (1[3-9] + 9 digits)", "1,200 个非空值中有 100.0% 为中国大陆手机号码（1[3-9] 加 9 位数字）")]
    [InlineData("1.7% have the right shape but a wrong check character (typos or fabricated numbers)", "1.7% 格式正确但校验位错误（可能是录入错误或编造的号码）")]
    [InlineData("100.0% are already masked (e.g. 110101********1234)", "100.0% 已脱敏（如 110101********1234）")]
    [InlineData("Luhn check passes for 92.5% of card-shaped values (a signal only: many Chinese cards fail it)", "92.5% 的卡号形态取值通过 Luhn 校验（仅供参考：许多国内银行卡号不满足该校验）")]
    [InlineData("years 1950–2004 (55 distinct)", "年份 1950–2004（55 个不同年份）")]
    [InlineData("of which 12.0% are GB/T 2261.1 sex codes (0/1/2/9), counted because of the column name", "其中 12.0% 为GB/T 2261.1 性别代码（0/1/2/9），因列名而计入")]
    [InlineData("of which 40.0% are integers from 0 to 120, counted because of the column name", "其中 40.0% 为0 到 120 的整数，因列名而计入")]
    [InlineData("at least 10,000 distinct values (99.5% of non-empty)", "至少 10,000 个不同值（占非空值的 99.5%）")]
    [InlineData("60 distinct values (100.0% of non-empty)", "60 个不同值（占非空值的 100.0%）")]
    [InlineData("3 of 60 rows are blank", "60 行中有 3 行为空")]
    [InlineData("closest type BirthDate scored 0.32, below the 0.5 threshold", "最接近的类型 BirthDate 得分 0.32，低于阈值 0.5")]
    [InlineData("every value is blank; the column name alone suggests the type", "所有值均为空，仅凭列名推断类型")]
    [InlineData(
        "'身份证号' holds 居民身份证号码 (residentId) untransformed, confidence 1.00: column name '身份证号' contains '身份证' (居民身份证号码); 100.0% of 60 non-empty values are resident ID numbers with a valid GB 11643 check character, province and birth date; 60 distinct values (100.0% of non-empty). Drop, mask or pseudonymize it.",
        "“身份证号”含有未经处理的居民身份证号码（residentId），置信度 1.00：列名“身份证号”包含“身份证”（居民身份证号码）；60 个非空值中有 100.0% 为校验位、省份和出生日期均符合 GB 11643 的居民身份证号码；60 个不同值（占非空值的 100.0%）。请删除该列，或对其脱敏、假名化。")]
    [InlineData("'身份证号' (居民身份证号码): 100.0% of values are masked.", "“身份证号”（居民身份证号码）：100.0% 的取值已脱敏。")]
    [InlineData("'手机' (手机号码) was transformed: pseudonymize.", "“手机”（手机号码）已处理：假名化。")]
    [InlineData("No direct identifier found in any column.", "所有列均未发现直接标识符。")]
    [InlineData("Highest prosecutor risk 0.1 ≤ 0.2 on 性别, 区县: every record shares its quasi-identifiers with at least 9 others.", "最高检察官攻击风险 0.1 ≤ 0.2（准标识符：性别, 区县）：每条记录的准标识符取值都至少与其他 9 条记录相同。")]
    [InlineData("Highest prosecutor risk 0.0167 ≤ 0.2 on no quasi-identifiers (the whole table is one class): every record shares its quasi-identifiers with at least 59 others.", "最高检察官攻击风险 0.0167 ≤ 0.2（准标识符：无（整张表为一个等价类））：每条记录的准标识符取值都至少与其他 59 条记录相同。")]
    [InlineData("Highest prosecutor risk 1 > 0.2 on 性别, 区县, 出生日期: the smallest class has 1 record(s); 85.0% of records are above the threshold and 80.0% are unique. Generalize or suppress (agora privacy anonymize).", "最高检察官攻击风险 1 > 0.2（准标识符：性别, 区县, 出生日期）：最小的等价类只有 1 条记录；85.0% 的记录风险超过阈值，80.0% 的记录是唯一的。请进行泛化或抑制（agora privacy anonymize）。")]
    [InlineData("Field 'sfzh' is tagged as a direct identifier in the schema. Remove the field (or its tag, if it holds no identifier) before opening.", "数据项“sfzh”在表结构中标注为直接标识符。开放前请删除该数据项（如其实际不含标识符，则取消该标注）。")]
    [InlineData("No field of the schema is tagged as a direct identifier.", "表结构中没有标注为直接标识符的数据项。")]
    [InlineData("'身份证号' is tagged as a direct identifier in the schema and is still in the table (version 2). Drop, mask or pseudonymize it and load the data again.", "“身份证号”在表结构中标注为直接标识符，但仍在数据表中（第 2 版）。请删除该列或对其脱敏、假名化，然后重新加载数据。")]
    [InlineData("Fields tagged as direct identifiers are not in the table data: sfzh, xm.", "以下标注为直接标识符的数据项不在数据表中：sfzh, xm。")]
    [InlineData("schema only: the dataset has no table data, so only its field schema was judged", "仅依据表结构：该数据集没有数据表数据，因此只评估了数据项结构")]
    [InlineData("table data (登记表 version 1, 60 rows)", "依据数据表数据（登记表 第 1 版，60 行）")]
    [InlineData(
        "table data (登记表 version 2, 250,000 rows; 门诊 version 1, 60 rows); risk measured on a sample, which can only overstate it: 登记表: 100,000 of 250,000 rows",
        "依据数据表数据（登记表 第 2 版，250,000 行；门诊 第 1 版，60 行）；风险按抽样测算，只会偏高：登记表：抽样 100,000 行，共 250,000 行")]
    [InlineData("holds 居民身份证号码 (residentId) but the schema tags it none: tag it as a direct identifier", "含有居民身份证号码（residentId），但表结构未作标注：请标注为直接标识符")]
    [InlineData("holds 手机号码 (mobilePhone) but the schema tags it quasiIdentifier: tag it as a direct identifier", "含有手机号码（mobilePhone），但表结构标注为准标识符：请标注为直接标识符")]
    [InlineData("holds 性别 (sex), a quasi-identifier, but the schema tags it none", "含有性别（sex），属于准标识符，但表结构未作标注")]
    [InlineData("tagged as a direct identifier, but no identifier was recognised in its values", "标注为直接标识符，但未在其取值中识别出标识符")]
    [InlineData("tagged in the schema, not a column of the table data", "已在表结构中标注，但数据表中没有该列")]
    // A "; " list of known messages reads item by item; with one unknown item the list stays as written.
    [InlineData(
        "'xm' holds 姓名 (personName) untransformed, confidence 0.90: something new; 60 distinct values (100.0% of non-empty). Drop, mask or pseudonymize it.",
        "“xm”含有未经处理的姓名（personName），置信度 0.90：something new; 60 distinct values (100.0% of non-empty)。请删除该列，或对其脱敏、假名化。")]
    public void The_privacy_gate_s_evidence_and_checks_read_in_Chinese(string english, string chinese) =>
        Assert.Equal(chinese, Messages.ToChinese(english));

    [Fact]
    public void A_check_under_a_table_title_keeps_the_title_and_reads_the_rest_in_the_reader_s_language()
    {
        const string Check = "登记表: No direct identifier found in any column.";
        Assert.Equal("登记表：所有列均未发现直接标识符。", As("zh-CN", () => Messages.ShowUnder("登记表", Check)));
        Assert.Equal(Check, As("en", () => Messages.ShowUnder("登记表", Check)));
        // Only the table's own title is split off: a message of another shape is read whole, an unknown one kept.
        Assert.Equal("所有列均未发现直接标识符。", As("zh-CN", () => Messages.ShowUnder("登记表", "No direct identifier found in any column.")));
        Assert.Equal("登记表: something new", As("zh-CN", () => Messages.ShowUnder("登记表", "登记表: something new")));
        Assert.Equal("门诊: something new", As("zh-CN", () => Messages.ShowUnder(null, "门诊: something new")));
    }

    /// <summary>
    /// The string literals of a C# source that are not inside another's interpolation hole, each hole filled with "42"
    /// (a value the privacy code would put there); comments and character literals are skipped.
    /// </summary>
    private static List<string> Literals(string source)
    {
        var found = new List<string>();
        var at = 0;
        while (at < source.Length)
        {
            if (source[at] == '/' && at + 1 < source.Length && source[at + 1] == '/')
            {
                var end = source.IndexOf('\n', at);
                at = end < 0 ? source.Length : end;
            }
            else if (source[at] == '\'')
            {
                at += source[at + 1] == '\\' ? 4 : 3;
            }
            else if (source[at] == '"' || (source[at] == '$' && source[at + 1] == '"'))
            {
                (var text, at) = ReadString(source, at);
                found.Add(text);
            }
            else
            {
                at++;
            }
        }

        return found;
    }

    private static (string Text, int End) ReadString(string source, int at)
    {
        var interpolated = source[at] == '$';
        at += interpolated ? 2 : 1;
        var text = new StringBuilder();
        while (source[at] != '"')
        {
            if (source[at] == '\\')
            {
                text.Append(source, at, 2);
                at += 2;
            }
            else if (interpolated && source[at] is '{' or '}' && source[at + 1] == source[at])
            {
                text.Append(source[at]);
                at += 2;
            }
            else if (interpolated && source[at] == '{')
            {
                // A hole: skip the expression, strings and parentheses in it included, and put a value in its place.
                var depth = 1;
                at++;
                while (depth > 0)
                {
                    if (source[at] == '"' || (source[at] == '$' && source[at + 1] == '"'))
                    {
                        at = ReadString(source, at).End;
                        continue;
                    }

                    depth += source[at] == '{' ? 1 : source[at] == '}' ? -1 : 0;
                    at++;
                }

                text.Append("42");
            }
            else
            {
                text.Append(source[at]);
                at++;
            }
        }

        return (text.ToString(), at + 1);
    }

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex Word();

    [Fact]
    public void Every_evidence_and_check_the_privacy_gate_writes_has_a_Chinese_line()
    {
        var sources = new[]
        {
            Path.Combine("src", "Agora.Privacy", "Detection", "ColumnDecision.cs"),
            Path.Combine("src", "Agora.Privacy", "Gate", "PublishGate.cs"),
            Path.Combine("src", "Agora", "Wiring", "Privacy", "PrivacyAssessor.cs"),
        };

        // The verdict's basis is put together from these two pieces around the tables; the Theory above reads it whole.
        string[] pieces = ["table data (", "; risk measured on a sample, which can only overstate it: "];
        var messages = sources
            .SelectMany(file => Literals(File.ReadAllText(Path.Combine(RepoPaths.Root, file))).Select(text => (File: Path.GetFileName(file), Text: text)))
            .Where(m => m.Text.Contains(' ', StringComparison.Ordinal) && Word().IsMatch(m.Text) && !pieces.Contains(m.Text))
            .ToList();

        // The 21 type phrases, the evidence, the gate's checks and the verdict's: the scan must find them, or it proves nothing.
        Assert.True(messages.Count >= 45, $"only {messages.Count} messages found:\n" + string.Join("\n", messages.Select(m => m.Text)));
        Assert.Equal(2, pieces.Count(p => sources.Any(file => File.ReadAllText(Path.Combine(RepoPaths.Root, file)).Contains("\"" + p + "\"", StringComparison.Ordinal))));
        // A check under a table's title reads as the page shows it: the title as it is, the message in Chinese.
        var missing = messages.Where(m => !Chinese().IsMatch(As("zh-CN", () => Messages.ShowUnder("42", m.Text)))).Select(m => $"{m.File}: {m.Text}").ToList();
        Assert.True(missing.Count == 0, "no Chinese line for:\n" + string.Join("\n", missing));
    }
}
