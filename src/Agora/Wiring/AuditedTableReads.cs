using System.Security.Claims;
using System.Text.Json;
using Agora.Audit;
using Agora.Catalog.Accounts;
using Agora.Tables.Audit;

namespace Agora.Wiring;

/// <summary>Writes every table read to the audit log before the response completes (DESIGN.md rule 6).</summary>
internal sealed class AuditedTableReads(IAuditLog log, IHttpContextAccessor http) : IReadAuditSink
{
    public async ValueTask RecordAsync(TableReadEvent read, CancellationToken cancellationToken)
    {
        await log.AppendAsync(new AuditEntry
        {
            Action = read.Path switch
            {
                ReadPath.Sql => AuditActions.SqlQuery,
                ReadPath.Download => AuditActions.Download,
                ReadPath.Profile => "profile.read",
                _ => AuditActions.RowsRead,
            },
            Outcome = read.Outcome switch
            {
                ReadOutcome.Succeeded => AuditOutcome.Ok,
                ReadOutcome.Denied => AuditOutcome.Denied,
                _ => AuditOutcome.Error,
            },
            Time = read.At,
            UserId = Guid.TryParse(read.User.FindFirstValue(AgoraClaims.UserId), out var user) ? user : null,
            TokenId = Guid.TryParse(read.User.FindFirstValue(AgoraClaims.TokenId), out var token) ? token : null,
            DatasetId = read.Distribution.DatasetId,
            OwnerOrganizationId = read.Distribution.OwnerOrganizationId,
            DistributionId = read.Distribution.DistributionId,
            Columns = read.Columns,
            RowCount = read.RowCount,
            Bytes = read.Bytes,
            RequestId = read.RequestId,
            ClientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Details = JsonSerializer.SerializeToElement(new { read.Query, read.Format, read.Error }),
        }, cancellationToken);
    }
}
