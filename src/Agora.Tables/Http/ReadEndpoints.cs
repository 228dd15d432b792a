using System.Buffers;
using System.Text.Json;
using Agora.Tables.Access;
using Agora.Tables.Audit;
using Agora.Tables.Engine;
using Agora.Tables.Export;
using Agora.Tables.Query;
using Agora.Tables.Sql;
using Agora.Tables.Storage;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Agora.Tables.Http;

/// <summary>Reads: schema, profile, rows, downloads and SQL. Every read of rows is reported to the audit sink first.</summary>
internal static class ReadEndpoints
{
    public static async Task<IResult> SchemaAsync(Guid id, HttpContext context, ITableAccessResolver access, TableStore store)
    {
        var (decision, failure) = await ResolveAsync(id, context, access, null, ReadPath.RowsApi);
        if (failure is not null)
        {
            return failure;
        }
        var current = store.Current(id);
        if (current is null)
        {
            return Problems.NoData();
        }
        var visible = QueryBuilder.Visible(current.Columns, decision!.Access!);
        return TypedResults.Json(
            new
            {
                distributionId = id,
                version = current.Version,
                rowCount = decision.Access!.RowFilter is null && decision.Access.RowCap is null ? current.RowCount : (long?)null,
                columns = visible,
                source = current.Source,
                skippedRows = current.Skipped,
                publishedAt = current.PublishedAt,
            },
            TablesJson.Options);
    }

    public static async Task<IResult> ProfileAsync(Guid id, HttpContext context, ITableAccessResolver access, TableStore store, IReadAuditSink audit)
    {
        var (decision, failure) = await ResolveAsync(id, context, access, audit, ReadPath.Profile);
        if (failure is not null)
        {
            return failure;
        }
        var current = store.Current(id);
        if (current is null)
        {
            return Problems.NoData();
        }
        var tableAccess = decision!.Access!;
        if (tableAccess.RowFilter is not null || tableAccess.RowCap is not null)
        {
            // Statistics over all rows would reveal rows the filter hides.
            return Problems.Create(403, "profile-restricted", "The profile covers all rows, and your access covers only some.");
        }
        var profile = store.Profile(id, current.Version);
        if (profile is null)
        {
            return Problems.Create(404, "profile-not-ready", "The profile of the current version is not ready yet.");
        }
        var visible = QueryBuilder.Visible(current.Columns, tableAccess).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var shown = profile with { Columns = [.. profile.Columns.Where(c => visible.Contains(c.Name))] };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(shown, TablesJson.Options);
        await ReportAsync(context, audit, decision.Distribution!, ReadPath.Profile, [.. visible], profile.RowCount, bytes.Length, ReadOutcome.Succeeded, null, "json");
        return TypedResults.Bytes(bytes, "application/json; charset=utf-8");
    }

    public static async Task<IResult> RowsAsync(Guid id, HttpContext context, ITableAccessResolver access, TableStore store, QueryEngine engine, IReadAuditSink audit)
    {
        var (decision, failure) = await ResolveAsync(id, context, access, audit, ReadPath.RowsApi);
        if (failure is not null)
        {
            return failure;
        }
        var current = store.Current(id);
        if (current is null)
        {
            return Problems.NoData();
        }
        var request = ReadSoql(context.Request.Query, out var invalid);
        if (invalid is not null)
        {
            return invalid;
        }
        RowsPage page;
        try
        {
            var compiled = engine.Compile(id, current, decision!.Access!, request!, download: false);
            page = await Task.Run(() => engine.Page(compiled, context.RequestAborted), context.RequestAborted);
        }
        catch (Exception e) when (QueryProblem(e) is { } problem)
        {
            await ReportAsync(context, audit, decision!.Distribution!, ReadPath.RowsApi, [], 0, 0, ReadOutcome.Failed, QueryText(context), "json", e.Message);
            return problem;
        }
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = TablesJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("distributionId", id);
            writer.WriteNumber("version", current.Version);
            writer.WritePropertyName("columns");
            JsonSerializer.Serialize(writer, page.Columns, TablesJson.Options);
            writer.WriteStartArray("rows");
            var names = page.Columns.Select(c => JsonEncodedText.Encode(c.Name, TablesJson.Options.Encoder)).ToArray();
            foreach (var row in page.Rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < row.Length; i++)
                {
                    writer.WritePropertyName(names[i]);
                    JsonCells.Write(writer, row[i], page.Columns[i].Type);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (page.TotalCount is { } total)
            {
                writer.WriteNumber("totalCount", total);
            }
            if (page.Limit is { } limit)
            {
                writer.WriteNumber("limit", limit);
            }
            writer.WriteNumber("offset", page.Offset);
            if (page.Limit is { } l && page.Rows.Count == l && l > 0 && (page.TotalCount is null || page.Offset + l < page.TotalCount))
            {
                writer.WriteString("next", NextLink(context, page.Offset + l, l));
            }
            writer.WriteEndObject();
        }
        await ReportAsync(context, audit, decision.Distribution!, ReadPath.RowsApi, [.. page.Columns.Select(c => c.Name)], page.Rows.Count, buffer.WrittenCount, ReadOutcome.Succeeded, QueryText(context), "json");
        return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }

