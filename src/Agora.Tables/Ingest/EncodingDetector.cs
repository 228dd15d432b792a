using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Agora.Tables.Ingest;

/// <summary>The text encoding of a file and where its text starts (after a byte-order mark).</summary>
internal sealed record DetectedEncoding(string Name, int BomLength)
{
    public bool IsUtf8 => Name == "utf-8";
}

/// <summary>
/// Finds a file's encoding by reading all of it: a strict UTF-8 check over every byte (so a GBK character on the last
/// line is not missed), byte-order marks, UTF-16 without a mark, and for legacy files a choice between GB18030 and
/// Big5 by decode validity and how common the decoded characters are.
/// </summary>
internal static class EncodingDetector
{
    private const int ChunkSize = 1 << 20;

    // Frequent characters in simplified and in traditional text, including the words of government tables.
    private const string Common =
        "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心本前开但因只从想实日者意无力与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西月话合回特代内信表化老给世位次度门任常先海通教原东提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指许统区保至队形社便空决治展科司五基书非则白界达光放强即难且权思象完设式色路记南品住告类求据程北边张该交规万取格望觉术领共确传师观清今切院让识候带导争运改收根干造言联持组每济车亲极林服快办议往元证近失转令准布始存未远台单影具字爱流备连调深商算质团集百需价花华城石级整府离况请技际约示复病息究线官火断精满支视消越器容照须九增研写称企八功包片史委查轻易早曾除农找装广显李标图六引历首医局专费号另周较注语仅考落青随选列武红响推势参古众构房半节土投某案黑维划致陈律足态护七兴派验责营星章音跟志底站严例防族供效续施留讲型料终答紧黄绝察母京段依批群项故按河米围江织害双境客纪采举父苏密低朝友诉止细千值仍男钱破网热助育属坐限船职速刻乐否刚威状率独球般普校创假久错承印试股预益阳若微继送急血伤素药适波夜省初喜卫源食险待述陆置居劳财环排福纳欢雷获模充负云停木游龙树层冷洲略范句室异激汉村策演简罪判担州静退既衣宗积余检差富协角占配征修皮降阶审坚善读超免压银买养执副乱抗犯追帮宣岁航优香田铁控税左右份艺背阵草概块顿守酒岛央户烈洋款靠评版宝座释景顾登货互付欧换闻核暗介丽良序升监临露永域沙括鱼杂误湾吉减编测败屋温困封救贵缺楼县尚移班智短掌遗固席松秘遇康幸均销藏剧票损旧端探湖录春乡附吸礼港雨板庭妇归饭额含顺输招婚补督油疗旅泽材逐笔鲜词择寻厂博授岸健堂宫借禁阴园避荣孙束顶玉镇雪练篇肉馆遍础洞卷坦牛宁纸训私庄祖丝翻森塔握熟骨访弱蒙歌店典欲伙盘扩盖稳亿拥齐赛趣曲床迎冰虚析窗透购替塞努休扬途侵刑绿迅套贸毕谷轮库迹竞街促延震甲伟麻川申缓售灯针络抵植纯夏页杰筑折郑贝尊吴秀混振染盛舞圆措姓残秋培迷诚宽宇猛梅伸摩盟末乃拍丁赵硬麦操阻订彩抽魔纷沿违浪汇币丰蓝殊献桌援译夺汽烧距裁偏符勇触课敬墙召罚厅拜巧侧韩债融享童乘挂奖绍厚纵障讯涉彻刊丈役描洗患妙镜签仿倾牌陷播朗杜奶季丹尾仪珠驻孔宜桥淡繁寒伴愈潮粮缩聚径挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞鼻羊厉衡胞零穷码魂灾洪俗胸晓劲贫仁偶辑邦恢圈润堆稍迟辆废净署壁御旋冬矿晨伏吹鸡倍秦盾杯租骑隆诊摄污渡旗甘耐凭粗肩梁综爬荷悉返井壮薄扫敏碍殖详矛允幅凯颗赏液番箱贴漫酸郎腰舒浮辛餐挺励辞键伍峰尺黎辈贯侦滑券崇扰宪绕趋慈阅枝墨插箭粉泥氏彭拔凤慧媒佩驱惜豪兼跃肃驶堡届欣惠册储桑闲洁踪勃宾频磨递撞拟滚奏巡颜剂绩贡坡截燃焦殿柳锁颇劝呈搜勤戒驾漂饮曹朵柔孟腐幼践籍牧凉佳浓芳稿竹腹垂遵脉貌柏狱陶帐饰贷昌叙钢沟寄扶铺邓寿询汤盗肥辉扣廷澳董迁凝慰腾幽鞋埋泉涌辖晋紫艰魏祝邮鉴械邻赤挤椅陪割揭韦悟聪雾锋梯祥阔誉筹丛牵鸣沈阁穆屈旨袖臂贺柱鼠牢逊迈欺吨琴衰瓶燕仲诱池卢仗冠粒遥吕玄尘冯抚浅敦纠钻晶峡苍喷耗凌敲菌赔涂粹扁亏寂煤熊恭湿循暖糖赋抑秩帽宿踏袁侯夹昆肝擦猪炼恒慎搬纽纹玻渔磁铜齿跨押漠疲遣兹祭拳斜档稀捷肤疫豆削岗宏肚履涨耀扭坛拨沃绘伐堪郭墓雇廉契拼覆刷瓜雕乳串缴赢莲桃妥搭赴岳嘉舱俊址庞耕锐缝邀玲添挖讼氧浩羽斤酷妨汪莉悬翰仓轨枚盐览傅帅庙芬屏寺胖璃滴疏萧姿劣柯寸扔辨蜂腔郁葛苗忌鸿爵鹏丘桂滋聊挡纲肌壳痕碗穴膀卓贤卧膜毅锦函昂薛豫胃舌傲拾陵棉晴铃填饲渴扮逆脆罩炉柴愉绳胎蓄眠竭慕扇柜悦诞饱乾泡亭酬儒姻卵氛泄杆僧蜜遂狭肖甜虾斑枯庸谊嫁虹牡汰沾煌谱喉菩潘杏僵抹晰肢矫兆卑糕蕴卸钓辅莎腕苹舟锻颁渗渊蝶壶沪捐渠蒸颂窃杖抄宰颈禽炭坑萝喻溪肺馈逸畜疆旱锤姜殷彰嵌矩摧" +
        "這個們來為國說時會對發後裡種經麼學現當沒動還進樣實軍與長機從開無關點業將兩間問應戰頭體見產資華電數報結總變計統區隊處員組證論權數據單價號醫專費區縣鎮鄉街許標圖層寫稱廣顯歷農裝聯網務條級類歲項獎優質環區輸設備稅務銷售額價總計億萬臺灣門戶網站檢驗檢測醫療機構學校";

