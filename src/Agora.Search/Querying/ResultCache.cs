using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Lucene.Net.Index;

namespace Agora.Search.Querying;

/// <summary>
/// Results of recent searches, per point-in-time reader (as Solr's query result cache): a portal serves the same
/// popular searches and first pages over and over, and until the index changes their answer cannot. Each reader has
/// its own entries, which go with it when a refresh retires it, so a change is never hidden. The key holds the
/// caller's visibility, so a result is only ever served to callers who see the same datasets.
/// </summary>
internal sealed class ResultCache(int capacity)
{
    private readonly ConditionalWeakTable<IndexReader, Entries> readers = new();

    public SearchResult GetOrRun(IndexReader reader, SearchQuery query, SearchVisibility visibility, Func<SearchResult> run)
    {
        if (capacity <= 0)
        {
            return run();
        }
        var entries = readers.GetValue(reader, _ => new Entries());
        var key = Key(query, visibility);
        if (entries.Results.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var result = run();
        if (Interlocked.Increment(ref entries.Count) <= capacity)
        {
            entries.Results.TryAdd(key, result);
        }
        return result;
    }

    /// <summary>Every part of the request and of the visibility, each prefixed by its length so that none can pose as another.</summary>
    internal static string Key(SearchQuery query, SearchVisibility visibility)
    {
        var key = new StringBuilder(128);
        key.Append((int)visibility.Audience).Append('/');
        foreach (var id in visibility.OwnOrganizationIds.Distinct().Order())
        {
            key.Append(id.ToString("N"));
        }
        Part(key, query.Text ?? "\u0000");
        Part(key, query.Language);
        key.Append('/').Append((int)query.Sort).Append('/').Append(query.Limit).Append('/').Append(query.FacetLimit);
        Part(key, query.Cursor ?? "");
        if (query.Facets is null)
        {
            key.Append("/*");
        }
        else
        {
            key.Append('/').Append(query.Facets.Count);
            foreach (var facet in query.Facets)
            {
                Part(key, facet);
            }
        }
        key.Append('/').Append(query.Filters.Count);
        foreach (var (name, values) in query.Filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Part(key, name);
            key.Append('/').Append(values?.Count ?? 0);
            foreach (var value in values ?? [])
            {
                Part(key, value ?? "\u0000");
            }
        }
        return key.ToString();
    }

    private static void Part(StringBuilder key, string value) => key.Append('/').Append(value.Length).Append(':').Append(value);

    private sealed class Entries
    {
        public readonly ConcurrentDictionary<string, SearchResult> Results = new(StringComparer.Ordinal);
        public int Count;
    }
}
