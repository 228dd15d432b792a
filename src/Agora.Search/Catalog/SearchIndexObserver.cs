using Agora.Catalog.Api;
using Agora.Catalog.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Search.Catalog;

/// <summary>Keeps the index in step with the catalog: told after each committed change, it re-reads what changed.</summary>
internal sealed class SearchIndexObserver(ISearchIndex index, CatalogDbContext db) : ICatalogObserver
{
    public async Task DatasetChangedAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null)
        {
            index.Delete(datasetId);
            return;
        }

        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == dataset.OrganizationId, cancellationToken);
        var formats = await CatalogDocumentSource.FormatsOfAsync(db, [datasetId], cancellationToken);
        index.Upsert(CatalogDocuments.Map(dataset, organization, formats.GetValueOrDefault(datasetId) ?? []));
    }

    public Task DatasetDeletedAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        index.Delete(datasetId);
        return Task.CompletedTask;
    }

    /// <summary>A publisher's name, level or region is part of each of its datasets' documents.</summary>
    public async Task OrganizationChangedAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        var datasets = await db.Datasets.AsNoTracking().Where(d => d.OrganizationId == organizationId).ToListAsync(cancellationToken);
        foreach (var chunk in datasets.Chunk(1000))
        {
            var formats = await CatalogDocumentSource.FormatsOfAsync(db, [.. chunk.Select(d => d.Id)], cancellationToken);
            foreach (var dataset in chunk)
            {
                index.Upsert(CatalogDocuments.Map(dataset, organization, formats.GetValueOrDefault(dataset.Id) ?? []));
            }
        }
    }
}
