namespace Agora.Sharing.Model;

/// <summary>A version of a conditionally open dataset's data use agreement (数据使用协议), published by its owner.</summary>
public sealed class DataUseAgreement
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }
    public int Number { get; set; }
    public required string Text { get; set; }
    public DateTime Published { get; set; }
    public Guid? PublishedByUserId { get; set; }
}

/// <summary>An account's acceptance of one version of an agreement.</summary>
public sealed class AgreementAcceptance
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }
    public Guid UserId { get; set; }
    public required string Version { get; set; }

    /// <summary>Lower-case hex SHA-256 of the text that was accepted, so the version can be proven later.</summary>
    public required string TextSha256 { get; set; }

    public DateTime Accepted { get; set; }
}
