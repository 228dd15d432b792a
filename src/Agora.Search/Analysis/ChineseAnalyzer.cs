using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;

namespace Agora.Search.Analysis;

/// <summary>
/// SmartChineseAnalyzer's chain (HHMM words, Porter stemming of Latin words) over the memoizing
/// <see cref="ChineseTokenizer"/>, plus the character pairs inside words of three characters or more at the same
/// position: SmartCn reads 北京市 as one word, and someone typing 北京 should find it (without a second field and a
/// second posting list per query word). The stop filter is left out: its stop set holds only punctuation, which
/// the tokenizer never emits. For indexing, <paramref name="adjacentPairs"/> adds the pairs of adjacent words (see
/// <see cref="PairTerm"/>).
/// </summary>
internal sealed class ChineseAnalyzer(SegmentCache cache, bool adjacentPairs = false) : Analyzer
{
    private const char PairMark = '\u0001';

    /// <summary>
    /// The term standing for <paramref name="left"/> at one position and <paramref name="right"/> at the next, indexed
    /// at the right one's. Every token of a position that a query can hold (the word, and the pairs stacked inside it
    /// that are SmartCn words: see <see cref="SmartCnWords"/>) is paired with every such token of the next, so a quoted
    /// phrase of n words is exactly the phrase of its n - 1 adjacent pairs: far rarer terms with far fewer positions
    /// than its words (空气 质量 监测 数据 are each in a large share of the catalog).
    /// The leading mark keeps pairs out of prefix lookups and the long-word scan of the terms.
    /// </summary>
    public static string PairTerm(string left, string right) => $"{PairMark}{left}{PairMark}{right}";

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new ChineseTokenizer(reader, cache);
        TokenStream stream = new InnerPairs(new PorterStemFilter(new LatinOnlyStemming(tokenizer)));
        return new TokenStreamComponents(tokenizer, adjacentPairs ? new AdjacentPairs(stream) : stream);
    }

    public override int GetPositionIncrementGap(string fieldName) => 100;

    private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';

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
    }

    /// <summary>
    /// After the tokens of each position, the <see cref="PairTerm"/> of every token of the position before with every
    /// token of this one (stacked inner pairs only when a query can hold them, see <see cref="CanBeQueried"/>), stacked
    /// on this one (position increment 0: field lengths, and so every other score, stay as they were). Positions more
    /// than one apart are not paired, as a phrase would not match across them either.
    /// </summary>
    private sealed class AdjacentPairs : TokenFilter
    {
        private readonly ICharTermAttribute term;
        private readonly IOffsetAttribute offset;
        private readonly IPositionIncrementAttribute increment;
        private readonly ITypeAttribute type;
        private readonly IKeywordAttribute keyword;
        // Pairs still to emit: the first pending index over previous × current, and their count.
        private int pairIndex;
        private int pairCount;
        private readonly HeldToken held = new();
        private readonly char[] pairChars = new char[2];
        private TokenTexts previous = new();
        private TokenTexts current = new();
        private bool ended;
        private int start;
        private int end;

        public AdjacentPairs(TokenStream input)
            : base(input)
        {
            term = AddAttribute<ICharTermAttribute>();
            offset = AddAttribute<IOffsetAttribute>();
            increment = AddAttribute<IPositionIncrementAttribute>();
            type = AddAttribute<ITypeAttribute>();
            keyword = AddAttribute<IKeywordAttribute>();
        }

        public override bool IncrementToken()
        {
            if (pairIndex < pairCount)
            {
                EmitPair();
                return true;
            }
            if (held.Waiting)
            {
                // The token that opened the next position waited for the pairs of the one before.
                held.Restore(this);
                StartPosition();
                return true;
            }
            if (ended)
            {
                return false;
            }
            if (!m_input.IncrementToken())
            {
                ended = true;
                QueuePairs();
                if (pairCount == 0)
                {
                    return false;
                }
                EmitPair();
                return true;
            }
            if (increment.PositionIncrement == 0)
            {
                if (CanBeQueried())
                {
                    current.Add(term.Buffer, term.Length);
                }
                return true;
            }
            QueuePairs();
            if (pairCount > 0)
            {
                held.Capture(this);
                EmitPair();
                return true;
            }
            StartPosition();
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            pairIndex = pairCount = 0;
            previous.Clear();
            current.Clear();
            held.Waiting = false;
            ended = false;
        }

        /// <summary>
        /// Whether the stacked token (a pair inside a longer word) can be a word of a quoted phrase's analysis, and so a
        /// side of a pair a query asks for: only when SmartCn's dictionary holds it (see <see cref="SmartCnWords"/>).
        /// 京市 inside 北京市 never is; 北京 is, and stays paired with the words around 北京市.
        /// </summary>
        private bool CanBeQueried()
        {
            var buffer = term.Buffer;
            if (term.Length != 2 || !IsHan(buffer[0]) || !IsHan(buffer[1]))
            {
                return true;
            }
            pairChars[0] = buffer[0];
            pairChars[1] = buffer[1];
            return SmartCnWords.IsWord(pairChars);
        }

        private void StartPosition()
        {
            (previous, current) = (current, previous);
            current.Clear();
            if (increment.PositionIncrement != 1)
            {
                previous.Clear();
            }
            current.Add(term.Buffer, term.Length);
            start = offset.StartOffset;
            end = offset.EndOffset;
        }

        private void QueuePairs()
        {
            // Each pair is queued once: the position's tokens now only wait to become the left side (StartPosition).
            pairIndex = 0;
            pairCount = previous.Count * current.Count;
        }

        /// <summary>The next pair, written straight into the term: no string per pair (a rebuild makes ~80 a record).</summary>
        private void EmitPair()
        {
            var left = pairIndex / current.Count;
            var right = pairIndex % current.Count;
            pairIndex++;
            ClearAttributes();
            var leftText = previous[left];
            var rightText = current[right];
            var length = 2 + leftText.Length + rightText.Length;
            var buffer = term.ResizeBuffer(length);
            buffer[0] = PairMark;
            leftText.CopyTo(buffer.AsSpan(1));
            buffer[1 + leftText.Length] = PairMark;
            rightText.CopyTo(buffer.AsSpan(2 + leftText.Length));
            term.SetLength(length);
            offset.SetOffset(start, end);
            increment.PositionIncrement = 0;
            if (pairIndex == pairCount)
            {
                pairIndex = pairCount = 0;
            }
        }

        /// <summary>The texts of one position's tokens, in one buffer kept for the stream's life.</summary>
        private sealed class TokenTexts
        {
            private char[] chars = new char[64];
            private int[] starts = new int[8];
            private int used;

            public int Count { get; private set; }

            public ReadOnlySpan<char> this[int index] =>
                chars.AsSpan(starts[index], (index + 1 < Count ? starts[index + 1] : used) - starts[index]);

            public void Add(char[] text, int length)
            {
                if (used + length > chars.Length)
                {
                    Array.Resize(ref chars, Math.Max(used + length, chars.Length * 2));
                }
                if (Count == starts.Length)
                {
                    Array.Resize(ref starts, starts.Length * 2);
                }
                Array.Copy(text, 0, chars, used, length);
                starts[Count++] = used;
                used += length;
            }

            public void Clear()
            {
                Count = 0;
                used = 0;
            }
        }

        /// <summary>
        /// The token held back while its position's pairs go out: every attribute of this chain, copied into buffers
        /// kept for the stream's life. CaptureState cloned every attribute (and the term's buffer) for each held
        /// token, a fifth of a rebuild's CPU time.
        /// </summary>
        private sealed class HeldToken
        {
            private char[] chars = new char[32];
            private int length;
            private int startOffset;
            private int endOffset;
            private int positionIncrement;
            private string tokenType = TypeAttribute.DEFAULT_TYPE;
            private bool isKeyword;

            public bool Waiting { get; set; }

            public void Capture(AdjacentPairs from)
            {
                length = from.term.Length;
                if (chars.Length < length)
                {
                    chars = new char[Math.Max(length, chars.Length * 2)];
                }
                Array.Copy(from.term.Buffer, chars, length);
                startOffset = from.offset.StartOffset;
                endOffset = from.offset.EndOffset;
                positionIncrement = from.increment.PositionIncrement;
                tokenType = from.type.Type;
                isKeyword = from.keyword.IsKeyword;
                Waiting = true;
            }

            public void Restore(AdjacentPairs to)
            {
                to.ClearAttributes();
                to.term.CopyBuffer(chars, 0, length);
                to.offset.SetOffset(startOffset, endOffset);
                to.increment.PositionIncrement = positionIncrement;
                to.type.Type = tokenType;
                to.keyword.IsKeyword = isKeyword;
                Waiting = false;
            }
        }
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
