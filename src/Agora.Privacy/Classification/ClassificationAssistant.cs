using System.Globalization;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Classification;

/// <summary>Suggests a security grade and sharing/opening attributes from scan findings, theme and volume.</summary>
public sealed class ClassificationAssistant(ClassificationRules? rules = null)
{
    private readonly ClassificationRules _rules = rules ?? ClassificationRules.Default;

    public ClassificationSuggestion Suggest(IEnumerable<ColumnFinding> findings, string? theme, long rows)
    {
        var found = findings.Where(f => f.Type != PiiType.None).ToArray();
        var direct = found.Where(f => f.IsDirectIdentifier).Select(f => f.Type).Distinct().ToArray();
        var quasi = found.Where(f => f.IsQuasiIdentifier).Select(f => f.Type).Distinct().ToArray();
        var sensitive = found.Where(f => f.Sensitive).Select(f => f.Type).Distinct().ToArray();
        var grade = SuggestedGrade.General;
        var sharing = SuggestedSharing.Unconditional;
        var opening = SuggestedOpening.Open;
        var hits = new List<RuleHit>();

        foreach (var rule in _rules.Rules)
        {
            var when = rule.When;
            string? matchedTheme = null;
            if (when.Themes is { Count: > 0 })
            {
                matchedTheme = theme is null ? null : when.Themes.FirstOrDefault(t => theme.Contains(t, StringComparison.OrdinalIgnoreCase));
                if (matchedTheme is null)
                {
                    continue;
                }
            }

            if ((when.MinRows is { } min && rows < min) || (when.MaxRows is { } max && rows > max))
            {
                continue;
            }

            if (when.MinQuasiIdentifiers is { } minQuasi && quasi.Length < minQuasi)
            {
                continue;
            }

            if (when.NoPersonalData == true && (direct.Length > 0 || quasi.Length > 0))
            {
                continue;
            }

            var matchedTypes = new List<PiiType>();
            if (when.AnyOf is { Count: > 0 })
            {
                foreach (var word in when.AnyOf)
                {
                    matchedTypes.AddRange(word switch
                    {
                        "direct" => direct,
                        "quasi" => quasi,
                        "sensitive" => sensitive,
                        _ => PiiTypes.TryParse(word, out var t) ? found.Where(f => f.Type == t).Select(f => f.Type) : [],
                    });
                }

                if (matchedTypes.Count == 0)
                {
                    continue;
                }
            }

            var explanation = rule.Explain
                .Replace("{theme}", theme ?? string.Empty, StringComparison.Ordinal)
                .Replace("{rows}", rows.ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{types}", Describe(matchedTypes.Count > 0 ? matchedTypes : direct.Concat(quasi)), StringComparison.Ordinal)
                .Replace("{quasiCount}", quasi.Length.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{quasiTypes}", Describe(quasi), StringComparison.Ordinal);
            hits.Add(new RuleHit(rule.Id, explanation, rule.Grade, rule.Sharing, rule.Opening));
            grade = Max(grade, rule.Grade);
            sharing = Max(sharing, rule.Sharing);
            opening = Max(opening, rule.Opening);
        }

        // The platform's own rules (DESIGN.md) hold whatever the file says.
        if (grade == SuggestedGrade.Core && (sharing != SuggestedSharing.NotShared || opening != SuggestedOpening.Closed))
        {
            sharing = SuggestedSharing.NotShared;
            opening = SuggestedOpening.Closed;
            hits.Add(new RuleHit("platform-core", "核心数据不出本单位：不予共享、不予开放。Core data never leaves its owner: not shared, not open.", null, sharing, opening));
        }
        else if (grade == SuggestedGrade.Important && (sharing == SuggestedSharing.Unconditional || opening != SuggestedOpening.Closed))
        {
            sharing = Max(sharing, SuggestedSharing.Conditional);
            opening = SuggestedOpening.Closed;
            hits.Add(new RuleHit("platform-important", "重要数据不向公众开放，仅可有条件共享。Important data is never open to the public and is shared only under conditions.", null, sharing, opening));
        }

        return new ClassificationSuggestion(grade, sharing, opening, hits, rows, theme);
    }

    private static string Describe(IEnumerable<PiiType> types) =>
        string.Join(", ", types.Distinct().Select(t => $"{t.ChineseName()}/{t.Code()}"));

    private static T Max<T>(T current, T? candidate)
        where T : struct, Enum =>
        candidate is { } c && Convert.ToInt32(c, CultureInfo.InvariantCulture) > Convert.ToInt32(current, CultureInfo.InvariantCulture) ? c : current;
}
