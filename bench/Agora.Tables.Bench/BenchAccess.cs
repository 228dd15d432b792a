using System.Security.Claims;
using Agora.Tables.Access;
using Agora.Tables.Audit;

namespace Agora.Tables.Bench;

/// <summary>Everyone reads everything: the benchmark measures the engine, not the catalog.</summary>
internal sealed class OpenAccess : ITableAccessResolver
{
    public ValueTask<TableAccessDecision> ResolveReadAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TableAccessDecision.Allow(TableAccess.Full, new DistributionRef(distributionId, Guid.Empty, Guid.Empty)));

    public ValueTask<TableWriteDecision> CanWriteAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TableWriteDecision.Allow(new DistributionRef(distributionId, Guid.Empty, Guid.Empty)));
}

internal sealed class CountingAudit : IReadAuditSink
{
    private long _events;

    public long Events => Interlocked.Read(ref _events);

    public ValueTask RecordAsync(TableReadEvent readEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _events);
        return ValueTask.CompletedTask;
    }
}
