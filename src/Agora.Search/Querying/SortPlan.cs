using Agora.Search.Indexing;
using Lucene.Net.Search;

namespace Agora.Search.Querying;

/// <summary>The Lucene sort for a request. Every sort ends on the dataset id, so that pages never overlap.</summary>
internal sealed record SortPlan(byte Kind, Sort Sort)
{
    public static SortPlan For(SearchQuery query, bool hasText)
    {
        var id = new SortField(IndexFields.IdSort, SortFieldType.STRING);
        return query.Sort switch
        {
            SearchSort.Relevance when hasText => new(1, new Sort(SortField.FIELD_SCORE, id)),
            SearchSort.Title when query.Language == "en" => new(4, new Sort(new SortField(IndexFields.TitleSortEn, SortFieldType.STRING), id)),
            SearchSort.Title => new(3, new Sort(new SortField(IndexFields.TitleSortZh, SortFieldType.STRING), id)),
            SearchSort.Usage => new(5, new Sort(new SortField(IndexFields.Usage, SortFieldType.INT64, true), id)),
            _ => new(2, new Sort(new SortField(IndexFields.Modified, SortFieldType.INT64, true), id)),
        };
    }
}
