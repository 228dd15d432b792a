using System.Text.Json.Serialization;

namespace Agora.Privacy.Classification;

/// <summary>Security grade under Data Security Law art. 21 / GB/T 43697-2024, in increasing order of protection.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuggestedGrade>))]
public enum SuggestedGrade
{
    General,
    Important,
    Core,
}

/// <summary>Sharing attribute between government bodies, in increasing order of restriction.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuggestedSharing>))]
public enum SuggestedSharing
{
    Unconditional,
    Conditional,
    NotShared,
}

/// <summary>Opening attribute towards the public, in increasing order of restriction.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuggestedOpening>))]
public enum SuggestedOpening
{
    Open,
    Conditional,
    Closed,
}

/// <summary>One rule that matched, what it suggests, and why in words.</summary>
public sealed record RuleHit(string RuleId, string Explanation, SuggestedGrade? Grade, SuggestedSharing? Sharing, SuggestedOpening? Opening);

/// <summary>The assistant's suggestion; the steward confirms or overrides it.</summary>
public sealed record ClassificationSuggestion(
    SuggestedGrade Grade,
    SuggestedSharing Sharing,
    SuggestedOpening Opening,
    IReadOnlyList<RuleHit> Hits,
    long Rows,
    string? Theme);

/// <summary>What the steward decided, with the suggestion and the reasons, to be stored with the dataset.</summary>
public sealed record ClassificationDecision(
    ClassificationSuggestion Suggestion,
    SuggestedGrade Grade,
    SuggestedSharing Sharing,
    SuggestedOpening Opening,
    string DecidedBy,
    string Reason,
    DateTimeOffset DecidedAt)
{
    public bool Overridden => Grade != Suggestion.Grade || Sharing != Suggestion.Sharing || Opening != Suggestion.Opening;

    public static ClassificationDecision Confirm(ClassificationSuggestion suggestion, string decidedBy, string reason, DateTimeOffset at) =>
        new(suggestion, suggestion.Grade, suggestion.Sharing, suggestion.Opening, decidedBy, reason, at);
}
