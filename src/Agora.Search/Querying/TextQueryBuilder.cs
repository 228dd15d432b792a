using Agora.Search.Analysis;
using Agora.Search.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Agora.Search.Querying;

/// <summary>
/// Builds the Lucene query for what a user typed, without a query parser: nothing typed can raise a syntax error or
/// reach Lucene syntax (fields, wildcards, ranges). Words and "quoted phrases" must all match, each in any field;
/// Chinese text is segmented into words first. Matches in titles and keywords weigh most.
/// </summary>
internal sealed class TextQueryBuilder(AnalyzerSet analyzers)
{
    public const int MaxChars = 256;
    private const int MaxItems = 24;
    private const float TieBreaker = 0.1f;

    // Function words that would make every query containing them miss; they are still indexed.
    private static readonly HashSet<string> ChineseQueryStopWords = new(StringComparer.Ordinal)
    {
        "的", "了", "和", "与", "及", "或", "在", "是", "等", "之", "对", "于", "把", "被", "从", "中", "有", "关于",
    };

    private const float TitleBoost = 4f;
    private const float TagBoost = 2f;

    private readonly LongerWords longerWords = new();

    /// <summary>Null when nothing was typed (browse everything); otherwise a query, possibly matching nothing.</summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="reader">When given, clauses for words the index does not hold are left out: a disjunction of one
    /// clause, or a boost that can never apply, still costs a scorer per matching document.</param>
    /// <param name="phrasesByPairs">Quoted phrases as phrases of adjacent-word pairs (see
    /// <see cref="ChineseAnalyzer.PairTerm"/>); false reads the words' positions, as before the pairs were indexed.</param>
    public ParsedText? Build(string? text, IndexReader? reader = null, bool phrasesByPairs = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var items = Parse(text.Length > MaxChars ? text[..MaxChars] : text);
        var query = new BooleanQuery();
        var highlight = new HighlightTerms();
        var chineseTerms = new List<string>();
        foreach (var item in items.Take(MaxItems))
        {
            var itemQuery = item.Kind switch
            {
                ItemKind.ChineseWord => ChineseWordQuery(item.Text, highlight, reader),
                ItemKind.Word => WordQuery(item.Text, phrase: false, highlight, reader),
                _ => WordQuery(item.Text, phrase: true, highlight, reader, phrasesByPairs),
            };
            if (itemQuery is not null)
            {
                query.Add(itemQuery, Occur.MUST);
            }
            if (item.Kind == ItemKind.ChineseWord)
            {
                chineseTerms.Add(item.Text);
            }
        }
        if (query.Clauses.Count > 1 && chineseTerms.Count > 1)
        {
            // Words typed together rank higher when the title has them close together. Matching is decided by the
            // required words alone, kept as the first pass for ranking the proximity only among the best hits.
            var required = (BooleanQuery)query.Clone();
            var proximity = new PhraseQuery { Slop = 3, Boost = 2f };
            foreach (var term in chineseTerms)
            {
                proximity.Add(new Term(IndexFields.TitleZh, term));
            }
            query.Add(proximity, Occur.SHOULD);
            return new ParsedText(query, highlight, new ProximityRanking(required, proximity));
        }
        return new ParsedText(query, highlight, null);
    }

    /// <summary>
    /// The same query with any of the words allowed to be missing (at least half must match), for when requiring
    /// every word found nothing: people type questions (北京市有哪些养老机构) as well as keywords.
    /// </summary>
    public static Query? Relaxed(Query query)
    {
        if (query is not BooleanQuery strict)
        {
            return null;
        }
        var required = strict.Clauses.Where(c => c.Occur == Occur.MUST).ToArray();
        if (required.Length < 2)
        {
            return null;
        }
        var relaxed = new BooleanQuery { MinimumNumberShouldMatch = (required.Length + 1) / 2 };
        foreach (var clause in strict.Clauses)
        {
            relaxed.Add(clause.Query, clause.Occur == Occur.MUST ? Occur.SHOULD : clause.Occur);
        }
        return relaxed;
    }

