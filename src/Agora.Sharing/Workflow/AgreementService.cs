using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Workflow;

/// <summary>The agreement a public applicant accepts: its version, its text, and the SHA-256 of that text.</summary>
internal sealed record CurrentAgreement(string Version, string Text, string Sha256, DateTime? Published);

/// <summary>
/// The data use agreement of a conditionally open dataset: the owner's latest published version, or, until one is
/// published, a standard agreement built from the dataset's opening conditions (its version follows its text).
/// </summary>
internal sealed class AgreementService(SharingDbContext db, CatalogDbContext catalog)
{
    public async Task<CurrentAgreement> CurrentAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        var published = await db.Agreements.AsNoTracking()
            .Where(a => a.DatasetId == dataset.Id)
            .OrderByDescending(a => a.Number)
            .FirstOrDefaultAsync(cancellationToken);
        if (published is not null)
        {
            return new(published.Number.ToString(CultureInfo.InvariantCulture), published.Text, Sha256(published.Text), published.Published);
        }

        var owner = await catalog.Organizations.AsNoTracking()
            .Where(o => o.Id == dataset.OrganizationId)
            .Select(o => o.NameZh)
            .FirstOrDefaultAsync(cancellationToken);
        var text = DefaultText(dataset, owner ?? "");
        var hash = Sha256(text);
        return new("default-" + hash[..12], text, hash, null);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string DefaultText(Dataset dataset, string owner) =>
        $"""
        数据使用协议 / Data use agreement

        数据集 / Dataset: {dataset.TitleZh} ({dataset.Identifier})
        提供单位 / Provider: {owner}
        开放条件 / Conditions: {dataset.OpeningConditions ?? "无 / none stated"}

        申请人承诺：仅将数据用于申请中说明的用途；不向第三方提供或转让数据；不尝试识别数据中的个人；
        采取必要的安全措施保护数据；授权到期或被撤销后停止使用并删除数据；发表成果时注明数据来源。
        The applicant undertakes to use the data only for the purpose stated in the application; not to pass it on;
        not to attempt to identify any person in it; to keep it secure; to stop using and delete it when the grant
        expires or is revoked; and to name its source in anything published from it.
        """;
}
