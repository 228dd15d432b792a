namespace Agora.Audit;

/// <summary>Where the signing key and the checkpoint file are, resolved once from the options and the data folder.</summary>
public sealed class AuditPaths
{
    public AuditPaths(string dataDirectory, AuditOptions options)
    {
        SigningKeyFromOperator = !string.IsNullOrEmpty(options.SigningKeyPath);
        SigningKey = Path.GetFullPath(SigningKeyFromOperator ? options.SigningKeyPath! : Path.Combine(dataDirectory, "keys", "audit-ed25519.key"));
        PublicKey = Agora.Audit.Checkpoints.AuditSigningKey.PublicKeyPath(SigningKey);
        Checkpoints = Path.GetFullPath(options.CheckpointPath ?? Path.Combine(dataDirectory, "audit", "checkpoints.jsonl"));
    }

    public string SigningKey { get; }

    /// <summary>An operator's key must exist; the default one is created on first use.</summary>
    public bool SigningKeyFromOperator { get; }

    public string PublicKey { get; }
    public string Checkpoints { get; }
}