    internal IReadOnlyList<Item> Parse(string text)
    {
        var items = new List<Item>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c is '"' or '“' or '”')
            {
                var end = text.IndexOfAny(['"', '“', '”'], i + 1);
                if (end < 0)
                {
                    end = text.Length;
                }
                var phrase = text[(i + 1)..end].Trim();
                if (phrase.Length > 0)
                {
                    items.Add(new Item(ItemKind.Phrase, phrase));
                }
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('"' or '“' or '”'))
            {
                i++;
            }
            AddWord(items, text[start..i]);
        }
        return items;
    }

    private void AddWord(List<Item> items, string word)
    {
        if (!ContainsChinese(word))
        {
            items.Add(new Item(ItemKind.Word, word));
            return;
        }
        foreach (var (term, start, end) in Analyze(analyzers.Chinese, IndexFields.TitleZh, word))
        {
            var raw = word[start..end];
            if (ContainsChinese(raw))
            {
                if (!ChineseQueryStopWords.Contains(term))
                {
                    items.Add(new Item(ItemKind.ChineseWord, term));
                }
            }
            else
            {
                items.Add(new Item(ItemKind.Word, raw));
            }
        }
    }

    /// <summary>
    /// A Chinese word: it must occur in the dataset's title or its other Chinese text (as a word, or inside a longer
    /// one: 北京 in 北京市); occurring in the title weighs more. Titles are indexed once, in their own field.
    /// </summary>
    private Query ChineseWordQuery(string term, HighlightTerms highlight, IndexReader? reader)
    {
        highlight.Chinese.Add(term);
        var text = WordOrInsideLongerWord(IndexFields.ChineseAll, term, reader);
        var title = WordOrInsideLongerWord(IndexFields.TitleZh, term, reader);
        title.Boost = TitleBoost;
        return new BooleanQuery { { text, Occur.SHOULD }, { title, Occur.SHOULD } };
    }

    /// <summary>
    /// SmartCn may segment the text into a longer word than the one typed: 石家庄市 in the text, 石家庄 in the query.
    /// The index's words that contain the typed one are searched as plain terms (<see cref="LongerWords"/>). When there
    /// are too many of them, or no reader is given, the phrase of the typed word's pairs finds them instead: the
    /// analyzer stacks every long word's inner pairs at the word's position, so those pairs, all at one position,
    /// find the typed word inside the longer word.
    /// </summary>
    private Query WordOrInsideLongerWord(string field, string term, IndexReader? reader)
    {
        var word = new TermQuery(new Term(field, term));
        if (term.Length < 3 || !term.All(IsChinese))
        {
            return word;
        }
        if (reader is not null && longerWords.Containing(reader, field, term) is { } words)
        {
            // The indexed words holding the typed one, as plain terms: no positions to read. None: the word alone,
            // which matches nothing, so that "every word must match" stays true.
            if (words.Count <= 1)
            {
                return words.Count == 0 ? word : new TermQuery(new Term(field, words[0]));
            }
            var any = new BooleanQuery(disableCoord: true);
            foreach (var longer in words)
            {
                any.Add(new TermQuery(new Term(field, longer)), Occur.SHOULD);
            }
            return any;
        }
        var pairs = new PhraseQuery();
        for (var i = 0; i + 2 <= term.Length; i++)
        {
            var pair = new Term(field, term.Substring(i, 2));
            if (!Exists(reader, pair))
            {
                return word;
            }
            pairs.Add(pair, 0);
        }
        return reader is not null && !Exists(reader, word.Term)
            ? pairs
            : new BooleanQuery { { word, Occur.SHOULD }, { pairs, Occur.SHOULD } };
    }

    /// <summary>A Latin word or a quoted phrase: in the English text, the Chinese text (mixed), or the codes.</summary>
    private Query? WordQuery(string text, bool phrase, HighlightTerms highlight, IndexReader? reader, bool byPairs = false)
    {
        var hasChinese = ContainsChinese(text);
        var english = hasChinese ? [] : Analyze(analyzers.English, IndexFields.EnglishAll, text);
        if (!phrase && english.Count == 0)
        {
            // An English stop word or bare punctuation: requiring it would only lose results.
            return null;
        }
        highlight.Chinese.Add(text.ToLowerInvariant());
        foreach (var token in english)
        {
            highlight.EnglishStems.Add(token.Term);
        }
        var chinese = Analyze(analyzers.Chinese, IndexFields.ChineseAll, text);
        var alternatives = new List<Query>(5);
        AddFieldQuery(alternatives, reader, IndexFields.ChineseAll, chinese, 1f, byPairs);
        AddFieldQuery(alternatives, reader, IndexFields.EnglishAll, english, 1f);
        AddFieldQuery(alternatives, reader, IndexFields.TitleZh, chinese, TitleBoost, byPairs);
        AddFieldQuery(alternatives, reader, IndexFields.TitleEn, english, TitleBoost);
        var tag = new Term(IndexFields.Tags, text.ToLowerInvariant());
        if (Exists(reader, tag))
        {
            alternatives.Add(new TermQuery(tag) { Boost = TagBoost });
        }
        // Titles are among the alternatives (indexed once, in their own fields), weighted so that they rank first.
        return alternatives.Count switch
        {
            // Nothing holds the word: a clause that matches nothing keeps "every word must match" true.
            0 => new TermQuery(tag),
            1 => alternatives[0],
            _ => new DisjunctionMaxQuery(alternatives, TieBreaker),
        };
    }

    private static bool Exists(IndexReader? reader, Term term) => reader is null || reader.DocFreq(term) > 0;

    private static void AddFieldQuery(List<Query> queries, IndexReader? reader, string field, List<Token> tokens, float boost, bool byPairs = false)
    {
        if (tokens.Count == 0 || tokens.Any(t => !Exists(reader, new Term(field, t.Term))))
        {
            return;
        }
        if (byPairs && tokens.Count > 1 && reader is not null && tokens.Skip(1).Select((t, i) => t.Position - tokens[i].Position).All(d => d == 1))
        {
            // The same documents as the phrase of the words (the index pairs every token of a position with every token
            // of the next), from far rarer terms: a phrase of two words is one term, with no positions to read.
            var pairs = tokens.Skip(1).Select((t, i) => new Term(field, ChineseAnalyzer.PairTerm(tokens[i].Term, t.Term))).ToList();
            if (pairs.Any(pair => !Exists(reader, pair)))
            {
                return;
            }
            if (pairs.Count == 1)
            {
                queries.Add(new TermQuery(pairs[0]) { Boost = boost });
                return;
            }
            var pairPhrase = new PhraseQuery { Boost = boost };
            for (var i = 0; i < pairs.Count; i++)
            {
                pairPhrase.Add(pairs[i], i);
            }
            queries.Add(pairPhrase);
            return;
        }
        if (tokens.Count == 1)
        {
            queries.Add(new TermQuery(new Term(field, tokens[0].Term)) { Boost = boost });
            return;
        }
        var phrase = new PhraseQuery { Boost = boost };
        foreach (var token in tokens)
        {
            phrase.Add(new Term(field, token.Term), token.Position);
        }
        queries.Add(phrase);
    }

    private static List<Token> Analyze(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<Token>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            if (increment.PositionIncrement == 0)
            {
                // Pairs stacked inside a longer word are for matching what others typed, not part of this query.
                continue;
            }
            position += increment.PositionIncrement;
            tokens.Add(new Token(term.ToString(), offset.StartOffset, offset.EndOffset, position));
        }
        stream.End();
        return tokens;
    }

    internal static bool ContainsChinese(string text)
    {
        foreach (var c in text)
        {
            if (IsChinese(c))
            {
                return true;
            }
        }
        return false;
    }

    internal static bool IsChinese(char c) =>
        c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' || char.IsSurrogate(c);

    /// <param name="Query">The whole query: what matches, and how it ranks.</param>
    /// <param name="Highlight">Terms to mark in snippets.</param>
    /// <param name="Proximity">When the query has a title-proximity clause: the query split into its required part
    /// (the same hits) and that clause, which costs most per hit (a sloppy phrase reading title positions).</param>
    internal sealed record ParsedText(Query Query, HighlightTerms Highlight, ProximityRanking? Proximity);

    internal enum ItemKind
    {
        Word,
        ChineseWord,
        Phrase,
    }

    internal readonly record struct Item(ItemKind Kind, string Text);

    private readonly record struct Token(string Term, int Start, int End, int Position)
    {
        public void Deconstruct(out string term, out int start, out int end)
        {
            term = Term;
            start = Start;
            end = End;
        }
    }
}
