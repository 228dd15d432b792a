using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.EntityFrameworkCore;

// string.Compare in these queries is translated to SQL comparisons by EF Core; it never runs in .NET.
#pragma warning disable CA1309

namespace Agora.Search.Catalog;

/// <summary>Reads every dataset from the metadata store, page by page, for a rebuild of the index.</summary>
internal sealed class CatalogDocumentSource(Func<CatalogDbContext> contexts) : ISearchDocumentSource
{
    private const int PageSize = 2000;

    public IEnumerable<SearchDocument> ReadAll(CancellationToken cancellationToken)
    {
        using var db = contexts();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var organizations = db.Organizations.ToDictionary(o => o.Id);
        var last = "";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var after = last;
            var page = db.Datasets.Where(d => string.Compare(d.Identifier, after) > 0)
                .OrderBy(d => d.Identifier).Take(PageSize).ToList();
            if (page.Count == 0)
            {
                yield break;
            }

            var formats = FormatsOf(db, [.. page.Select(d => d.Id)]);
            foreach (var dataset in page)
            {
                yield return CatalogDocuments.Map(dataset, organizations.GetValueOrDefault(dataset.OrganizationId),
                    formats.TryGetValue(dataset.Id, out var list) ? list : []);
            }

            last = page[^1].Identifier;
        }
    }

    internal static Dictionary<Guid, List<string>> FormatsOf(CatalogDbContext db, List<Guid> datasetIds) =>
        db.Distributions.AsNoTracking().Where(x => datasetIds.Contains(x.DatasetId))
            .Select(x => new { x.DatasetId, x.Format }).ToList()
            .GroupBy(x => x.DatasetId)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Format).ToList());

    internal static async Task<Dictionary<Guid, List<string>>> FormatsOfAsync(CatalogDbContext db, List<Guid> datasetIds, CancellationToken cancellationToken) =>
        (await db.Distributions.AsNoTracking().Where(x => datasetIds.Contains(x.DatasetId))
            .Select(x => new { x.DatasetId, x.Format }).ToListAsync(cancellationToken))
            .GroupBy(x => x.DatasetId)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Format).ToList());
}
