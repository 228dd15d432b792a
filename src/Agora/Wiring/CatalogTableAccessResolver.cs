using System.Security.Claims;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Access;
using Agora.Tables.Access;

namespace Agora.Wiring;

/// <summary>
/// Who may read a table's rows, from the catalog and the sharing exchange's grants: the owner organization always; a
/// grant holder only the grant's columns and rows, within today's quota; everyone else only an open, general-grade
/// dataset whose schema marks no direct identifier (DESIGN.md rules 1, 3, 4 and 5). Grants are decided afresh on
/// every read, so a revoked or expired grant stops working on the next request.
/// </summary>
internal sealed class CatalogTableAccessResolver(CatalogDbContext db, CallerAccessor callers, IGrantResolver grants) : ITableAccessResolver
{
    public async ValueTask<TableAccessDecision> ResolveReadAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken)
    {
        var (distribution, dataset) = await DistributionsApi.FindAsync(db, distributionId, cancellationToken);
        if (distribution is null || dataset is null)
        {
            return TableAccessDecision.NotFound();
        }

        var caller = await callers.ResolveAsync(user, cancellationToken);
        var access = await grants.ResolveAsync(caller, dataset.Id, cancellationToken);
        var reference = new DistributionRef(distribution.Id, dataset.Id, dataset.OrganizationId) { GrantId = access.GrantId, Purpose = access.Purpose };
        switch (access.Level)
        {
            case AccessLevel.NotVisible:
                return TableAccessDecision.NotFound();
            case AccessLevel.Denied when access.Denial == DenialCode.QuotaExhausted:
                return TableAccessDecision.QuotaExhausted(access.Reason ?? "the grant's daily quota is used up", reference);
            case AccessLevel.Denied:
                return TableAccessDecision.Forbid(access.Reason, reference);
            case AccessLevel.Full when access.Basis == FullAccessBasis.Owner:
                return TableAccessDecision.Allow(TableAccess.Full, reference);
            case AccessLevel.Granted:
                return TableAccessDecision.Allow(new TableAccess
                {
                    AllowedColumns = access.AllowedFields,
                    RowFilter = access.RowFilter,
                    RowCap = access.RemainingRows,
                }, reference);
        }

        // Open data: the public's rows pass the privacy gate first, whatever the grant resolver thinks of openness.
        if (dataset.SecurityGrade != SecurityGrade.General)
        {
            return TableAccessDecision.Forbid("the rows of this dataset are served to its owner, or under a grant", reference);
        }

        if (dataset.Fields.FirstOrDefault(f => f.Sensitivity == FieldSensitivity.DirectIdentifier) is { } identifier)
        {
            return TableAccessDecision.Forbid($"the privacy gate has not passed: field '{identifier.Name}' is a direct identifier", reference);
        }

        return TableAccessDecision.Allow(TableAccess.Full, reference);
    }

    public async ValueTask<TableWriteDecision> CanWriteAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken)
    {
        var (distribution, dataset) = await DistributionsApi.FindAsync(db, distributionId, cancellationToken);
        if (distribution is null || dataset is null)
        {
            return TableWriteDecision.NotFound();
        }

        var caller = await callers.ResolveAsync(user, cancellationToken);
        if (!caller.CanSee(dataset))
        {
            return TableWriteDecision.NotFound();
        }

        if (distribution.Kind != DistributionKind.Table)
        {
            return TableWriteDecision.Forbid($"distribution {distribution.Id} is a {distribution.Kind.ToString().ToLowerInvariant()} distribution, not a table");
        }

        return caller.CanEdit(dataset)
            ? TableWriteDecision.Allow(new DistributionRef(distribution.Id, dataset.Id, dataset.OrganizationId))
            : TableWriteDecision.Forbid("only editors and admins of the owner organization, with a token of scope write, may load data");
    }
}
