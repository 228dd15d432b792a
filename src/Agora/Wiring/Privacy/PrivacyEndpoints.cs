using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Privacy.Classification;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agora.Wiring.Privacy;

/// <summary>Scan, classification suggestion, steward decision and gate verdict of a dataset.</summary>
internal static class PrivacyEndpoints
{
    public static RouteGroupBuilder MapDatasetPrivacyApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/datasets/{id}/privacy").WithTags("Privacy");
        group.MapGet("/", Get).WithName("GetDatasetPrivacy")
            .WithSummary("Findings per column, suggested classification with its reasons, the steward's decision and the publish gate's verdict.");
        group.MapPost("/scan", Scan).WithName("ScanDatasetPrivacy")
            .WithSummary("Scans the dataset's tables for personal data, measures re-identification risk and suggests a classification.");
        group.MapPut("/decision", Decide).WithName("DecideDatasetPrivacy")
            .WithSummary("The steward confirms or overrides the suggested grade, sharing and opening (reasons required to override).");
        return group;
    }

    internal static async Task<Results<Ok<PrivacyView>, ProblemHttpResult>> Get(
        string id, CatalogDbContext db, CallerAccessor callers, PrivacyAssessor assessor, HttpContext http)
    {
        var (dataset, problem) = await EditableAsync(id, db, callers, http);
        if (dataset is null)
        {
            return problem!;
        }

        return TypedResults.Ok(await ViewAsync(dataset, assessor, http.RequestAborted));
    }

    internal static async Task<Results<Ok<PrivacyView>, ProblemHttpResult>> Scan(
        string id, CatalogDbContext db, CallerAccessor callers, PrivacyAssessor assessor, HttpContext http)
    {
        var (dataset, problem) = await EditableAsync(id, db, callers, http);
        if (dataset is null)
        {
            return problem!;
        }

        var caller = await callers.GetAsync(http);
        await assessor.ScanAsync(dataset, caller.UserId, caller.Email, http.RequestAborted);
        return TypedResults.Ok(await ViewAsync(dataset, assessor, http.RequestAborted));
    }

    internal static async Task<Results<Ok<PrivacyView>, ProblemHttpResult>> Decide(
        string id, DecisionInput input, CatalogDbContext db, CallerAccessor callers, PrivacyAssessor assessor, TimeProvider time, HttpContext http)
    {
        var (dataset, problem) = await EditableAsync(id, db, callers, http);
        if (dataset is null)
        {
            return problem!;
        }

        if (input.Grade is not { } grade)
        {
            return Problems.Validation("grade", "is required: general, important or core");
        }

        if (input.Sharing is not { } sharing)
        {
            return Problems.Validation("sharing", "is required: unconditional, conditional or notShared");
        }

        if (input.Opening is not { } opening)
        {
            return Problems.Validation("opening", "is required: open, conditional or closed");
        }

        var reasons = string.IsNullOrWhiteSpace(input.Reasons) ? null : input.Reasons.Trim();
        if (reasons is { Length: > 2000 })
        {
            return Problems.Validation("reasons", "must be at most 2,000 characters");
        }

        var (scan, _, _) = await assessor.LoadAsync(dataset.Id, http.RequestAborted);
        if (scan is null)
        {
            return Problems.Conflict("scan", "scan the dataset first (POST /api/v1/datasets/{id}/privacy/scan): a decision confirms or overrides a suggestion");
        }

        var suggestion = scan.Suggestion;
        var overrides = grade.ToString() != suggestion.Grade.ToString()
            || sharing.ToString() != suggestion.Sharing.ToString()
            || opening.ToString() != suggestion.Opening.ToString();
        if (overrides && reasons is null)
        {
            return Problems.Validation("reasons",
                $"are required when overriding the suggestion ({suggestion.Grade}, {suggestion.Sharing}, {suggestion.Opening}): say why");
        }

        // DESIGN.md rules 1-3 hold for a decision as for the dataset itself.
        if (grade == SecurityGrade.Core && (sharing != SharingAttribute.NotShared || opening != OpeningAttribute.Closed))
        {
            return Problems.AttributeRule("grade", "core data is neither shared nor open: sharing must be notShared and opening closed");
        }

        if (grade == SecurityGrade.Important && (sharing == SharingAttribute.Unconditional || opening != OpeningAttribute.Closed))
        {
            return Problems.AttributeRule("grade", "important data is never open to the public and is shared only under conditions");
        }

        var caller = await callers.GetAsync(http);
        var state = await db.DatasetPrivacy.FirstAsync(p => p.DatasetId == dataset.Id, http.RequestAborted);
        var now = time.GetUtcNow().UtcDateTime;
        var changes = new List<FieldChange>
        {
            new("privacy.decision.grade", state.DecidedGrade?.ToString(), grade.ToString()),
            new("privacy.decision.sharing", state.DecidedSharing?.ToString(), sharing.ToString()),
            new("privacy.decision.opening", state.DecidedOpening?.ToString(), opening.ToString()),
            new("privacy.decision.overrides", state.DecidedAt is null ? null : state.DecisionOverrides.ToString(), overrides.ToString()),
            new("privacy.decision.reasons", state.DecisionReasons, reasons),
        };
        state.DecidedGrade = grade;
        state.DecidedSharing = sharing;
        state.DecidedOpening = opening;
        state.DecisionOverrides = overrides;
        state.DecisionReasons = reasons;
        state.DecidedAt = now;
        state.DecidedByUserId = caller.UserId;
        state.DecidedByName = caller.Email;
        db.Activities.Add(new DatasetActivity
        {
            Id = Guid.CreateVersion7(),
            DatasetId = dataset.Id,
            At = now,
            ActorUserId = caller.UserId,
            ActorName = caller.Email,
            Action = overrides ? "privacy.overridden" : "privacy.confirmed",
            Changes = changes.Where(c => c.Old != c.New).ToList(),
        });
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Ok(await ViewAsync(dataset, assessor, http.RequestAborted));
    }

    private static async Task<PrivacyView> ViewAsync(Dataset dataset, PrivacyAssessor assessor, CancellationToken cancellationToken)
    {
        var (scan, stale, state) = await assessor.LoadAsync(dataset.Id, cancellationToken);
        var decision = state?.DecidedAt is { } at
            ? new DecisionView(state.DecidedGrade!.Value, state.DecidedSharing!.Value, state.DecidedOpening!.Value, state.DecisionOverrides, state.DecisionReasons, at, state.DecidedByName)
            : null;
        return new PrivacyView(
            dataset.Id,
            dataset.Identifier,
            scan?.At,
            scan?.By,
            stale,
            scan?.Tables ?? [],
            scan is null ? [] : PrivacyAssessor.Compare(dataset, scan.Tables),
            scan?.Suggestion,
            decision,
            assessor.Verdict(dataset, scan));
    }

    /// <summary>The dataset, when the caller is an editor or admin of its owner; otherwise the problem to answer.</summary>
    private static async Task<(Dataset? Dataset, ProblemHttpResult? Problem)> EditableAsync(string id, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return (null, Problems.Unauthorized());
        }

        var dataset = await DatasetsApi.FindAsync(db, id, http.RequestAborted);
        if (dataset is null || !caller.CanSee(dataset))
        {
            return (null, Problems.NotFound($"dataset '{id}'"));
        }

        return caller.CanEdit(dataset)
            ? (dataset, null)
            : (null, Problems.Forbidden("only editors and admins of the owner organization see and change a dataset's privacy assessment"));
    }
}
