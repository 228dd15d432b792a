using System.Security.Claims;
using System.Text.Json;
using Agora.Tables.Access;
using Agora.Tables.Ingest;
using Agora.Tables.Jobs;
using Agora.Tables.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Agora.Tables.Http;

/// <summary>Uploads, URL ingests, jobs and schema changes: everything that writes a table.</summary>
internal static class IngestEndpoints
{
    private static readonly string[] Encodings = ["utf-8", "utf8", "utf-8-sig", "gb18030", "gbk", "gb2312", "cp936", "big5", "cp950", "utf-16", "utf-16le", "utf-16be"];

    public static async Task<IResult> UploadAsync(Guid id, HttpContext context, ITableAccessResolver access, TableIngest ingest, TableStore store, TablesOptions options)
    {
        var denied = await CheckWriteAsync(id, context, access);
        if (denied is not null)
        {
            return denied;
        }
        var query = context.Request.Query;
        if (ReadOptions(query["format"], query["encoding"], query["delimiter"], out var format, out var encoding, out var delimiter) is { } invalid)
        {
            return invalid;
        }
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = options.MaxUploadBytes;
        }
        string? temp = store.NewTempPath(".upload");
        string? fileName = query["filename"];
        try
        {
            if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var media) && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
                if (string.IsNullOrEmpty(boundary))
                {
                    return Problems.Create(400, "invalid-upload", "The multipart body has no boundary.");
                }
                var reader = new MultipartReader(boundary, context.Request.Body);
                var found = false;
                while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
                {
                    if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                    {
                        fileName ??= disposition.FileNameStar.Value ?? disposition.FileName.Value?.Trim('"');
                        if (await SaveAsync(section.Body, temp, options, context.RequestAborted) is { } tooLarge)
                        {
                            return tooLarge;
                        }
                        found = true;
                        break;
                    }
                }
                if (!found)
                {
                    return Problems.Create(400, "invalid-upload", "The multipart body has no file part.", field: "file");
                }
            }
            else
            {
                if (fileName is null && ContentDispositionHeaderValue.TryParse(context.Request.Headers.ContentDisposition.ToString(), out var disposition))
                {
                    fileName = disposition.FileNameStar.Value ?? disposition.FileName.Value?.Trim('"');
                }
                if (await SaveAsync(context.Request.Body, temp, options, context.RequestAborted) is { } tooLarge)
                {
                    return tooLarge;
                }
            }
            fileName = fileName is null ? null : Path.GetFileName(fileName);
            try
            {
                format = FileSniffer.Detect(temp!, fileName, format);
            }
            catch (IngestException e)
            {
                return Problems.Create(e.Code == "empty-file" ? 400 : 415, e.Code, "The file cannot be ingested.", e.Message, "file");
            }
            var job = await ingest.EnqueueAsync(
                id,
                IngestJobKind.Upload,
                new IngestRequest(temp, fileName, format, encoding, delimiter, query["sheet"]),
                Subject(context.User),
                context.RequestAborted);
            temp = null;
            return TypedResults.Json(JobView.From(job), TablesJson.Options, statusCode: StatusCodes.Status202Accepted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options);
        }
        finally
        {
            if (temp is not null)
            {
                File.Delete(temp);
            }
        }
    }

    public static async Task<IResult> FromUrlAsync(Guid id, HttpContext context, ITableAccessResolver access, TableIngest ingest, OutboundFetcher fetcher)
    {
        var denied = await CheckWriteAsync(id, context, access);
        if (denied is not null)
        {
            return denied;
        }
        var body = await ReadJsonAsync<UrlIngestBody>(context);
        if (body?.Url is null || !Uri.TryCreate(body.Url, UriKind.Absolute, out var url))
        {
            return Problems.Create(400, "invalid-url", "An absolute http(s) URL is needed.", field: "url");
        }
        if (ReadOptions(body.Format, body.Encoding, body.Delimiter, out var format, out var encoding, out var delimiter) is { } invalid)
        {
            return invalid;
        }
        try
        {
            await fetcher.CheckAsync(url, context.RequestAborted);
        }
        catch (IngestException e)
        {
            return Problems.Create(400, e.Code, "The URL cannot be fetched.", e.Message, "url");
        }
        var job = await ingest.EnqueueAsync(id, IngestJobKind.Url, new IngestRequest(null, null, format, encoding, delimiter, body.Sheet, url.ToString()), Subject(context.User), context.RequestAborted);
        return TypedResults.Json(JobView.From(job), TablesJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> GetJobAsync(Guid jobId, HttpContext context, ITableAccessResolver access, IIngestJobStore jobs)
    {
        var job = await jobs.GetAsync(jobId, context.RequestAborted);
        if (job is null || await CheckWriteAsync(job.DistributionId, context, access) is not null)
        {
            return Problems.NotFound("job");
        }
        return TypedResults.Json(JobView.From(job), TablesJson.Options);
    }

    public static async Task<IResult> CancelJobAsync(Guid jobId, HttpContext context, ITableAccessResolver access, IIngestJobStore jobs, TableIngest ingest)
    {
        var job = await jobs.GetAsync(jobId, context.RequestAborted);
        if (job is null || await CheckWriteAsync(job.DistributionId, context, access) is not null)
        {
            return Problems.NotFound("job");
        }
        if (!await ingest.CancelAsync(jobId, context.RequestAborted))
        {
            return Problems.Create(409, "job-finished", "The job has already finished.", $"The job ended {job.State.ToString().ToLowerInvariant()}.");
        }
        var updated = await jobs.GetAsync(jobId, context.RequestAborted);
        return TypedResults.Json(JobView.From(updated!), TablesJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> PutSchemaAsync(Guid id, HttpContext context, ITableAccessResolver access, TableStore store, TableIngest ingest)
    {
        var denied = await CheckWriteAsync(id, context, access);
        if (denied is not null)
        {
            return denied;
        }
        SchemaBody? body;
        try
        {
            body = await ReadJsonAsync<SchemaBody>(context);
        }
        catch (JsonException e)
        {
            return Problems.Create(400, "invalid-schema", "The schema is not valid JSON.", e.Message, e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : null);
        }
        var current = store.Current(id);
        if (current is null)
        {
            return Problems.NoData();
        }
        if (body?.Columns is null)
        {
            return Problems.Create(400, "invalid-schema", "The body needs a 'columns' list of {name, type}.", field: "columns");
        }
        var overrides = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        for (var i = 0; i < body.Columns.Count; i++)
        {
            var column = body.Columns[i];
            if (column.Name is null || current.Columns.All(c => c.Name != column.Name))
            {
                return Problems.Create(400, "unknown-column", "The schema names a column the table does not have.", $"There is no column '{column.Name}'.", $"columns[{i}].name");
            }
            if (column.Type is null)
            {
                return Problems.Create(400, "invalid-schema", "Each column needs a type.", $"Types: {string.Join(", ", Enum.GetNames<ColumnType>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.", $"columns[{i}].type");
            }
            overrides[column.Name] = column.Type.Value;
        }
        store.SaveOverrides(id, overrides);
        var job = await ingest.EnqueueAsync(id, IngestJobKind.Retype, new IngestRequest(null), Subject(context.User), context.RequestAborted);
        return TypedResults.Json(JobView.From(job), TablesJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    internal static async Task<IResult?> CheckWriteAsync(Guid id, HttpContext context, ITableAccessResolver access)
    {
        var decision = await access.CanWriteAsync(context.User, id, context.RequestAborted);
        return decision.Outcome switch
        {
            AccessOutcome.Allowed => null,
            AccessOutcome.Forbidden => Problems.Forbidden(decision.Reason),
            _ => Problems.NotFound(),
        };
    }

    internal static string? Subject(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? user.Identity?.Name;

    private static async Task<T?> ReadJsonAsync<T>(HttpContext context)
    {
        if (context.Request.ContentLength == 0)
        {
            return default;
        }
        return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, TablesJson.Options, context.RequestAborted);
    }

    private static IResult? ReadOptions(string? formatText, string? encodingText, string? delimiterText, out string? format, out string? encoding, out char? delimiter)
    {
        format = string.IsNullOrWhiteSpace(formatText) ? null : formatText.Trim().ToLowerInvariant();
        encoding = string.IsNullOrWhiteSpace(encodingText) ? null : encodingText.Trim().ToLowerInvariant();
        delimiter = null;
        if (format is not null && !FileSniffer.Formats.Contains(format))
        {
            return Problems.Create(400, "unsupported-format", "Unknown format.", $"Use one of {string.Join(", ", FileSniffer.Formats)}.", "format");
        }
        if (encoding is not null && !Encodings.Contains(encoding))
        {
            return Problems.Create(400, "unsupported-encoding", "Unknown encoding.", "Use utf-8, gb18030 (also for GBK/GB2312), big5, utf-16le or utf-16be.", "encoding");
        }
        if (!string.IsNullOrEmpty(delimiterText))
        {
            var text = delimiterText is "tab" or "\\t" ? "\t" : delimiterText;
            if (text.Length != 1 || text[0] is '"' or '\r' or '\n')
            {
                return Problems.Create(400, "invalid-delimiter", "The delimiter must be one character (or 'tab').", field: "delimiter");
            }
            delimiter = text[0];
        }
        return null;
    }

    private static async Task<IResult?> SaveAsync(Stream body, string path, TablesOptions options, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > options.MaxUploadBytes)
            {
                return TooLarge(options);
            }
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return null;
    }

    private static IResult TooLarge(TablesOptions options) =>
        Problems.Create(413, "file-too-large", "The file is too large.", $"At most {options.MaxUploadBytes:N0} bytes can be uploaded.", "file");
}
