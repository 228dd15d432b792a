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
