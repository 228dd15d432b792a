using System.Collections.Frozen;

namespace Agora.Catalog.Validation;

public enum RegionLevel
{
    Province,
    Prefecture,
    County,
}

public sealed record Region(string Code, string Name, RegionLevel Level, string? ParentCode);

/// <summary>GB/T 2260 administrative division codes, from the table that ships with Agora.</summary>
public static class RegionCodes
{
    private static readonly Lazy<FrozenDictionary<string, Region>> Table = new(Load);

    public static IReadOnlyCollection<Region> All => Table.Value.Values;

    public static Region? Find(string? code) =>
        code is not null && Table.Value.TryGetValue(code, out var region) ? region : null;

    public static bool IsKnown(string? code) => Find(code) is not null;

    /// <summary>The province-level region that contains the code (itself for a province).</summary>
    public static Region? ProvinceOf(string? code) =>
        code is { Length: 6 } ? Find(string.Concat(code.AsSpan(0, 2), "0000")) : null;

    /// <summary>A readable name: "浙江省 杭州市 西湖区".</summary>
    public static string? FullName(string? code)
    {
        var names = new List<string>();
        for (var region = Find(code); region is not null; region = Find(region.ParentCode))
        {
            if (region.Name != "市辖区" && region.Name != "县")
            {
                names.Insert(0, region.Name);
            }
        }

        return names.Count == 0 ? null : string.Join(' ', names);
    }

    private static FrozenDictionary<string, Region> Load()
    {
        using var stream = typeof(RegionCodes).Assembly.GetManifestResourceStream("Agora.Catalog.Regions.gbt2260.tsv")
            ?? throw new InvalidOperationException("The GB/T 2260 table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var regions = new Dictionary<string, Region>(StringComparer.Ordinal);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            var level = parts[2] switch
            {
                "province" => RegionLevel.Province,
                "prefecture" => RegionLevel.Prefecture,
                _ => RegionLevel.County,
            };
            regions[parts[0]] = new Region(parts[0], parts[1], level, parts[3].Length == 0 ? null : parts[3]);
        }

        return regions.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
