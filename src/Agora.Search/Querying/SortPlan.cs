using Agora.Search.Indexing;
using Lucene.Net.Search;

namespace Agora.Search.Querying;

/// <summary>The Lucene sort for a request. Every sort ends on the dataset id, so that pages never overlap.</summary>
internal sealed record SortPlan(byte Kind, Sort Sort)
{
    public const byte RelevanceKind = 1;
    public const byte ModifiedKind = 2;
    public const byte TitleZhKind = 3;
    public const byte TitleEnKind = 4;
    public const byte UsageKind = 5;

    /// <param name="ids">Compares ids from cached ordinals (<see cref="CachedIdComparerSource"/>).</param>
    /// <param name="numbers">Compares modified and usage from cached values (<see cref="CachedNumberComparerSource"/>).</param>
    public static SortPlan For(SearchQuery query, bool hasText, FieldComparerSource ids, FieldComparerSource numbers)
    {
        var id = new SortField(IndexFields.IdSort, ids);
        return query.Sort switch
        {
            SearchSort.Relevance when hasText => new(RelevanceKind, new Sort(SortField.FIELD_SCORE, id)),
            SearchSort.Title when query.Language == "en" => new(TitleEnKind, new Sort(new SortField(IndexFields.TitleSortEn, SortFieldType.STRING), id)),
            SearchSort.Title => new(TitleZhKind, new Sort(new SortField(IndexFields.TitleSortZh, SortFieldType.STRING), id)),
            SearchSort.Usage => new(UsageKind, new Sort(new SortField(IndexFields.Usage, numbers, true), id)),
            _ => new(ModifiedKind, new Sort(new SortField(IndexFields.Modified, numbers, true), id)),
        };
    }
}
