using Agora.Catalog.Model;
using Agora.Catalog.Privacy;

namespace Agora.Wiring.Privacy;

/// <summary>The catalog's publish gate, answered by the privacy capability (DESIGN.md rule 4).</summary>
internal sealed class CatalogPublishGate(PrivacyAssessor assessor) : IPublishGate
{
    public async ValueTask<PublishGateResult> CheckAsync(Dataset dataset, bool isNew, CancellationToken cancellationToken)
    {
        var verdict = await assessor.JudgeAsync(dataset, isNew, cancellationToken);
        if (verdict.Passed)
        {
            return new PublishGateResult(true, verdict.Basis);
        }

        var failures = verdict.Checks.Where(c => !c.Passed).ToArray();
        var detail = "The dataset cannot be open: " + string.Join(" ", failures.Select(c => c.Message))
            + $" (gate judged on {verdict.Basis}.)";
        return new PublishGateResult(false, detail, failures.FirstOrDefault(c => c.Column is not null)?.Column);
    }
}
