using System.Collections.Concurrent;
using System.Security.Claims;
using Agora.Tables.Access;
using Agora.Tables.Audit;

namespace Agora.Tables.Tests;

/// <summary>Access rules set by each test: owners read and write everything; others read what they are granted.</summary>
internal sealed class FakeAccessResolver : ITableAccessResolver
{
    private readonly ConcurrentDictionary<Guid, string> _owners = new();
    private readonly ConcurrentDictionary<(Guid, string), TableAccess> _grants = new();

    public Guid Create(string owner = "owner") => Register(Guid.NewGuid(), owner);

    /// <summary>Declares an existing table (one loaded before a restart) and its owner.</summary>
    public Guid Register(Guid id, string owner = "owner")
    {
        _owners[id] = owner;
        return id;
    }

    public void Grant(Guid id, string user, TableAccess access) => _grants[(id, user)] = access;

    public ValueTask<TableAccessDecision> ResolveReadAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken)
    {
        if (!_owners.TryGetValue(distributionId, out var owner))
        {
            return ValueTask.FromResult(TableAccessDecision.NotFound());
        }
        var reference = new DistributionRef(distributionId, Guid.Empty, Guid.Empty);
        var name = Name(user);
        if (name == owner)
        {
            return ValueTask.FromResult(TableAccessDecision.Allow(TableAccess.Full, reference));
        }
        return ValueTask.FromResult(_grants.TryGetValue((distributionId, name), out var access)
            ? TableAccessDecision.Allow(access, reference)
            : TableAccessDecision.Forbid("Not open to you.", reference));
    }

    public ValueTask<TableWriteDecision> CanWriteAsync(ClaimsPrincipal user, Guid distributionId, CancellationToken cancellationToken)
    {
        if (!_owners.TryGetValue(distributionId, out var owner))
        {
            return ValueTask.FromResult(TableWriteDecision.NotFound());
        }
        return ValueTask.FromResult(Name(user) == owner
            ? TableWriteDecision.Allow(new DistributionRef(distributionId, Guid.Empty, Guid.Empty))
            : TableWriteDecision.Forbid("Only the owner may change this table."));
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "anonymous" : "anonymous";
}

internal sealed class RecordingAuditSink : IReadAuditSink
{
    public ConcurrentQueue<TableReadEvent> Events { get; } = new();

    public ValueTask RecordAsync(TableReadEvent readEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(readEvent);
        return ValueTask.CompletedTask;
    }
}
