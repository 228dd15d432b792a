using Agora.Tables.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Agora.Tables;

public static class TablesEndpoints
{
    /// <summary>
    /// Maps the tables API under <c>/api/v1</c>: uploads and URL ingests, jobs, schema, profile, rows, downloads and
    /// SQL. Who may read or write is asked of the registered <see cref="Access.ITableAccessResolver"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapTablesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Tables");

        api.MapPost("/distributions/{id:guid}/data", IngestEndpoints.UploadAsync)
            .WithName("UploadTableData")
            .WithSummary("Upload a CSV, TSV, XLSX, JSON, NDJSON or Parquet file (multipart or raw body); returns the ingest job.")
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute());
        api.MapPost("/distributions/{id:guid}/data/url", IngestEndpoints.FromUrlAsync)
            .WithName("IngestTableDataFromUrl")
            .WithSummary("Fetch a file by URL and ingest it; private and internal addresses are refused.");
        api.MapGet("/jobs/{jobId:guid}", IngestEndpoints.GetJobAsync)
            .WithName("GetIngestJob")
            .WithSummary("State, progress, errors and result of an ingest job.");
        api.MapPost("/jobs/{jobId:guid}/cancel", IngestEndpoints.CancelJobAsync)
            .WithName("CancelIngestJob")
            .WithSummary("Cancel an ingest job; the previous version keeps serving.");
        api.MapGet("/distributions/{id:guid}/schema", ReadEndpoints.SchemaAsync)
            .WithName("GetTableSchema")
            .WithSummary("The columns and types of the current version, and how its file was read.");
        api.MapPut("/distributions/{id:guid}/schema", IngestEndpoints.PutSchemaAsync)
            .WithName("SetTableSchema")
            .WithSummary("Correct column types; starts a job that re-reads the stored source with them.");
        api.MapGet("/distributions/{id:guid}/profile", ReadEndpoints.ProfileAsync)
            .WithName("GetTableProfile")
            .WithSummary("Per-column count, nulls, distinct estimate, min, max, top values and histogram.");
        api.MapGet("/distributions/{id:guid}/rows", ReadEndpoints.RowsAsync)
            .WithName("QueryTableRows")
            .WithSummary("Rows with $select, $where, $order, $group, $having, $limit, $offset and $q.");
        api.MapGet("/distributions/{id:guid}/download", ReadEndpoints.DownloadAsync)
            .WithName("DownloadTable")
            .WithSummary("Stream the table as csv, tsv, json, ndjson, xlsx or parquet, with the same query parameters.");
        api.MapPost("/sql", ReadEndpoints.SqlAsync)
            .WithName("QueryTablesSql")
            .WithSummary("Run one read-only SELECT over tables named by distribution id.");
        return endpoints;
    }
}