    public static async Task DownloadAsync(Guid id, HttpContext context, ITableAccessResolver access, TableStore store, QueryEngine engine, IReadAuditSink audit)
    {
        var (decision, failure) = await ResolveAsync(id, context, access, audit, ReadPath.Download);
        if (failure is not null)
        {
            await failure.ExecuteAsync(context);
            return;
        }
        var current = store.Current(id);
        if (current is null)
        {
            await Problems.NoData().ExecuteAsync(context);
            return;
        }
        var format = (context.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "csv").ToLowerInvariant();
        if (!RowWriter.Formats.Contains(format))
        {
            await Problems.Create(400, "unsupported-format", "Unknown download format.", $"Use one of {string.Join(", ", RowWriter.Formats)}.", "format").ExecuteAsync(context);
            return;
        }
        var request = ReadSoql(context.Request.Query, out var invalid);
        if (invalid is not null)
        {
            await invalid.ExecuteAsync(context);
            return;
        }
        CompiledQuery compiled;
        try
        {
            compiled = engine.Compile(id, current, decision!.Access!, request!, download: true, inline: format == "parquet");
        }
        catch (Exception e) when (QueryProblem(e) is { } problem)
        {
            await problem.ExecuteAsync(context);
            return;
        }
        var distribution = decision.Distribution!;
        var columnNames = compiled.Columns.Select(c => c.Name).ToList();
        context.Response.ContentType = RowWriter.ContentType(format);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{id:D}.{format}\"";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        long rows = 0;
        var body = new BufferedBody(context.Response.Body);
        try
        {
            if (format == "parquet")
            {
                rows = await ParquetAsync(id, current, decision.Access!, request!, compiled, context, store, engine, body);
            }
            else
            {
                rows = await StreamRowsAsync(compiled, format, context, engine, body);
            }
            await ReportAsync(context, audit, distribution, ReadPath.Download, columnNames, rows, body.BytesWritten, ReadOutcome.Succeeded, QueryText(context), format);
            await body.DrainAsync(context.RequestAborted);
        }
        catch (Exception e) when (!context.Response.HasStarted && QueryProblem(e) is { } problem)
        {
            await ReportAsync(context, audit, distribution, ReadPath.Download, columnNames, 0, 0, ReadOutcome.Failed, QueryText(context), format, e.Message);
            context.Response.Headers.ContentDisposition = default;
            await problem.ExecuteAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            await ReportAsync(context, audit, distribution, ReadPath.Download, columnNames, rows, body.BytesWritten, ReadOutcome.Aborted, QueryText(context), format, e.Message);
            context.Abort();
        }
    }

