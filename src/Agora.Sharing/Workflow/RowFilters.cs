using System.Text;

namespace Agora.Sharing.Workflow;

/// <summary>
/// Checks a row filter written in the Data API's expression language (<c>$where</c>). The default catches what
/// can be caught without the tables engine's parser; the host may register the engine's own parser instead.
/// </summary>
public interface IRowFilterValidator
{
    /// <summary>Null when <paramref name="filter"/> is acceptable; otherwise what is wrong with it.</summary>
    /// <param name="fields">The dataset's declared fields; empty when it declares none (then any name is accepted).</param>
    string? Validate(string filter, IReadOnlyCollection<string> fields);
}

internal sealed class BasicRowFilterValidator : IRowFilterValidator
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "not", "in", "between", "like", "is", "null", "true", "false",
    };

    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "union", "exists", "with", "join", "into", "insert", "update", "delete", "drop",
    };

    public string? Validate(string filter, IReadOnlyCollection<string> fields)
    {
        if (filter.Length > 2000)
        {
            return "must have at most 2000 characters";
        }

        var depth = 0;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (c == '\'')
            {
                var end = i + 1;
                while (end < filter.Length && !(filter[end] == '\'' && (end + 1 >= filter.Length || filter[end + 1] != '\'')))
                {
                    end += filter[end] == '\'' ? 2 : 1;
                }

                if (end >= filter.Length)
                {
                    return "has a string that is not closed";
                }

                i = end;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                if (--depth < 0)
                {
                    return "has a ')' without its '('";
                }
            }
            else if (c is ';' or '"' or '`' or '\\' || char.IsControl(c)
                || (c == '-' && i + 1 < filter.Length && filter[i + 1] == '-')
                || (c == '/' && i + 1 < filter.Length && filter[i + 1] == '*'))
            {
                return $"must not contain '{(char.IsControl(c) ? "control character" : c.ToString())}'";
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var word = new StringBuilder();
                var end = i;
                while (end < filter.Length && (char.IsLetterOrDigit(filter[end]) || filter[end] == '_'))
                {
                    word.Append(filter[end++]);
                }

                var name = word.ToString();
                var next = end;
                while (next < filter.Length && filter[next] == ' ')
                {
                    next++;
                }

                var isFunction = next < filter.Length && filter[next] == '(';
                if (Refused.Contains(name))
                {
                    return $"must be a condition on the dataset's fields, not a query ('{name}')";
                }

                if (!isFunction && !Keywords.Contains(name) && fields.Count > 0 && !fields.Contains(name))
                {
                    return $"names '{name}', which is not a field of the dataset";
                }

                i = end - 1;
            }
        }

        return depth != 0 ? "has a '(' that is not closed" : null;
    }

    /// <summary>Both conditions: a grant's filter can only narrow what was requested.</summary>
    public static string? Both(string? requested, string? narrowed) =>
        (requested, narrowed) switch
        {
            (null, null) => null,
            (null, _) => narrowed,
            (_, null) => requested,
            _ => $"({requested}) AND ({narrowed})",
        };
}
