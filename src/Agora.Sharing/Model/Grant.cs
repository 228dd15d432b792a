namespace Agora.Sharing.Model;

/// <summary>An approved request with its conditions (授权): fields, rows, period, quota. Revocable.</summary>
public sealed class Grant
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public RequestKind Kind { get; set; }
    public Guid DatasetId { get; set; }
    public Guid OwnerOrganizationId { get; set; }

    /// <summary>The body that holds the grant; every member of it may use it.</summary>
    public Guid? ConsumerOrganizationId { get; set; }

    /// <summary>The one person who holds a public (opening) grant.</summary>
    public Guid? ConsumerUserId { get; set; }

    /// <summary>The columns the holder may see; null means all of them.</summary>
    public List<string>? AllowedFields { get; set; }

    /// <summary>The rows the holder may see, in the Data API's expression language; null means all rows.</summary>
    public string? RowFilter { get; set; }

    /// <summary>Gateway endpoints ("GET /items/{id}") the holder may call; null means every endpoint of the dataset's services.</summary>
    public List<string>? AllowedEndpoints { get; set; }

    public DateTime ValidFrom { get; set; }
    public DateTime ValidTo { get; set; }
    public long? MaxRowsPerDay { get; set; }
    public long? MaxRequestsPerDay { get; set; }
    public required string Purpose { get; set; }
    public DateTime Created { get; set; }
    public Guid? ApprovedByUserId { get; set; }
    public DateTime? Revoked { get; set; }
    public Guid? RevokedByUserId { get; set; }
    public string? RevokeReason { get; set; }
    public bool ExpiringNotified { get; set; }
    public bool ExpiredNotified { get; set; }
}

/// <summary>A grant's use on one calendar day; counted atomically by the store.</summary>
public sealed class GrantUsage
{
    public Guid GrantId { get; set; }

    /// <summary>The day as yyyymmdd in the configured calendar.</summary>
    public int Day { get; set; }

    public long Requests { get; set; }
    public long Rows { get; set; }
}