    public static async Task<IResult> SqlAsync(HttpContext context, ITableAccessResolver access, TableStore store, SqlRunner runner, IReadAuditSink audit, TablesOptions options)
    {
        SqlBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<SqlBody>(context.Request.Body, TablesJson.Options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Problems.Create(400, "invalid-body", "The body must be JSON like {\"query\": \"SELECT ...\"}.", e.Message, "query");
        }
        if (string.IsNullOrWhiteSpace(body?.Query))
        {
            return Problems.Create(400, "sql-empty", "No query was given.", field: "query");
        }
        if (body.Query.Length > 100_000)
        {
            return Problems.Create(400, "sql-too-long", "The query is longer than 100,000 characters.", field: "query");
        }
        using var connection = runner.Open();
        IReadOnlyList<Guid> ids;
        try
        {
            ids = SqlGuard.Check(connection, body.Query);
        }
        catch (SqlRefusedException e)
        {
            return Problems.Create(e.Status, e.Code, "The query is refused.", e.Message, "query");
        }
        var tables = new List<(SqlTable Table, DistributionRef Distribution)>();
        foreach (var tableId in ids)
        {
            var decision = await access.ResolveReadAsync(context.User, tableId, context.RequestAborted);
            if (decision.Outcome != AccessOutcome.Allowed)
            {
                if (decision.Distribution is not null)
                {
                    await ReportAsync(context, audit, decision.Distribution, ReadPath.Sql, [], 0, 0, ReadOutcome.Denied, body.Query, "json", decision.Reason);
                }
                if (decision.Outcome == AccessOutcome.QuotaExhausted)
                {
                    return Problems.Create(429, "quota-exhausted", "The quota is used up.", decision.Reason, "query", new Dictionary<string, object?> { ["table"] = tableId });
                }
                return Problems.Create(403, "sql-table-forbidden", "The query reads a table you may not read.", $"Table \"{tableId}\" does not exist or is not readable by you.", "query", new Dictionary<string, object?> { ["table"] = tableId });
            }
            var current = store.Current(tableId);
            if (current is null)
            {
                return Problems.Create(404, "no-data", "The query reads a table with no data.", $"Table \"{tableId}\" has no data yet.", "query", new Dictionary<string, object?> { ["table"] = tableId });
            }
            tables.Add((new SqlTable(tableId, current, decision.Access!), decision.Distribution!));
        }
        SqlResult result;
        try
        {
            result = await Task.Run(() => runner.Run(connection, body.Query, [.. tables.Select(t => t.Table)], context.RequestAborted), context.RequestAborted);
        }
        catch (Exception e) when (e is SqlRefusedException or QueryTimeoutException or InvalidOperationException)
        {
            foreach (var (table, distribution) in tables)
            {
                await ReportAsync(context, audit, distribution, ReadPath.Sql, [], 0, 0, ReadOutcome.Failed, body.Query, "json", e.Message);
            }
            return e switch
            {
                SqlRefusedException refused => Problems.Create(refused.Status, refused.Code, "The query failed.", refused.Message, "query"),
                QueryTimeoutException => Problems.Create(422, "sql-timeout", "The query took too long.", e.Message, "query"),
                _ => Problems.Create(500, "access-filter-invalid", "The access rules of a table cannot be applied.", e.Message),
            };
        }
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = TablesJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("columns");
            JsonSerializer.Serialize(writer, result.Columns, TablesJson.Options);
            writer.WriteStartArray("rows");
            foreach (var row in result.Rows)
            {
                writer.WriteStartArray();
                for (var i = 0; i < row.Length; i++)
                {
                    JsonCells.Write(writer, row[i], result.Columns[i].Type);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteNumber("rowCount", result.Rows.Count);
            writer.WriteBoolean("truncated", result.Truncated);
            writer.WriteNumber("rowCap", options.SqlRowCap);
            writer.WriteEndObject();
        }
        foreach (var (table, distribution) in tables)
        {
            var visible = QueryBuilder.Visible(table.Version.Columns, table.Access).Select(c => c.Name).ToList();
            await ReportAsync(context, audit, distribution, ReadPath.Sql, visible, result.Rows.Count, buffer.WrittenCount, ReadOutcome.Succeeded, body.Query, "json");
        }
        return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }

    private static async Task<long> StreamRowsAsync(CompiledQuery compiled, string format, HttpContext context, QueryEngine engine, BufferedBody body)
    {
        using var connection = engine.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = compiled.Sql;
        foreach (var parameter in compiled.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }
        using var registration = context.RequestAborted.Register(command.Cancel);
        using var reader = await Task.Run(() => command.ExecuteReader(), context.RequestAborted);
        using var writer = RowWriter.Create(format, body, compiled.Columns, context.Request.Query["bom"] is var bom && (bom == "true" || bom == "1"));
        long rows = 0;
        var row = new object?[compiled.Columns.Count];
        while (reader.Read())
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = QueryEngine.Cell(reader, i);
            }
            if (!writer.Write(row))
            {
                break;
            }
            rows++;
            if (body.ShouldFlush)
            {
                writer.Flush();
                await body.DrainAsync(context.RequestAborted);
            }
        }
        writer.Complete();
        return rows;
    }

    private static async Task<long> ParquetAsync(Guid id, TableVersion current, TableAccess access, SoqlRequest request, CompiledQuery compiled, HttpContext context, TableStore store, QueryEngine engine, BufferedBody body)
    {
        var whole = request.IsEmpty && access.AllowedColumns is null && access.RowFilter is null && access.RowCap is null;
        var path = whole ? store.ParquetPath(id, current) : store.NewTempPath(".parquet");
        try
        {
            long rows = current.RowCount;
            if (!whole)
            {
                using var connection = engine.Connect();
                using var registration = context.RequestAborted.Register(() =>
                {
                    using var cancel = connection.CreateCommand();
                    cancel.Cancel();
                });
                await Task.Run(() => DuckDb.Execute(connection, $"COPY ({compiled.Sql}) TO {DuckDb.Literal(path)} (FORMAT parquet, COMPRESSION lz4_raw)"), context.RequestAborted);
                rows = Convert.ToInt64(DuckDb.Scalar(connection, $"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)})"), System.Globalization.CultureInfo.InvariantCulture);
            }
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true);
            context.Response.ContentLength = file.Length;
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await file.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                body.Write(buffer.AsSpan(0, read));
                await body.DrainAsync(context.RequestAborted);
            }
            return rows;
        }
        finally
        {
            if (!whole)
            {
                File.Delete(path);
            }
        }
    }

    private static async Task<(TableAccessDecision? Decision, IResult? Failure)> ResolveAsync(Guid id, HttpContext context, ITableAccessResolver access, IReadAuditSink? audit, ReadPath path)
    {
        var decision = await access.ResolveReadAsync(context.User, id, context.RequestAborted);
        switch (decision.Outcome)
        {
            case AccessOutcome.Allowed when decision.Access is not null && decision.Distribution is not null:
                return (decision, null);
            case AccessOutcome.Forbidden or AccessOutcome.QuotaExhausted:
                if (audit is not null && decision.Distribution is not null)
                {
                    await ReportAsync(context, audit, decision.Distribution, path, [], 0, 0, ReadOutcome.Denied, QueryText(context), null, decision.Reason);
                }
                return (null, decision.Outcome == AccessOutcome.QuotaExhausted ? Problems.QuotaExhausted(decision.Reason) : Problems.Forbidden(decision.Reason));
            default:
                return (null, Problems.NotFound());
        }
    }

    private static SoqlRequest? ReadSoql(IQueryCollection query, out IResult? invalid)
    {
        invalid = null;
        long? Number(string name)
        {
            var text = query[name].ToString();
            if (text.Length == 0)
            {
                return null;
            }
            return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw new SoqlException(name, $"{name} must be a whole number.");
        }
        string? Text(string name) => query[name].ToString() is { Length: > 0 } t ? t : null;
        try
        {
            return new SoqlRequest(Text("$select"), Text("$where"), Text("$order"), Text("$group"), Text("$having"), Text("$q"), Number("$limit"), Number("$offset"));
        }
        catch (SoqlException e)
        {
            invalid = Problems.Create(400, "query-invalid", "The query parameters are not valid.", e.Message, e.Parameter);
            return null;
        }
    }

    private static IResult? QueryProblem(Exception e) => e switch
    {
        SoqlException s => Problems.Create(400, "query-invalid", "The query is not valid.", s.Message, s.Parameter, s.Position is { } p ? new Dictionary<string, object?> { ["position"] = p + 1 } : null),
        QueryTimeoutException => Problems.Create(422, "query-timeout", "The query took too long.", e.Message),
        DuckDBException d => Problems.Create(400, "query-invalid", "The query cannot be run.", d.Message.Split('\n')[0]),
        InvalidOperationException => Problems.Create(500, "access-filter-invalid", "The access rules of this table cannot be applied.", e.Message),
        _ => null,
    };

    private static string? QueryText(HttpContext context) => context.Request.QueryString.HasValue ? Uri.UnescapeDataString(context.Request.QueryString.Value!) : null;

    private static string NextLink(HttpContext context, long offset, long limit)
    {
        var pairs = context.Request.Query.Where(q => q.Key is not "$offset" and not "$limit")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"$limit={limit}")
            .Append($"$offset={offset}");
        return $"{context.Request.PathBase}{context.Request.Path}?{string.Join('&', pairs)}";
    }

    private static async Task ReportAsync(HttpContext context, IReadAuditSink audit, DistributionRef distribution, ReadPath path, IReadOnlyList<string> columns, long rows, long bytes, ReadOutcome outcome, string? query, string? format, string? error = null)
    {
        var readEvent = new TableReadEvent(context.User, distribution, path, columns, rows, bytes, outcome, context.TraceIdentifier, query, format, DateTimeOffset.UtcNow, error);
        await audit.RecordAsync(readEvent, CancellationToken.None);
    }
}
