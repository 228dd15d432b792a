using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Agora.Search.Analysis;

/// <summary>English text: <see cref="EnglishAnalyzer"/> with a gap between the values of a multi-valued field.</summary>
internal sealed class EnglishTextAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(LuceneVersion.LUCENE_48, reader);
        TokenStream result = new EnglishPossessiveFilter(LuceneVersion.LUCENE_48, source);
        result = new FastLowerCaseFilter(result);
        result = new StopFilter(LuceneVersion.LUCENE_48, result, EnglishAnalyzer.DefaultStopSet);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    public override int GetPositionIncrementGap(string fieldName) => 100;
}

/// <summary>Whole lower-cased words without stemming, for prefix suggestions on English titles.</summary>
internal sealed class PlainWordAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
        new(new WordCharTokenizer(reader));

    public override int GetPositionIncrementGap(string fieldName) => 100;
}

/// <summary>Codes separated by spaces, each one lower-cased token: theme codes, formats, identifiers, column names.</summary>
internal sealed class TagAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new WhitespaceTokenizer(LuceneVersion.LUCENE_48, reader);
        return new TokenStreamComponents(source, new FastLowerCaseFilter(source));
    }

    public override int GetPositionIncrementGap(string fieldName) => 100;
}

/// <summary>Lower-cased runs of letters and digits, for prefix suggestions on English titles and keywords.</summary>
internal sealed class WordCharTokenizer(TextReader input) : Lucene.Net.Analysis.Util.CharTokenizer(LuceneVersion.LUCENE_48, input)
{
    protected override bool IsTokenChar(int c) => c < 0x3000 && char.IsLetterOrDigit((char)c);

    protected override int Normalize(int c) => c < 128 ? (c is >= 'A' and <= 'Z' ? c + 32 : c) : char.ToLowerInvariant((char)c);
}

/// <summary>
/// Lower-cases terms like <see cref="LowerCaseFilter"/>, without its per-call culture machinery for the ASCII letters
/// that make up most terms here.
/// </summary>
internal sealed class FastLowerCaseFilter : TokenFilter
{
    private readonly ICharTermAttribute term;

    public FastLowerCaseFilter(TokenStream input)
        : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        var buffer = term.Buffer;
        for (var i = 0; i < term.Length; i++)
        {
            var c = buffer[i];
            if (c < 128)
            {
                if (c is >= 'A' and <= 'Z')
                {
                    buffer[i] = (char)(c + 32);
                }
            }
            else if (char.IsUpper(c))
            {
                // Only cased letters reach the culture tables; Han characters never do.
                buffer[i] = char.ToLowerInvariant(c);
            }
        }
        return true;
    }
}
