using Agora.Catalog.Model;

namespace Agora.Catalog.Privacy;

/// <summary>
/// Asked before a dataset is written with <see cref="OpeningAttribute.Open"/>: DESIGN.md rule 4 lets the public have
/// rows only after the privacy gate has passed. The catalog knows nothing of personal data; the host plugs the privacy
/// capability in here.
/// </summary>
public interface IPublishGate
{
    /// <param name="dataset">The dataset as it would be stored (its schema fields already changed).</param>
    /// <param name="isNew">True when the dataset is being registered, so it cannot have table data yet.</param>
    ValueTask<PublishGateResult> CheckAsync(Dataset dataset, bool isNew, CancellationToken cancellationToken);
}

/// <summary>Whether the dataset may be open; when not, <see cref="Column"/> names the column at fault, if one is.</summary>
public sealed record PublishGateResult(bool Passed, string Detail, string? Column = null)
{
    public static PublishGateResult Pass { get; } = new(true, "no privacy gate is configured");
}

/// <summary>The gate of a catalog that runs without the privacy capability: everything passes.</summary>
internal sealed class PassingPublishGate : IPublishGate
{
    public ValueTask<PublishGateResult> CheckAsync(Dataset dataset, bool isNew, CancellationToken cancellationToken) =>
        ValueTask.FromResult(PublishGateResult.Pass);
}
