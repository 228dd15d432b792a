using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;

namespace Agora.Search.Analysis;

/// <summary>
/// SmartChineseAnalyzer's chain (HHMM words, Porter stemming of Latin words) over the memoizing
/// <see cref="ChineseTokenizer"/>, plus the character pairs inside words of three characters or more at the same
/// position: SmartCn reads 北京市 as one word, and someone typing 北京 should find it (without a second field and a
/// second posting list per query word). The stop filter is left out: its stop set holds only punctuation, which
/// the tokenizer never emits.
/// </summary>
internal sealed class ChineseAnalyzer(SegmentCache cache) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new ChineseTokenizer(reader, cache);
        return new TokenStreamComponents(tokenizer, new InnerPairs(new PorterStemFilter(new LatinOnlyStemming(tokenizer))));
    }

    public override int GetPositionIncrementGap(string fieldName) => 100;

    /// <summary>After a Han word of three or more characters, its overlapping pairs, stacked on the word.</summary>
    private sealed class InnerPairs : TokenFilter
    {
        private readonly ICharTermAttribute term;
        private readonly IOffsetAttribute offset;
        private readonly IPositionIncrementAttribute increment;
        private string word = "";
        private int start;
        private int next = -1;

        public InnerPairs(TokenStream input)
            : base(input)
        {
            term = AddAttribute<ICharTermAttribute>();
            offset = AddAttribute<IOffsetAttribute>();
            increment = AddAttribute<IPositionIncrementAttribute>();
        }

        public override bool IncrementToken()
        {
            if (next >= 0 && next + 2 <= word.Length)
            {
                term.SetEmpty().Append(word[next]).Append(word[next + 1]);
                offset.SetOffset(start + next, start + next + 2);
                increment.PositionIncrement = 0;
                next++;
                return true;
            }
            next = -1;
            if (!m_input.IncrementToken())
            {
                return false;
            }
            if (term.Length >= 3 && IsHan(term.Buffer[0]) && offset.EndOffset - offset.StartOffset == term.Length)
            {
                word = term.ToString();
                start = offset.StartOffset;
                next = 0;
            }
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            next = -1;
        }

        private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
    }

    /// <summary>Marks words without Latin letters as keywords, which the stemmer then passes untouched.</summary>
    private sealed class LatinOnlyStemming : TokenFilter
    {
        private readonly ICharTermAttribute term;
        private readonly IKeywordAttribute keyword;

        public LatinOnlyStemming(TokenStream input)
            : base(input)
        {
            term = AddAttribute<ICharTermAttribute>();
            keyword = AddAttribute<IKeywordAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
            {
                return false;
            }
            keyword.IsKeyword = term.Length == 0 || !char.IsAsciiLetter(term.Buffer[0]);
            return true;
        }
    }
}
