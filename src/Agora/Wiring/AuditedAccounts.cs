using System.Security.Claims;
using System.Text.Json;
using Agora.Audit;
using Agora.Catalog.Accounts;

namespace Agora.Wiring;

/// <summary>
/// Appends every login, logout, account, token and role change to the audit log. The actor is the request's
/// signed-in principal (for a login: the account signing in; on the command line: nobody, the operator at the
/// console). Awaited: the change's response does not complete until its record is committed.
/// </summary>
internal sealed class AuditedAccounts(IAuditLog log, IServiceProvider services) : IAccountEventSink
{
    public async ValueTask RecordAsync(AccountEvent accountEvent, CancellationToken cancellationToken)
    {
        var http = services.GetService<IHttpContextAccessor>()?.HttpContext;
        var principal = http?.User;
        Guid? actor = Guid.TryParse(principal?.FindFirstValue(AgoraClaims.UserId), out var a) ? a : null;
        Guid? actorToken = Guid.TryParse(principal?.FindFirstValue(AgoraClaims.TokenId), out var t) ? t : null;
        await log.AppendAsync(new AuditEntry
        {
            Action = accountEvent.Action,
            Outcome = accountEvent.Succeeded ? AuditOutcome.Ok : AuditOutcome.Denied,
            UserId = actor ?? accountEvent.SubjectUserId,
            TokenId = actorToken ?? (accountEvent.Action == AccountActions.TokenCreate ? null : accountEvent.SubjectTokenId),
            OrganizationId = accountEvent.OrganizationId,
            ClientAddress = http?.Connection.RemoteIpAddress?.ToString(),
            RequestId = http?.TraceIdentifier,
            Details = JsonSerializer.SerializeToElement(new
            {
                subjectUserId = accountEvent.SubjectUserId,
                tokenId = accountEvent.SubjectTokenId,
                role = accountEvent.Role,
                email = accountEvent.Email,
                detail = accountEvent.Detail,
                via = http is null ? "command line" : null,
            }),
        }, cancellationToken);
    }
}
