using Agora.Sharing.Notifications;

namespace Agora.Sharing.Workflow;

/// <summary>The dataset as notices name it.</summary>
internal sealed record DatasetTitle(Guid Id, string Identifier, string Zh, string En);

/// <summary>The text of every notice, in Chinese and English.</summary>
internal static class Notices
{
    public static Notice Submitted(DatasetTitle d, Guid requestId) =>
        new("request.submitted", $"新的数据申请：{d.Zh}", $"New request for {d.En}", requestId, null, d.Id);

    public static Notice Issued(DatasetTitle d, Guid requestId, Guid grantId) =>
        new("grant.issued", $"无条件共享，已自动授权：{d.Zh}", $"Granted at once (shared without conditions): {d.En}", requestId, grantId, d.Id);

    public static Notice Approved(DatasetTitle d, Guid requestId, Guid grantId) =>
        new("request.approved", $"数据申请已通过：{d.Zh}", $"Request approved: {d.En}", requestId, grantId, d.Id);

    public static Notice Refused(DatasetTitle d, Guid requestId, string reason) =>
        new("request.refused", $"数据申请未通过：{d.Zh}（理由：{reason}）", $"Request refused: {d.En} (reason: {reason})", requestId, null, d.Id, new { reason });

    public static Notice InfoRequested(DatasetTitle d, Guid requestId, string question) =>
        new("request.info-requested", $"提供单位要求补充说明：{d.Zh}", $"The provider asks for more information: {d.En}", requestId, null, d.Id, new { question });

    public static Notice InfoProvided(DatasetTitle d, Guid requestId) =>
        new("request.info-provided", $"申请方已补充说明：{d.Zh}", $"The requester answered: {d.En}", requestId, null, d.Id);

    public static Notice Withdrawn(DatasetTitle d, Guid requestId) =>
        new("request.withdrawn", $"数据申请已撤回：{d.Zh}", $"Request withdrawn: {d.En}", requestId, null, d.Id);

    public static Notice Overdue(DatasetTitle d, Guid requestId, DateOnly due) =>
        new("request.overdue", $"数据申请超期未答复（应于{due:yyyy-MM-dd}前答复）：{d.Zh}", $"Request overdue (answer was due by {due:yyyy-MM-dd}): {d.En}", requestId, null, d.Id, new { due });

    public static Notice Revoked(DatasetTitle d, Guid? requestId, Guid grantId, string reason) =>
        new("grant.revoked", $"授权已撤销：{d.Zh}（理由：{reason}）", $"Grant revoked: {d.En} (reason: {reason})", requestId, grantId, d.Id, new { reason });

    public static Notice Expiring(DatasetTitle d, Guid requestId, Guid grantId, DateTime validTo) =>
        new("grant.expiring", $"授权将于{validTo:yyyy-MM-dd HH:mm}（UTC）到期：{d.Zh}", $"Grant expires on {validTo:yyyy-MM-dd HH:mm} UTC: {d.En}", requestId, grantId, d.Id, new { validTo });

    public static Notice Expired(DatasetTitle d, Guid requestId, Guid grantId) =>
        new("grant.expired", $"授权已到期：{d.Zh}", $"Grant expired: {d.En}", requestId, grantId, d.Id);
}
