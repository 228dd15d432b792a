using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Cn.Smart.Hhmm;
using Lucene.Net.Analysis.TokenAttributes;

namespace Agora.Search.Analysis;

/// <summary>
/// SmartCn's HHMM word segmentation (the same dictionaries and model as <c>HMMChineseTokenizer</c>), with text split
/// into clauses at punctuation and white space and each clause's segmentation memoized in a <see cref="SegmentCache"/>.
/// </summary>
internal sealed class ChineseTokenizer : Tokenizer
{
    private readonly ICharTermAttribute termAttribute;
    private readonly IOffsetAttribute offsetAttribute;
    private readonly ITypeAttribute typeAttribute;
    private readonly HHMMSegmenter segmenter = new();
    private readonly SegTokenFilter segTokenFilter = new();
    private readonly SegmentCache cache;
    private string text = "";
    private int position;
    private CachedToken[] clause = [];
    private int clauseIndex;
    private int clauseStart;

    public ChineseTokenizer(TextReader input, SegmentCache cache)
        : base(input)
    {
        this.cache = cache;
        termAttribute = AddAttribute<ICharTermAttribute>();
        offsetAttribute = AddAttribute<IOffsetAttribute>();
        typeAttribute = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        while (clauseIndex >= clause.Length)
        {
            if (!NextClause())
            {
                return false;
            }
        }
        var token = clause[clauseIndex++];
        termAttribute.SetEmpty().Append(token.Term);
        offsetAttribute.SetOffset(CorrectOffset(clauseStart + token.Start), CorrectOffset(clauseStart + token.End));
        typeAttribute.Type = "word";
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        text = m_input.ReadToEnd();
        position = 0;
        clause = [];
        clauseIndex = 0;
        clauseStart = 0;
    }

    public override void End()
    {
        base.End();
        var final = CorrectOffset(text.Length);
        offsetAttribute.SetOffset(final, final);
    }

    private bool NextClause()
    {
        while (position < text.Length && IsBreak(text[position]))
        {
            position++;
        }
        if (position >= text.Length)
        {
            return false;
        }
        var start = position;
        while (position < text.Length && !IsBreak(text[position]))
        {
            position++;
        }
        var sentence = text.Substring(start, position - start);
        if (!cache.TryGet(sentence, out var tokens))
        {
            tokens = Segment(sentence);
            cache.Add(sentence, tokens);
        }
        clause = tokens;
        clauseIndex = 0;
        clauseStart = start;
        return true;
    }

    // Mirrors SmartCn's WordSegmenter (internal there): drop the sentence markers, take the original text of
    // Latin and digit runs, then normalize full-width forms and case.
    private CachedToken[] Segment(string sentence)
    {
        var raw = segmenter.Process(sentence);
        if (raw.Count <= 2)
        {
            return [];
        }
        var result = new List<CachedToken>(raw.Count - 2);
        for (var i = 1; i < raw.Count - 1; i++)
        {
            var st = raw[i];
            if (st.WordType is WordType.STRING or WordType.NUMBER or WordType.FULLWIDTH_NUMBER or WordType.FULLWIDTH_STRING)
            {
                st.CharArray = sentence.AsSpan(st.StartOffset, st.EndOffset - st.StartOffset).ToArray();
            }
            st = segTokenFilter.Filter(st);
            result.Add(new CachedToken(new string(st.CharArray), st.StartOffset, st.EndOffset));
        }
        return [.. result];
    }

    private static bool IsBreak(char c) => char.IsWhiteSpace(c) || Utility.GetCharType(c) == CharType.DELIMITER;
}
