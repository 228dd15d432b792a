using Agora.Tables.Jobs;

namespace Agora.Tables.Http;

/// <summary>A job as the API shows it (without server paths).</summary>
internal sealed record JobView(
    Guid Id,
    Guid DistributionId,
    IngestJobKind Kind,
    IngestJobState State,
    string Phase,
    double Progress,
    bool CancelRequested,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? FileName,
    IReadOnlyList<IngestError> Errors,
    IngestResult? Result,
    string Self)
{
    public static JobView From(IngestJob job) => new(
        job.Id,
        job.DistributionId,
        job.Kind,
        job.State,
        job.Phase,
        Math.Round(job.Progress, 3),
        job.CancelRequested,
        job.CreatedAt,
        job.StartedAt,
        job.FinishedAt,
        job.Request.FileName,
        job.Errors,
        job.Result,
        $"/api/v1/jobs/{job.Id}");
}

internal sealed record UrlIngestBody(string? Url, string? Format, string? Encoding, string? Delimiter, string? Sheet);

internal sealed record SchemaColumnBody(string? Name, ColumnType? Type);

internal sealed record SchemaBody(IReadOnlyList<SchemaColumnBody>? Columns);

internal sealed record SqlBody(string? Query);
