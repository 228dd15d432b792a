namespace Agora.Search.Bench.Engines;

/// <summary>A generated dataset as the SQL baselines store it.</summary>
internal static class SqlRow
{
    public static IEnumerable<(string Column, object Value)> Of(SearchDocument d)
    {
        yield return ("title_zh", d.TitleZh);
        yield return ("title_en", d.TitleEn);
        yield return ("keywords", string.Join(" ", d.Keywords));
        yield return ("org_zh", d.OrganizationNameZh);
        yield return ("org_en", d.OrganizationNameEn);
        yield return ("desc_zh", d.DescriptionZh);
        yield return ("desc_en", d.DescriptionEn);
        yield return ("field_labels", string.Join(" ", d.FieldLabels.Concat(d.ThemeLabels)));
        yield return ("field_names", string.Join(" ", d.FieldNames.Select(n => n.Replace('_', ' '))));
        yield return ("tags", string.Join(" ", d.Themes.Concat(d.Formats).Append(d.Identifier)).ToLowerInvariant());
        yield return ("org_id", d.OrganizationId.ToString());
        yield return ("level", d.OrganizationLevel);
        yield return ("region", d.RegionCode);
        yield return ("region_p", d.RegionCode[..2] + "0000");
        yield return ("region_c", d.RegionCode[..4] + "00");
        yield return ("license", d.License);
        yield return ("opening", Word(d.Opening.ToString()));
        yield return ("sharing", Word(d.Sharing.ToString()));
        yield return ("grade", Word(d.SecurityGrade.ToString()));
        yield return ("freq", d.UpdateFrequency);
        yield return ("modified", d.Modified.UtcTicks);
        yield return ("usage", d.Usage);
    }

    private static string Word(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
