using System.Globalization;
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
}
