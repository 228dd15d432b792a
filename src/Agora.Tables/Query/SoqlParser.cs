namespace Agora.Tables.Query;

/// <summary>Recursive-descent parser for the Socrata-style query parameters.</summary>
internal sealed class SoqlParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "not", "in", "between", "like", "is", "null", "true", "false", "as", "asc", "desc",
    };

    private readonly string _parameter;
    private readonly List<Token> _tokens;
    private int _index;

    private SoqlParser(string parameter, string text)
    {
        _parameter = parameter;
        _tokens = SoqlTokenizer.Tokenize(parameter, text);
    }

    private Token Current => _tokens[_index];

    public static SoqlExpr ParseExpression(string parameter, string text)
    {
        var parser = new SoqlParser(parameter, text);
        var expr = parser.Expression();
        parser.ExpectEnd();
        return expr;
    }

    public static List<SoqlSelectItem> ParseSelect(string text)
    {
        var parser = new SoqlParser("$select", text);
        var items = new List<SoqlSelectItem>();
        do
        {
            var start = parser.Current.Position;
            if (parser.Current.IsSymbol("*"))
            {
                parser._index++;
                items.Add(new SoqlSelectItem(null, null, "*"));
                continue;
            }
            var expr = parser.Expression();
            var end = parser.Current.Position;
            string? alias = null;
            if (parser.Current.IsKeyword("as"))
            {
                parser._index++;
                alias = parser.Name("an alias after AS");
            }
            items.Add(new SoqlSelectItem(expr, alias, text[start..end].Trim()));
        }
        while (parser.Accept(","));
        parser.ExpectEnd();
        return items;
    }

    public static List<SoqlOrderItem> ParseOrder(string text)
    {
        var parser = new SoqlParser("$order", text);
        var items = new List<SoqlOrderItem>();
        do
        {
            var expr = parser.Expression();
            var descending = false;
            if (parser.Current.IsKeyword("desc"))
            {
                descending = true;
                parser._index++;
            }
            else if (parser.Current.IsKeyword("asc"))
            {
                parser._index++;
            }
            items.Add(new SoqlOrderItem(expr, descending));
        }
        while (parser.Accept(","));
        parser.ExpectEnd();
        return items;
    }

    public static List<SoqlExpr> ParseList(string parameter, string text)
    {
        var parser = new SoqlParser(parameter, text);
        var items = new List<SoqlExpr>();
        do
        {
            items.Add(parser.Expression());
        }
        while (parser.Accept(","));
        parser.ExpectEnd();
        return items;
    }

    private SoqlExpr Expression() => Or();

    private SoqlExpr Or()
    {
        var left = And();
        while (Current.IsKeyword("or"))
        {
            var position = Current.Position;
            _index++;
            left = new SoqlBinary("OR", left, And(), position);
        }
        return left;
    }

    private SoqlExpr And()
    {
        var left = Not();
        while (Current.IsKeyword("and"))
        {
            var position = Current.Position;
            _index++;
            left = new SoqlBinary("AND", left, Not(), position);
        }
        return left;
    }

    private SoqlExpr Not()
    {
        if (Current.IsKeyword("not"))
        {
            var position = Current.Position;
            _index++;
            return new SoqlUnary("NOT", Not(), position);
        }
        return Predicate();
    }

    private SoqlExpr Predicate()
    {
        var left = Additive();
        var token = Current;
        if (token.Kind == TokenKind.Symbol && token.Text is "=" or "==" or "!=" or "<>" or "<" or "<=" or ">" or ">=")
        {
            _index++;
            var op = token.Text switch { "==" => "=", "<>" => "!=", _ => token.Text };
            return new SoqlBinary(op, left, Additive(), token.Position);
        }
        if (token.IsKeyword("is"))
        {
            _index++;
            var negated = Accept("not");
            Expect("null");
            return new SoqlIsNull(left, negated, token.Position);
        }
        var not = false;
        if (token.IsKeyword("not") && (Peek(1).IsKeyword("in") || Peek(1).IsKeyword("between") || Peek(1).IsKeyword("like")))
        {
            not = true;
            _index++;
        }
        if (Current.IsKeyword("in"))
        {
            _index++;
            Expect("(");
            var items = new List<SoqlExpr>();
            do
            {
                items.Add(Additive());
            }
            while (Accept(","));
            Expect(")");
            return new SoqlIn(left, items, not, token.Position);
        }
        if (Current.IsKeyword("between"))
        {
            _index++;
            var low = Additive();
            Expect("and");
            return new SoqlBetween(left, low, Additive(), not, token.Position);
        }
        if (Current.IsKeyword("like"))
        {
            _index++;
            return new SoqlLike(left, Additive(), not, token.Position);
        }
        if (not)
        {
            throw Error("IN, BETWEEN or LIKE after NOT");
        }
        return left;
    }

    private SoqlExpr Additive()
    {
        var left = Multiplicative();
        while (Current.Kind == TokenKind.Symbol && Current.Text is "+" or "-" or "||")
        {
            var token = Current;
            _index++;
            left = new SoqlBinary(token.Text, left, Multiplicative(), token.Position);
        }
        return left;
    }

    private SoqlExpr Multiplicative()
    {
        var left = Unary();
        while (Current.Kind == TokenKind.Symbol && Current.Text is "*" or "/" or "%")
        {
            var token = Current;
            _index++;
            left = new SoqlBinary(token.Text, left, Unary(), token.Position);
        }
        return left;
    }

    private SoqlExpr Unary()
    {
        if (Current.IsSymbol("-"))
        {
            var position = Current.Position;
            _index++;
            var operand = Unary();
            return operand switch
            {
                SoqlLiteral { Value: long l } => new SoqlLiteral(-l, position),
                SoqlLiteral { Value: double d } => new SoqlLiteral(-d, position),
                _ => new SoqlUnary("-", operand, position),
            };
        }
        if (Current.IsSymbol("+"))
        {
            _index++;
            return Unary();
        }
        return Primary();
    }

    private SoqlExpr Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
            case TokenKind.String:
                _index++;
                return new SoqlLiteral(token.Value, token.Position);
            case TokenKind.QuotedIdentifier:
                _index++;
                return new SoqlColumn(token.Text, token.Position);
            case TokenKind.Identifier:
                if (token.IsKeyword("null"))
                {
                    _index++;
                    return new SoqlLiteral(null, token.Position);
                }
                if (token.IsKeyword("true") || token.IsKeyword("false"))
                {
                    _index++;
                    return new SoqlLiteral(token.IsKeyword("true"), token.Position);
                }
                if (Reserved.Contains(token.Text))
                {
                    throw Error("a value or column name");
                }
                _index++;
                if (Current.IsSymbol("("))
                {
                    return Call(token);
                }
                return new SoqlColumn(token.Text, token.Position);
            case TokenKind.Symbol when token.Text == "(":
                _index++;
                var inner = Expression();
                Expect(")");
                return inner;
            default:
                throw Error("a value or column name");
        }
    }

    private SoqlCall Call(Token name)
    {
        Expect("(");
        if (Current.IsSymbol("*"))
        {
            _index++;
            Expect(")");
            return new SoqlCall(name.Text.ToLowerInvariant(), [], true, false, name.Position);
        }
        var distinct = Accept("distinct");
        var args = new List<SoqlExpr>();
        if (!Current.IsSymbol(")"))
        {
            do
            {
                args.Add(Expression());
            }
            while (Accept(","));
        }
        Expect(")");
        return new SoqlCall(name.Text.ToLowerInvariant(), args, false, distinct, name.Position);
    }

    private string Name(string what)
    {
        var token = Current;
        if (token.Kind == TokenKind.QuotedIdentifier || (token.Kind == TokenKind.Identifier && !Reserved.Contains(token.Text)))
        {
            _index++;
            return token.Text;
        }
        throw Error(what);
    }

    private Token Peek(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private bool Accept(string word)
    {
        if (Current.IsSymbol(word) || Current.IsKeyword(word))
        {
            _index++;
            return true;
        }
        return false;
    }

    private void Expect(string word)
    {
        if (!Accept(word))
        {
            throw Error($"'{word.ToUpperInvariant()}'");
        }
    }

    private void ExpectEnd()
    {
        if (Current.Kind != TokenKind.End)
        {
            throw Error("the end of the expression");
        }
    }

    private SoqlException Error(string expected)
    {
        var token = Current;
        var found = token.Kind == TokenKind.End ? "the end" : $"'{(token.Text.Length > 30 ? token.Text[..30] + "…" : token.Text)}'";
        return new SoqlException(_parameter, $"Expected {expected} at position {token.Position + 1} of {_parameter}, found {found}.", token.Position);
    }
}
