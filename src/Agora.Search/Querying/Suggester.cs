using Agora.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Agora.Search.Querying;

/// <summary>
/// Completions while typing: titles and keywords that start with the prefix or have a word that does, from datasets
/// the caller may see, most used first.
/// </summary>
internal sealed class Suggester(FilterBuilder filterBuilder, SegmentBits cache)
{
    private const int MaxPrefixChars = 50;
    private const int MaxLimit = 50;

    public IReadOnlyList<SearchSuggestion> Suggest(IndexSearcher searcher, string prefix, SearchVisibility visibility, int limit)
    {
        var text = (prefix ?? "").Trim();
        if (text.Length == 0 || limit < 1)
        {
            return [];
        }
        limit = Math.Min(limit, MaxLimit);
        var lower = (text.Length > MaxPrefixChars ? text[..MaxPrefixChars] : text).ToLowerInvariant();
        if (lower.Length < 2 && !TextQueryBuilder.ContainsChinese(lower))
        {
            // One Latin letter starts half the words of the catalog: nothing useful to suggest yet.
            return [];
        }

        var query = new BooleanQuery { { new PrefixQuery(new Term(IndexFields.SuggestWhole, lower)) { Boost = 3 }, Occur.SHOULD } };
        if (!lower.Any(char.IsWhiteSpace))
        {
            query.Add(new PrefixQuery(new Term(IndexFields.SuggestWord, lower)), Occur.SHOULD);
            if (TextQueryBuilder.ContainsChinese(lower))
            {
                query.Add(new PrefixQuery(new Term(IndexFields.TitleZh, lower)), Occur.SHOULD);
            }
        }
        var filter = filterBuilder.Combine(FilterBuilder.Visibility(visibility), new Dictionary<string, string[]>(), except: null);
        var sort = new Sort(new SortField(IndexFields.Usage, SortFieldType.INT64, true), new SortField(IndexFields.IdSort, SortFieldType.STRING));
        var hits = searcher.Search(query, filter, limit * 4, sort).ScoreDocs;

        var leading = new List<SearchSuggestion>();
        var inner = new List<SearchSuggestion>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var hit in hits)
        {
            var leaf = searcher.IndexReader.Leaves[ReaderUtil.SubIndex(hit.Doc, searcher.IndexReader.Leaves)];
            var record = cache.Hit(leaf.AtomicReader, hit.Doc - leaf.DocBase);
            foreach (var keyword in record.Keywords)
            {
                Consider(keyword, SuggestionKind.Keyword, null);
            }
            Consider(record.TitleZh, SuggestionKind.Title, record.Id);
            Consider(record.TitleEn, SuggestionKind.Title, record.Id);
        }
        return [.. leading.Concat(inner).Take(limit)];

        void Consider(string? candidate, SuggestionKind kind, Guid? id)
        {
            if (string.IsNullOrWhiteSpace(candidate) || seen.Contains(candidate))
            {
                return;
            }
            var value = candidate.ToLowerInvariant();
            if (value.StartsWith(lower, StringComparison.Ordinal))
            {
                seen.Add(candidate);
                leading.Add(new SearchSuggestion(candidate, kind, id));
            }
            else if (HasWordStartingWith(value, lower))
            {
                seen.Add(candidate);
                inner.Add(new SearchSuggestion(candidate, kind, id));
            }
        }
    }

    private static bool HasWordStartingWith(string value, string prefix)
    {
        if (TextQueryBuilder.IsChinese(prefix[0]))
        {
            return value.Contains(prefix, StringComparison.Ordinal);
        }
        for (var index = value.IndexOf(prefix, StringComparison.Ordinal); index >= 0; index = value.IndexOf(prefix, index + 1, StringComparison.Ordinal))
        {
            if (index == 0 || !char.IsLetterOrDigit(value[index - 1]))
            {
                return true;
            }
        }
        return false;
    }
}
