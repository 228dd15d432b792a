using System.Security.Claims;

namespace Agora.Tables.Access;

/// <summary>
/// Decides who may read or write a table distribution. The catalog (and later the sharing grants) implements it;
/// the tables engine only enforces the answer.
/// </summary>
public interface ITableAccessResolver
{
    /// <summary>What <paramref name="user"/> may read of the distribution: not found, forbidden, or a <see cref="TableAccess"/>.</summary>
    ValueTask<TableAccessDecision> ResolveReadAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="user"/> may upload data to, re-type or cancel jobs of the distribution.</summary>
    ValueTask<TableWriteDecision> CanWriteAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken);
}
