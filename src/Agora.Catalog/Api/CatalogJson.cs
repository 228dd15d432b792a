using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agora.Catalog.Api;

/// <summary>The JSON shape every Agora API speaks: camelCase names, camelCase enum strings.</summary>
public static class CatalogJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}
