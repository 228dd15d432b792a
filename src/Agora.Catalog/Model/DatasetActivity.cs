namespace Agora.Catalog.Model;

/// <summary>One change to a dataset or its distributions, with a field-level diff.</summary>
public sealed class DatasetActivity
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }
    public DateTime At { get; set; }
    public Guid? ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public List<FieldChange> Changes { get; set; } = [];
}

public sealed record FieldChange(string Field, string? Old, string? New);
