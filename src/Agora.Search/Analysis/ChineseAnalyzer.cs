using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;

namespace Agora.Search.Analysis;

/// <summary>
/// SmartChineseAnalyzer's chain (HHMM words, Porter stemming of Latin words) over the memoizing
/// <see cref="ChineseTokenizer"/>. Its stop filter is left out: the stop set holds only punctuation, which the
/// tokenizer never emits.
/// </summary>
internal sealed class ChineseAnalyzer(SegmentCache cache) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new ChineseTokenizer(reader, cache);
        return new TokenStreamComponents(tokenizer, new PorterStemFilter(new LatinOnlyStemming(tokenizer)));
    }

    public override int GetPositionIncrementGap(string fieldName) => 100;

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
