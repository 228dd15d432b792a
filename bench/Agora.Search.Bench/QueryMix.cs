namespace Agora.Search.Bench;

internal sealed record BenchQuery(
    string Category,
    string? Text,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Filters,
    bool WithFacets,
    bool Government)
{
    public SearchVisibility Visibility => Government ? SearchVisibility.Government(Guid.Empty) : SearchVisibility.Public;

    public override string ToString() =>
        $"{Text}{(Filters.Count > 0 ? " | " + string.Join("; ", Filters.Select(f => f.Key + "=" + string.Join(",", f.Value))) : "")}";
}

/// <summary>
/// The query mix, a quarter each: single words (Chinese and English), quoted phrases, Chinese multi-word queries,
/// and filtered queries that also count every facet. Deterministic for a seed.
/// </summary>
internal static class QueryMix
{
    public const string Single = "single term";
    public const string Phrase = "phrase";
    public const string MultiWord = "Chinese multi-word";
    public const string Faceted = "filters + facets";

    private static readonly string[] EnglishWords =
    [
        "hospital", "hospitals", "school", "schools", "bus", "parking", "pollution", "air", "water", "budget", "population",
        "companies", "licences", "vaccination", "library", "parks", "tourism", "employment", "housing", "prices",
        "statistics", "monitoring", "emergency", "farms", "insurance", "permits", "routes", "toilets", "energy", "credit",
    ];

    private static readonly string[] EnglishPhrases =
    [
        "bus stop", "air quality", "public toilet", "car parks", "minimum wage", "drug retailers", "bed count",
        "water quality", "tourist attractions", "social insurance", "construction permits", "price index",
    ];

    public static IReadOnlyList<BenchQuery> Build(int count, int seed)
    {
        var rng = new Random(seed);
        var words = Vocabulary.Topics.SelectMany(t => t.Topic.Keywords).Where(k => k.Any(c => c > 0x3000)).Distinct().ToArray();
        var labels = Vocabulary.Topics.SelectMany(t => t.Topic.Fields.Select(f => f.Label)).Distinct().ToArray();
        var topics = Vocabulary.Topics.Select(t => t.Topic).ToArray();
        var regions = Regions.All;
        var queries = new List<BenchQuery>(count);
        var none = new Dictionary<string, IReadOnlyList<string>>();
        for (var i = 0; i < count; i++)
        {
            var government = rng.NextDouble() < 0.2;
            switch (i % 4)
            {
                case 0:
                    var single = rng.NextDouble() < 0.7 ? Pick(rng, words) : Pick(rng, EnglishWords);
                    queries.Add(new(Single, single, none, false, government));
                    break;
                case 1:
                    var phrase = rng.NextDouble() switch
                    {
                        < 0.5 => Pick(rng, topics).Zh,
                        < 0.75 => Pick(rng, labels),
                        _ => Pick(rng, EnglishPhrases),
                    };
                    queries.Add(new(Phrase, "\"" + phrase + "\"", none, false, government));
                    break;
                case 2:
                    var region = Pick(rng, regions);
                    var topic = Pick(rng, topics);
                    var text = rng.NextDouble() switch
                    {
                        < 0.4 => region.Zh + " " + Pick(rng, topic.Keywords),
                        < 0.7 => region.Zh + topic.Zh,
                        < 0.85 => Pick(rng, topic.Keywords) + Pick(rng, topic.Fields).Label,
                        _ => region.Province.Zh + " " + Pick(rng, topic.Keywords) + " " + Pick(rng, topic.Fields).Label,
                    };
                    queries.Add(new(MultiWord, text, none, false, government));
                    break;
                default:
                    queries.Add(new(Faceted, FacetedText(rng, words), Filters(rng, government), true, government));
                    break;
            }
        }
        return queries;
    }

    private static string? FacetedText(Random rng, string[] words) => rng.NextDouble() switch
    {
        < 0.3 => null,
        < 0.8 => Pick(rng, words),
        _ => Pick(rng, EnglishWords),
    };

    private static Dictionary<string, IReadOnlyList<string>> Filters(Random rng, bool government)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>();
        var wanted = 1 + rng.Next(3);
        while (filters.Count < wanted)
        {
            switch (rng.Next(government ? 8 : 6))
            {
                case 0:
                    filters[SearchFacets.Theme] = [.. Vocabulary.Departments.Select(d => d.Theme).Distinct().OrderBy(_ => rng.Next()).Take(1 + rng.Next(2))];
                    break;
                case 1:
                    var region = Pick(rng, Regions.All);
                    filters[SearchFacets.Region] = [region.Level == "county" ? region.Parent!.Code : region.Code];
                    break;
                case 2:
                    filters[SearchFacets.Format] = [.. Vocabulary.Formats.OrderBy(_ => rng.Next()).Take(1 + rng.Next(2))];
                    break;
                case 3:
                    filters[SearchFacets.Opening] = [rng.NextDouble() < 0.7 ? "open" : "conditional"];
                    break;
                case 4:
                    filters[SearchFacets.Level] = [Pick(rng, ["provincial", "municipal", "county"])];
                    break;
                case 5:
                    filters[SearchFacets.UpdateFrequency] = [Pick(rng, Vocabulary.Frequencies)];
                    break;
                case 6:
                    filters[SearchFacets.Sharing] = [Pick(rng, ["unconditional", "conditional"])];
                    break;
                default:
                    filters[SearchFacets.SecurityGrade] = [Pick(rng, ["general", "important"])];
                    break;
            }
        }
        return filters;
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
