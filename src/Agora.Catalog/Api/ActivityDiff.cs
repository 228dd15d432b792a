using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Catalog.Model;

namespace Agora.Catalog.Api;

/// <summary>A field-level diff of two versions of a resource, through their JSON form.</summary>
public static class ActivityDiff
{
    private static readonly string[] Ignored = ["modified", "created", "usage"];

    public static List<FieldChange> Between<T>(T? before, T? after, JsonSerializerOptions options)
    {
        var old = Flatten(before is null ? null : JsonSerializer.SerializeToNode(before, options));
        var now = Flatten(after is null ? null : JsonSerializer.SerializeToNode(after, options));
        return old.Keys.Union(now.Keys)
            .Where(k => !Ignored.Contains(k, StringComparer.Ordinal))
            .Select(k => new FieldChange(k, old.GetValueOrDefault(k), now.GetValueOrDefault(k)))
            .Where(c => c.Old != c.New)
            .OrderBy(c => c.Field, StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<string, string?> Flatten(JsonNode? node)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            Walk(obj, "", result);
        }

        return result;
    }

    private static void Walk(JsonObject obj, string prefix, Dictionary<string, string?> result)
    {
        foreach (var (key, value) in obj)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            switch (value)
            {
                case JsonObject nested:
                    Walk(nested, path, result);
                    break;
                case null:
                    result[path] = null;
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    result[path] = v.GetValue<string>();
                    break;
                default:
                    result[path] = value.ToJsonString();
                    break;
            }
        }
    }
}
