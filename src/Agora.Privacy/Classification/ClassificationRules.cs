using System.Text.Json;
using System.Text.Json.Serialization;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Classification;

/// <summary>Conditions of a rule; all given conditions must hold.</summary>
public sealed record RuleCondition
{
    /// <summary>Theme keywords; the rule matches when the dataset theme contains one (case-insensitive).</summary>
    public IReadOnlyList<string>? Themes { get; init; }

    /// <summary>Finding types (camelCase, e.g. residentId) or the words 'direct', 'quasi', 'sensitive'; one must be found.</summary>
    public IReadOnlyList<string>? AnyOf { get; init; }

    public long? MinRows { get; init; }

    public long? MaxRows { get; init; }

    public int? MinQuasiIdentifiers { get; init; }

    /// <summary>True: matches only when no direct or quasi-identifier was found.</summary>
    public bool? NoPersonalData { get; init; }
}

/// <summary>One rule of the classification file.</summary>
public sealed record ClassificationRule
{
    public required string Id { get; init; }

    public required RuleCondition When { get; init; }

    public SuggestedGrade? Grade { get; init; }

    public SuggestedSharing? Sharing { get; init; }

    public SuggestedOpening? Opening { get; init; }

    /// <summary>Explanation with placeholders {theme}, {rows}, {types}, {quasiCount}, {quasiTypes}.</summary>
    public required string Explain { get; init; }
}

/// <summary>The readable rule file: embedded default, or a JSON file an operator maintains.</summary>
public sealed record ClassificationRules
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string? Description { get; init; }

    public required IReadOnlyList<ClassificationRule> Rules { get; init; }

    public static ClassificationRules Default { get; } = LoadDefault();

    /// <summary>The default rules as JSON text, to copy and adapt.</summary>
    public static string DefaultJson()
    {
        using var stream = typeof(ClassificationRules).Assembly.GetManifestResourceStream("Agora.Privacy.classification-rules.json")
            ?? throw new InvalidOperationException("The embedded classification rules are missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static ClassificationRules LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw PrivacyInputException.Usage($"Rules file not found: {path}", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static ClassificationRules Parse(string json, string? source = null)
    {
        ClassificationRules? rules;
        try
        {
            rules = JsonSerializer.Deserialize<ClassificationRules>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw PrivacyInputException.Failure($"{source ?? "rules"}: {e.Message}", source, e.LineNumber + 1, e.Path, e);
        }

        if (rules is null || rules.Rules.Count == 0)
        {
            throw PrivacyInputException.Failure($"{source ?? "rules"} has no rules.", source);
        }

        foreach (var rule in rules.Rules)
        {
            foreach (var word in rule.When.AnyOf ?? [])
            {
                if (word is not ("direct" or "quasi" or "sensitive") && !PiiTypes.TryParse(word, out _))
                {
                    throw PrivacyInputException.Failure(
                        $"{source ?? "rules"}: rule '{rule.Id}' names unknown finding '{word}'; use direct, quasi, sensitive or one of {string.Join(", ", PiiTypes.All.Select(t => t.Code()))}.",
                        source,
                        null,
                        rule.Id);
                }
            }
        }

        return rules;
    }

    private static ClassificationRules LoadDefault() => Parse(DefaultJson(), "embedded classification-rules.json");
}
