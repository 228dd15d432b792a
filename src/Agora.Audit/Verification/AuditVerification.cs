namespace Agora.Audit.Verification;

/// <summary>Why the chain does not verify.</summary>
public enum AuditFailureKind
{
    /// <summary>A record's content does not match its hash: it was altered.</summary>
    Altered,

    /// <summary>A record does not link to the one before it: a record was deleted, reordered or inserted.</summary>
    LinkBroken,

    /// <summary>A sequence number is missing: a record was deleted.</summary>
    Missing,

    /// <summary>A signed checkpoint names a hash that the record at its sequence does not have.</summary>
    CheckpointMismatch,

    /// <summary>A checkpoint's signature does not verify, or it was signed by another key.</summary>
    CheckpointSignature,

    /// <summary>A checkpoint line cannot be read, or the lines are out of order.</summary>
    CheckpointInvalid,

    /// <summary>A checkpoint signs a record that is no longer there: the end of the log was cut off.</summary>
    Truncated,

    /// <summary>There are checkpoints but no public key to check them with.</summary>
    NoPublicKey,
}

/// <summary>The first thing that does not verify: the record (or checkpoint line) and why.</summary>
public sealed record AuditFailure(AuditFailureKind Kind, long Sequence, long? CheckpointLine, string Message);

/// <summary>What <c>agora audit verify</c> found.</summary>
public sealed record AuditVerification(
    bool Ok,
    long Records,
    long Checkpoints,
    long HeadSequence,
    string? HeadHash,
    long? LastCheckpointSequence,
    string? PublicKeyId,
    AuditFailure? Failure,
    IReadOnlyList<string> Notes);
