using System.Globalization;
using System.Text;
using System.Text.Json;
using Agora.Audit.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Audit.Export;

public enum AuditExportFormat
{
    Ndjson,
    Csv,
}

/// <summary>Writes records out in sequence order, streaming: NDJSON (one record per line) or CSV.</summary>
public sealed class AuditExporter
{
    private static readonly string[] CsvHeader =
    [
        "sequence", "time", "action", "outcome", "statusCode", "userId", "organizationId", "tokenId", "datasetId",
        "ownerOrganizationId", "distributionId", "grantId", "purpose", "columns", "rowCount", "bytes", "clientAddress",
        "requestId", "details", "previousHash", "hash",
    ];

    private readonly Func<AuditDbContext> contexts;

    internal AuditExporter(Func<AuditDbContext> contexts) => this.contexts = contexts;

    /// <summary>Writes the records with <paramref name="from"/> ≤ time &lt; <paramref name="to"/>; returns how many.</summary>
    public async Task<long> ExportAsync(Stream output, AuditExportFormat format, DateTime? from = null, DateTime? to = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var store = AuditStore.For(connection);
            await using var snapshot = await store.BeginSnapshotAsync(connection, cancellationToken);
            var records = store.ReadAsync(connection, snapshot, from?.ToUniversalTime(), to?.ToUniversalTime(), cancellationToken);
            return format == AuditExportFormat.Csv
                ? await WriteCsvAsync(output, records, cancellationToken)
                : await WriteNdjsonAsync(output, records, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> WriteNdjsonAsync(Stream output, IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        long count = 0;
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await foreach (var record in records)
        {
            AuditRecordJson.Write(json, record);
            json.Flush();
            output.WriteByte((byte)'\n');
            json.Reset();
            if (++count % 1024 == 0)
            {
                await output.FlushAsync(cancellationToken);
            }
        }

        await output.FlushAsync(cancellationToken);
        return count;
    }

    private static async Task<long> WriteCsvAsync(Stream output, IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        long count = 0;
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', CsvHeader));
        var cells = new string?[CsvHeader.Length];
        await foreach (var record in records)
        {
            cells[0] = record.Sequence.ToString(CultureInfo.InvariantCulture);
            cells[1] = Chain.AuditCanonicalTime.Format(record.Time);
            cells[2] = Text(record.Action);
            cells[3] = Chain.AuditCanonical.OutcomeName(record.Outcome);
            cells[4] = record.StatusCode?.ToString(CultureInfo.InvariantCulture);
            cells[5] = record.UserId?.ToString();
            cells[6] = record.OrganizationId?.ToString();
            cells[7] = record.TokenId?.ToString();
            cells[8] = record.DatasetId?.ToString();
            cells[9] = record.OwnerOrganizationId?.ToString();
            cells[10] = record.DistributionId?.ToString();
            cells[11] = record.GrantId?.ToString();
            cells[12] = Text(record.Purpose);
            cells[13] = record.Columns is null ? null : Text(string.Join(';', record.Columns));
            cells[14] = record.RowCount?.ToString(CultureInfo.InvariantCulture);
            cells[15] = record.Bytes?.ToString(CultureInfo.InvariantCulture);
            cells[16] = Text(record.ClientAddress);
            cells[17] = Text(record.RequestId);
            cells[18] = Text(record.Details);
            cells[19] = Convert.ToHexStringLower(record.PreviousHash);
            cells[20] = Convert.ToHexStringLower(record.Hash);
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                WriteCell(writer, cells[i]);
            }

            writer.Write("\r\n");
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// A text cell that a spreadsheet would run as a formula (=, +, -, @, or a leading tab or carriage return) is
    /// prefixed with an apostrophe (OWASP's CSV injection advice). Numbers, ids and hashes are never touched.
    /// </summary>
    internal static string? Text(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static void WriteCell(StreamWriter writer, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
