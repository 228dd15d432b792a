namespace Agora.Audit;

/// <summary>How the audit log checkpoints and where it keeps its key and checkpoints.</summary>
public sealed class AuditOptions
{
    /// <summary>Sign a checkpoint after this many records (0 turns the count off).</summary>
    public int CheckpointEveryRecords { get; set; } = 10_000;

    /// <summary>Sign a checkpoint this long after the last one when records were added since (zero turns the timer off).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The Ed25519 private key (PKCS#8 PEM); default <c>&lt;dataDir&gt;/keys/audit-ed25519.key</c>, created on first use.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>The checkpoint file; default <c>&lt;dataDir&gt;/audit/checkpoints.jsonl</c>.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>At most this many records in one transaction.</summary>
    public int MaxBatch { get; set; } = 8192;

    /// <summary>Appends waiting beyond this many wait for room (back-pressure instead of unbounded memory).</summary>
    public int QueueCapacity { get; set; } = 65_536;
}
