using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Kind = Agora.Search.Indexing.FieldPool.Kind;

namespace Agora.Search.Indexing;

/// <summary>Turns a <see cref="SearchDocument"/> into the fields the index stores.</summary>
internal static class DocumentMapper
{
    // Titles sort by their beginning; collation keys of whole titles would cost more and change little.
    private const int SortKeyChars = 16;
    internal const int SuggestChars = 100;

    // Joins the values of a multi-valued text field: a clause break for SmartCn, punctuation for English.
    private const string ValueSeparator = " ; ";
    private const char OrganizationSeparator = '\u001f';

    private static readonly CompareInfo ChineseCollation = CultureInfo.GetCultureInfo("zh-CN").CompareInfo;
    private static readonly CompareInfo EnglishCollation = CultureInfo.GetCultureInfo("en-US").CompareInfo;

    private static readonly ConcurrentDictionary<string, byte[]> ChineseSortKeys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte[]> EnglishSortKeys = new(StringComparer.Ordinal);

    private static int sortKeyCount;

    [ThreadStatic]
    private static FieldPool? threadPool;

    public static string IdTerm(Guid id) => id.ToString("N");

    /// <summary>
    /// The fields of a document. They belong to this thread and are reused by its next call: index them before
    /// mapping another document on the same thread.
    /// </summary>
    public static IReadOnlyList<IIndexableField> Map(SearchDocument source)
    {
        var f = threadPool ??= new FieldPool();
        f.Clear();
        var id = IdTerm(source.Id);
        f.Add(IndexFields.Id, Kind.String, id);
        f.Add(IndexFields.IdSort, Kind.SortedValue, id);

        var formats = source.Formats.Select(NormalizeFormat).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var themes = source.Themes.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        HitRecord.Encode(source, themes, formats, f.HitBuffer, f.HitBytes);
        f.Add(IndexFields.Hit, Kind.BinaryValue, f.HitBytes);

        // Each text is analyzed once: titles only in their own fields, which queries search beside the rest.
        Text(f, IndexFields.TitleZh, source.TitleZh);
        Text(f, IndexFields.TitleEn, source.TitleEn);
        Text(f, IndexFields.ChineseAll, Join([.. source.Keywords, source.OrganizationNameZh, .. source.ThemeLabels, .. source.FieldLabels, source.DescriptionZh]));
        Text(f, IndexFields.EnglishAll, Join([source.OrganizationNameEn, .. source.FieldNames.Select(SplitIdentifier), source.DescriptionEn]));
        Text(f, IndexFields.Tags, string.Join(' ', source.FieldNames.Concat(themes).Concat(formats).Append(source.Identifier)));

        Suggest(f, source.TitleZh);
        Suggest(f, source.TitleEn);
        foreach (var keyword in source.Keywords)
        {
            Suggest(f, keyword);
        }

        // Facets and filters read doc values only (see SegmentBits.Term): no indexed term per attribute.
        if (source.OrganizationId != Guid.Empty)
        {
            f.Add(IndexFields.OrganizationFacet, Kind.SortedValue,
                string.Join(OrganizationSeparator, IdTerm(source.OrganizationId), source.OrganizationNameZh, source.OrganizationNameEn));
        }
        Facet(f, IndexFields.Level, source.OrganizationLevel);
        if (RegionCodes.IsValid(source.RegionCode))
        {
            Facet(f, IndexFields.Region, source.RegionCode);
            Facet(f, IndexFields.RegionProvince, RegionCodes.Province(source.RegionCode));
            Facet(f, IndexFields.RegionCity, RegionCodes.City(source.RegionCode));
        }
        foreach (var theme in themes)
        {
            Facet(f, IndexFields.Theme, theme);
        }
        foreach (var format in formats)
        {
            Facet(f, IndexFields.Format, format);
        }
        Facet(f, IndexFields.License, source.License);
        Facet(f, IndexFields.Opening, AttributeNames.Of(source.Opening));
        Facet(f, IndexFields.Sharing, AttributeNames.Of(source.Sharing));
        Facet(f, IndexFields.Grade, AttributeNames.Of(source.SecurityGrade));
        Facet(f, IndexFields.Frequency, source.UpdateFrequency);

        f.Add(IndexFields.Modified, Kind.NumericValue, source.Modified.UtcTicks);
        f.Add(IndexFields.Usage, Kind.NumericValue, source.Usage);

        f.Add(IndexFields.TitleSortZh, Kind.SortedValue, TitleSortKey("zh", source.TitleZh.Length > 0 ? source.TitleZh : source.TitleEn));
        f.Add(IndexFields.TitleSortEn, Kind.SortedValue, TitleSortKey("en", source.TitleEn.Length > 0 ? source.TitleEn : source.TitleZh));
        return f.Fields;
    }

    /// <summary>The prefix of the organization facet's values that names one organization.</summary>
    public static string OrganizationPrefix(string idTerm) => idTerm + OrganizationSeparator;

    /// <summary>The organization facet counts id and names together, so that showing it needs no lookups.</summary>
    public static (Guid Id, string Zh, string En)? ParseOrganizationFacet(string value)
    {
        var parts = value.Split(OrganizationSeparator);
        return parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var id) ? (id, parts[1], parts[2]) : null;
    }

    public static string NormalizeFormat(string format) => format.Trim().TrimStart('.').ToUpperInvariant();

    public static BytesRef TitleSortKey(string language, string title)
    {
        var text = title.Length > SortKeyChars ? title[..SortKeyChars] : title;
        var english = language == "en";
        var cache = english ? EnglishSortKeys : ChineseSortKeys;
        if (!cache.TryGetValue(text, out var key))
        {
            // Collation keys come from ICU and cost microseconds; titles of a catalog share their beginnings a lot.
            key = (english ? EnglishCollation : ChineseCollation).GetSortKey(text, CompareOptions.IgnoreCase).KeyData;
            if (Interlocked.Increment(ref sortKeyCount) > 100_000)
            {
                cache.Clear();
                sortKeyCount = 0;
            }
            cache.TryAdd(text, key);
        }
        return new BytesRef(key);
    }

    /// <summary>hospital_name and bedCount become "hospital name" and "bed count".</summary>
    internal static string SplitIdentifier(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-' or '.')
            {
                builder.Append(' ');
                continue;
            }
            if (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]))
            {
                builder.Append(' ');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static string Join(IEnumerable<string> values) => string.Join(ValueSeparator, values.Where(v => !string.IsNullOrWhiteSpace(v)));

    private static void Text(FieldPool f, string field, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            f.Add(field, Kind.Text, value);
        }
    }

    private static void Suggest(FieldPool f, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        var whole = value.Trim().ToLowerInvariant();
        f.Add(IndexFields.SuggestWhole, Kind.String, whole.Length > SuggestChars ? whole[..SuggestChars] : whole);
    }

    private static void Facet(FieldPool f, string field, string value)
    {
        if (value.Length > 0)
        {
            f.Add(field, IndexFields.IsMultiValued(field) ? Kind.SortedSetValue : Kind.SortedValue, value);
        }
    }
}
