using System.Security.Claims;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Tables.Access;

namespace Agora.Wiring;

/// <summary>
/// Who may read a table's rows, from the catalog: the owner organization always; everyone else only an open,
/// general-grade dataset whose schema marks no direct identifier (DESIGN.md rules 1, 3 and 4). Grants from the
/// sharing exchange widen this once that room is wired in.
/// </summary>
internal sealed class CatalogTableAccessResolver(CatalogDbContext db, CallerAccessor callers) : ITableAccessResolver
{
    public async ValueTask<TableAccessDecision> ResolveReadAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken)
    {
        var (distribution, dataset) = await DistributionsApi.FindAsync(db, distributionId, cancellationToken);
        if (distribution is null || dataset is null)
        {
            return TableAccessDecision.NotFound();
        }

        var caller = await callers.ResolveAsync(user, cancellationToken);
        if (!caller.CanSee(dataset))
        {
            return TableAccessDecision.NotFound();
        }

        var reference = new DistributionRef(distribution.Id, dataset.Id, dataset.OrganizationId);
        if (caller.IsMemberOf(dataset.OrganizationId))
        {
            return TableAccessDecision.Allow(TableAccess.Full, reference);
        }

        if (dataset.SecurityGrade == SecurityGrade.Core)
        {
            return TableAccessDecision.Forbid("core data never leaves its owner", reference);
        }

        if (dataset.Opening != OpeningAttribute.Open || dataset.SecurityGrade != SecurityGrade.General)
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
