using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Privacy;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Import;

public sealed record ImportError(long Line, string Field, string Message);

public sealed record ImportResult(int Imported, IReadOnlyList<ImportError> Errors, TimeSpan Elapsed);

/// <summary>
/// The bulk path into the catalog: newline-delimited JSON, one dataset per line in the API's shape (with
/// <c>"organization": "slug"</c> allowed in place of <c>organizationId</c>). All or nothing: every line is checked
/// first, and nothing is written when any line is wrong.
/// </summary>
public sealed class DatasetImporter(CatalogDbContext db, TimeProvider time, IPublishGate gate)
{
    private const int Batch = 2000;
    private const int MaxReportedErrors = 100;

    public async Task<ImportResult> ImportAsync(Stream ndjson, string actor, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var organizations = await db.Organizations.AsNoTracking()
            .Select(o => new { o.Id, o.Slug }).ToListAsync(cancellationToken);
        var bySlug = organizations.ToDictionary(o => o.Slug, o => o.Id, StringComparer.Ordinal);
        var ids = organizations.Select(o => o.Id).ToHashSet();
        var existing = (await db.Datasets.AsNoTracking().Select(d => d.Identifier).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<ImportError>();
        var datasets = new List<Dataset>();
        var now = time.GetUtcNow().UtcDateTime;
        long lineNumber = 0;
        using var reader = new StreamReader(ndjson, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            DatasetInput input;
            try
            {
                var node = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("the line is not a JSON object");
                if (node["organization"]?.GetValue<string>() is { } slug)
                {
                    node.Remove("organization");
                    if (!bySlug.TryGetValue(slug, out var orgId))
                    {
                        Report(errors, lineNumber, "organization", $"no organization with slug '{slug}'");
                        continue;
                    }

                    node["organizationId"] = orgId.ToString();
                }

                input = node.Deserialize<DatasetInput>(CatalogJson.Options)!;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                Report(errors, lineNumber, (e as JsonException)?.Path?.TrimStart('$', '.') ?? "", $"not valid JSON for a dataset: {e.Message}");
                continue;
            }

            var dataset = new Dataset { Id = Guid.CreateVersion7(), Identifier = "", TitleZh = "", License = "", Created = now, Modified = now };
            var lineErrors = InputValidation.Apply(input, dataset);
            if (lineErrors.Any)
            {
                foreach (var (field, messages) in lineErrors.ToDictionary())
                {
                    Report(errors, lineNumber, field, messages[0]);
                }

                continue;
            }

            if (!ids.Contains(dataset.OrganizationId))
            {
                Report(errors, lineNumber, "organizationId", $"organization {dataset.OrganizationId} does not exist");
            }
            else if (existing.Contains(dataset.Identifier) || !seen.Add(dataset.Identifier))
            {
                Report(errors, lineNumber, "identifier", $"a dataset with identifier '{dataset.Identifier}' already exists");
            }
            else if (dataset.Opening == OpeningAttribute.Open
                && await gate.CheckAsync(dataset, isNew: true, cancellationToken) is { Passed: false } refused)
            {
                Report(errors, lineNumber, refused.Column is null ? "opening" : $"fields.{refused.Column}", $"privacy gate: {refused.Detail}");
            }
            else if (errors.Count == 0)
            {
                datasets.Add(dataset);
            }
        }

        if (errors.Count > 0)
        {
            return new ImportResult(0, errors, time.GetElapsedTime(started));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < datasets.Count; i += Batch)
        {
            var batch = datasets.GetRange(i, Math.Min(Batch, datasets.Count - i));
            await BulkWriter.InsertAsync(db, batch, cancellationToken);
            await BulkWriter.InsertAsync(db, batch.Select(d => new DatasetActivity
            {
                Id = Guid.CreateVersion7(),
                DatasetId = d.Id,
                At = now,
                ActorName = actor,
                Action = "imported",
            }).ToList(), cancellationToken);
            progress?.Report(i + batch.Count);
        }

        await transaction.CommitAsync(cancellationToken);
        await db.AnalyzeAsync(cancellationToken);
        return new ImportResult(datasets.Count, errors, time.GetElapsedTime(started));
    }

    private static void Report(List<ImportError> errors, long line, string field, string message)
    {
        if (errors.Count < MaxReportedErrors)
        {
            errors.Add(new ImportError(line, field, message));
        }
    }
}
