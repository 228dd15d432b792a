namespace Agora.Tables.Access;

public enum AccessOutcome
{
    Allowed,
    NotFound,
    Forbidden,

    /// <summary>The caller may read the table, but not now: a daily quota is used up (answered 429).</summary>
    QuotaExhausted,
}

/// <summary>The answer to a read request. <see cref="Access"/> and <see cref="Distribution"/> are set when allowed.</summary>
public sealed record TableAccessDecision(AccessOutcome Outcome, TableAccess? Access, DistributionRef? Distribution, string? Reason = null)
{
    public static TableAccessDecision Allow(TableAccess access, DistributionRef distribution) => new(AccessOutcome.Allowed, access, distribution);

    public static TableAccessDecision NotFound() => new(AccessOutcome.NotFound, null, null);

    /// <param name="distribution">Set it when the distribution exists, so that the refusal can be audited.</param>
    public static TableAccessDecision Forbid(string? reason = null, DistributionRef? distribution = null) =>
        new(AccessOutcome.Forbidden, null, distribution, reason);

    /// <param name="reason">What is used up and when it resets.</param>
    public static TableAccessDecision QuotaExhausted(string reason, DistributionRef distribution) =>
        new(AccessOutcome.QuotaExhausted, null, distribution, reason);
}

/// <summary>The answer to a write request (upload, schema change, job cancel).</summary>
public sealed record TableWriteDecision(AccessOutcome Outcome, DistributionRef? Distribution, string? Reason = null)
{
    public static TableWriteDecision Allow(DistributionRef distribution) => new(AccessOutcome.Allowed, distribution);

    public static TableWriteDecision NotFound() => new(AccessOutcome.NotFound, null);

    public static TableWriteDecision Forbid(string? reason = null) => new(AccessOutcome.Forbidden, null, reason);
}
