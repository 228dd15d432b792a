using System.Security.Claims;
using System.Text.Json;
using Agora.Audit;
using Agora.Catalog.Accounts;
using Agora.Sharing.Access;
using Agora.Tables.Audit;

namespace Agora.Wiring;

/// <summary>
/// Writes every table read to the audit log before the response completes (DESIGN.md rule 6), and counts a read
/// served under a grant against the grant's daily quota. The count is one conditional update in the store, so reads
/// on several nodes at once can never together go over the quota; a read that loses that race is refused (429).
/// </summary>
internal sealed class AuditedTableReads(IAuditLog log, IHttpContextAccessor http, IGrantResolver grants) : IReadAuditSink
{
    public async ValueTask RecordAsync(TableReadEvent read, CancellationToken cancellationToken)
    {
        string? refused = null;
        if (read is { Outcome: ReadOutcome.Succeeded, Distribution.GrantId: { } grantId })
        {
            var use = await grants.RecordUseAsync(grantId, read.RowCount, cancellationToken);
            refused = use.Accepted ? null : use.Reason ?? "the grant's quota is used up";
        }

        await log.AppendAsync(new AuditEntry
        {
            Action = read.Path switch
            {
                ReadPath.Sql => AuditActions.SqlQuery,
                ReadPath.Download => AuditActions.Download,
                ReadPath.Profile => "profile.read",
                _ => AuditActions.RowsRead,
            },
            Outcome = refused is not null ? AuditOutcome.Denied : read.Outcome switch
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
            GrantId = read.Distribution.GrantId,
            Purpose = read.Distribution.Purpose,
            Columns = read.Columns,
            RowCount = read.RowCount,
            Bytes = read.Bytes,
            RequestId = read.RequestId,
            ClientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Details = JsonSerializer.SerializeToElement(new { read.Query, read.Format, Error = refused ?? read.Error }),
        }, cancellationToken);
        if (refused is not null)
        {
            throw new GrantQuotaExceededException(refused);
        }
    }
}

/// <summary>A read lost the race for the last of a grant's quota; the host answers 429.</summary>
internal sealed class GrantQuotaExceededException(string reason) : Exception(reason);
