using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Agora.Web.Localization;

/// <summary>
/// Shows a message of the workflow or an API (English in its problem detail) in the reader's language: the Chinese
/// of <see cref="MessageWords"/> when the portal speaks Chinese, the English as it is otherwise or when the table does
/// not know it (a message is never lost for want of a translation).
/// </summary>
public static partial class Messages
{
    private const int MaxDepth = 2;

    private static readonly FrozenDictionary<string, string> Exact =
        MessageWords.All.Where(m => !Placeholder().IsMatch(m.En)).ToFrozenDictionary(m => m.En, m => m.Zh, StringComparer.Ordinal);

    // The most literal text first, so "dataset '{0}' was not found" wins over "{0} was not found".
    private static readonly Template[] Templates =
    [
        .. MessageWords.All.Where(m => Placeholder().IsMatch(m.En))
            .Select(m => Template.Of(m.En, m.Zh))
            .OrderByDescending(t => t.Literal),
    ];

    /// <summary>The message in the reader's language.</summary>
    public static string Show(string message) => Texts.IsEnglish ? message : ToChinese(message);

    /// <summary>
    /// A note kept on a request (a reason, a question): the workflow's own notes ("granted at once") in the reader's
    /// language, and what a person wrote exactly as written, which only a whole-text match could mistake.
    /// </summary>
    public static string ShowNote(string note) =>
        !Texts.IsEnglish && Exact.TryGetValue(note, out var zh) ? zh : note;

    /// <summary>
    /// A message that names the table it speaks of first ("登记表: 'x' holds …", as the privacy verdict writes it): the
    /// title as it is and the rest in the reader's language. Splitting on the known title, not on any colon, keeps an
    /// over-general "{0}: {1}" out of the table.
    /// </summary>
    public static string ShowUnder(string? title, string message)
    {
        if (Texts.IsEnglish || string.IsNullOrEmpty(title) || !message.StartsWith(title + ": ", StringComparison.Ordinal))
        {
            return Show(message);
        }

        return Translate(message[(title.Length + 2)..], 0) is { } zh ? title + "：" + zh : ToChinese(message);
    }

    /// <summary>The Chinese of an English message; the message itself when the table does not know it.</summary>
    public static string ToChinese(string message) => Translate(message, 0) ?? message;

    /// <summary>How many English messages the table holds (exact texts and templates).</summary>
    public static int Count => Exact.Count + Templates.Length;

    /// <summary>The table itself (English, Chinese), for tests that hold each line to an example.</summary>
    public static IReadOnlyList<(string En, string Zh)> Table => MessageWords.All;

    private static string? Translate(string message, int depth)
    {
        if (message.Length == 0)
        {
            return null;
        }

        if (Exact.TryGetValue(message, out var zh))
        {
            return zh;
        }

        foreach (var template in Templates)
        {
            if (template.Prefix.Length > 0 && !message.StartsWith(template.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var match = template.Pattern.Match(message);
            if (match.Success)
            {
                return template.Fill(match, part => depth < MaxDepth ? Part(part, depth + 1) : part);
            }
        }

        // A validation refusal names its field before the message ("datasetId: is required"); the page names the
        // field in its own words beside the message, so the Chinese is the message alone.
        var field = FieldPrefix().Match(message);
        return field.Success && depth == 0 ? Translate(message[field.Length..], depth + 1) : null;
    }

    /// <summary>A part that varies (a name, an id, a state): translated when the table knows it, as it is otherwise.</summary>
    private static string Part(string part, int depth)
    {
        // "98.0% of 60 non-empty values are …; 60 distinct values (100.0% of non-empty)": a list of messages, read item
        // by item. Never by a template as a whole, which would swallow the items before its last into its first part.
        var items = part.Split("; ");
        if (items.Length > 1)
        {
            var read = items.Select(i => Translate(i, depth)).ToArray();
            return read.All(r => r is not null) ? string.Join("；", read) : Exact.GetValueOrDefault(part, part);
        }

        if (Translate(part, depth) is { } zh)
        {
            return zh;
        }

        // "approved or refused": a list of states.
        var alternatives = part.Split(" or ");
        return alternatives.Length > 1 && alternatives.All(Exact.ContainsKey)
            ? string.Join("或", alternatives.Select(a => Exact[a]))
            : part;
    }

    [GeneratedRegex(@"\{[0-9]\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9_.\[\]-]*): ")]
    private static partial Regex FieldPrefix();

    private sealed class Template
    {
        public required string En { get; init; }
        public required string Zh { get; init; }
        public required string Prefix { get; init; }
        public required int Literal { get; init; }
        public required Regex Pattern { get; init; }

        /// <summary>"a request holds at most {0} attachments" → ^a\ request\ holds\ at\ most\ (.+?)\ attachments$.</summary>
        public static Template Of(string en, string zh)
        {
            var pattern = new StringBuilder("^");
            var at = 0;
            foreach (Match placeholder in Placeholder().Matches(en))
            {
                pattern.Append(Regex.Escape(en[at..placeholder.Index])).Append("(?<p").Append(en[placeholder.Index + 1]).Append(">.+?)");
                at = placeholder.Index + placeholder.Length;
            }

            pattern.Append(Regex.Escape(en[at..])).Append('$');
            var first = Placeholder().Match(en).Index;
            return new Template
            {
                En = en,
                Zh = zh,
                Prefix = en[..first],
                Literal = en.Length - (Placeholder().Matches(en).Count * 3),
                Pattern = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100)),
            };
        }

        /// <summary>The Chinese with each {n} replaced by its part (only {n}: other braces are the text's own).</summary>
        public string Fill(Match match, Func<string, string> part) =>
            Placeholder().Replace(Zh, p => part(match.Groups["p" + p.Value[1]].Value));
    }
}