    private static readonly SearchValues<char> CommonChars = SearchValues.Create(Common);

    /// <param name="nulCheckFrom">Files at least this big are checked for NUL bytes here, as they may skip the full scan.</param>
    public static DetectedEncoding Detect(string path, long nulCheckFrom, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (stream.Length == 0)
        {
            throw new IngestException("empty-file", "The file is empty.");
        }
        Span<byte> head = stackalloc byte[4];
        var headLength = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        head = head[..headLength];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            ValidateUtf8(stream, 3, stream.Length >= nulCheckFrom, cancellationToken);
            return new DetectedEncoding("utf-8", 3);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new DetectedEncoding("utf-16le", 2);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new DetectedEncoding("utf-16be", 2);
        }
        var utf16 = SniffUtf16(stream);
        if (utf16 is not null)
        {
            return new DetectedEncoding(utf16, 0);
        }
        var invalidAt = ValidateUtf8(stream, 0, stream.Length >= nulCheckFrom, cancellationToken);
        if (invalidAt < 0)
        {
            return new DetectedEncoding("utf-8", 0);
        }
        return new DetectedEncoding(ChooseLegacy(stream, invalidAt), 0);
    }

    /// <summary>Returns -1 when all bytes from <paramref name="start"/> are UTF-8, else the offset of the first bad byte.</summary>
    /// <remarks>With a BOM the file says it is UTF-8, so a bad byte is an error here, not a hint of another encoding.</remarks>
    private static long ValidateUtf8(FileStream stream, int start, bool nulCheck, CancellationToken cancellationToken)
    {
        stream.Position = start;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize + 4);
        try
        {
            long offset = start;
            var carry = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = stream.Read(buffer, carry, ChunkSize);
                var length = carry + read;
                var final = read == 0;
                var span = buffer.AsSpan(0, length);
                // Keep an incomplete sequence at the end of the chunk for the next read.
                var cut = final ? length : CompleteLength(span);
                // Big files may skip the full scan that would name the column, so NUL bytes are caught here.
                var nul = nulCheck ? span[..cut].IndexOf((byte)0) : -1;
                if (nul >= 0)
                {
                    throw Nul(stream, offset + nul);
                }
                if (!Utf8.IsValid(span[..cut]))
                {
                    var index = FirstInvalid(span[..cut]);
                    var bad = offset + index;
                    if (final && IsIncompleteTail(span[index..cut]))
                    {
                        var line = LineOf(stream, bad);
                        throw new IngestException("truncated-file", $"The file ends in the middle of a character (line {line}, byte {bad}): it is truncated.", line, byteOffset: bad);
                    }
                    if (start == 3)
                    {
                        throw Invalid(stream, bad, "utf-8");
                    }
                    return bad;
                }
                if (final)
                {
                    return -1;
                }
                span[cut..].CopyTo(buffer);
                offset += cut;
                carry = length - cut;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int CompleteLength(ReadOnlySpan<byte> span)
    {
        for (var back = 1; back <= 3 && back <= span.Length; back++)
        {
            var b = span[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            var need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return need > back ? span.Length - back : span.Length;
        }
        return span.Length;
    }

    private static bool IsIncompleteTail(ReadOnlySpan<byte> tail)
    {
        if (tail.Length is 0 or > 3)
        {
            return false;
        }
        var need = tail[0] >= 0xF0 ? 4 : tail[0] >= 0xE0 ? 3 : tail[0] >= 0xC2 ? 2 : 0;
        for (var i = 1; i < tail.Length; i++)
        {
            if ((tail[i] & 0xC0) != 0x80)
            {
                return false;
            }
        }
        return need > tail.Length;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> span)
    {
        var chars = ArrayPool<char>.Shared.Rent(span.Length);
        try
        {
            Utf8.ToUtf16(span, chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            return read;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static string? SniffUtf16(FileStream stream)
    {
        var sample = new byte[(int)Math.Min(4096, stream.Length) & ~1];
        stream.Position = 0;
        stream.ReadExactly(sample);
        if (sample.Length < 4)
        {
            return null;
        }
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }
        var pairs = sample.Length / 2;
        return oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05 ? "utf-16le"
            : evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05 ? "utf-16be"
            : null;
    }

    private static string ChooseLegacy(FileStream stream, long invalidAt)
    {
        // A run of real UTF-8 characters before the first bad byte means UTF-8 text with something else pasted in.
        var prefixLength = (int)Math.Min(invalidAt, 16 << 20);
        var prefix = new byte[prefixLength];
        stream.Position = invalidAt - prefixLength;
        stream.ReadExactly(prefix);
        var utf8Chars = 0;
        foreach (var b in prefix)
        {
            utf8Chars += b >= 0xC2 ? 1 : 0;
        }
        if (utf8Chars >= 8)
        {
            throw new IngestException(
                "mixed-encodings",
                $"The file is UTF-8 up to line {LineOf(stream, invalidAt)} (byte {invalidAt}) and then has bytes that are not UTF-8: it mixes encodings. Save it in one encoding, or name the encoding to use.",
                LineOf(stream, invalidAt),
                byteOffset: invalidAt);
        }
        var lineStart = prefix.AsSpan().LastIndexOf((byte)'\n') + 1;
        var sampleStart = invalidAt - prefixLength + lineStart;
        var sample = new byte[(int)Math.Min(1 << 20, stream.Length - sampleStart)];
        stream.Position = sampleStart;
        stream.ReadExactly(sample);
        var gb = Score(DbcsDecoder.Gb18030, sample);
        var big5 = Score(DbcsDecoder.Big5, sample);
        return big5 > gb ? "big5" : "gb18030";
    }

    private static double Score(DbcsDecoder decoder, byte[] sample)
    {
        var output = new byte[sample.Length * 2];
        var offset = 0;
        var invalid = 0;
        var written = 0;
        while (offset < sample.Length)
        {
            var status = decoder.Decode(sample.AsSpan(offset), output.AsSpan(written), final: true, out var consumed, out var w);
            offset += consumed;
            written += w;
            if (status == OperationStatus.InvalidData)
            {
                invalid++;
                offset++;
            }
        }
        var text = Encoding.UTF8.GetString(output, 0, written);
        int cjk = 0, common = 0;
        foreach (var c in text)
        {
            if (c >= 0x2E80)
            {
                cjk++;
                common += CommonChars.Contains(c) ? 1 : 0;
            }
        }
        return cjk == 0 ? -invalid : ((double)common / cjk) - (invalid * 10.0 / Math.Max(1, cjk));
    }

    internal static long LineOf(Stream stream, long offset)
    {
        var saved = stream.Position;
        stream.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        long line = 1;
        long remaining = offset;
        while (remaining > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                break;
            }
            line += buffer.AsSpan(0, read).Count((byte)'\n');
            remaining -= read;
        }
        ArrayPool<byte>.Shared.Return(buffer);
        stream.Position = saved;
        return line;
    }

    /// <summary>A NUL byte: a text table never has one, so the file is binary or damaged.</summary>
    internal static IngestException Nul(Stream stream, long offset)
    {
        var line = LineOf(stream, offset);
        return new IngestException("nul-byte", $"Line {line} (byte {offset}) contains a NUL byte: the file is binary or damaged.", line, byteOffset: offset);
    }

    internal static IngestException Invalid(Stream stream, long offset, string encoding)
    {
        var line = LineOf(stream, offset);
        return new IngestException(
            "invalid-encoding",
            $"Byte {offset} (line {line}) is not valid {encoding}. The file is damaged or mixes encodings; save it in one encoding or name the right one.",
            line,
            byteOffset: offset);
    }
}
