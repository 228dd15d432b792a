using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Agora.Sharing.Audit;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Api;

public static class AgreementsApi
{
    public static void MapAgreementsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/datasets/{datasetId}/agreement").WithTags("Agreements");
        group.MapGet("/", Get).WithName("GetAgreement")
            .WithSummary("The current data use agreement of a conditionally open dataset, its version, and whether the caller accepted it.");
        group.MapGet("/versions", Versions).WithName("ListAgreementVersions")
            .WithSummary("Every version the owner published, newest first: number, date, text and its SHA-256.");
        group.MapPut("/", Publish).WithName("PublishAgreement").WithSummary("Publishes a new version of the agreement (the owner's editors).");
        group.MapPost("/accept", Accept).WithName("AcceptAgreement")
            .WithSummary("Accepts the current version; the version, time and account are recorded. Needed before a public application.");
    }

    internal static async Task<Results<Ok<AgreementDto>, ProblemHttpResult>> Get(
        string datasetId, CatalogDbContext catalog, SharingDbContext db, AgreementService agreements, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        var dataset = await FindAsync(datasetId, catalog, caller, http);
        if (dataset is null)
        {
            return Problems.NotFound($"the agreement of dataset '{datasetId}'");
        }

        var current = await agreements.CurrentAsync(dataset, http.RequestAborted);
        AgreementAcceptance? accepted = null;
        if (caller.UserId is { } me)
        {
            accepted = await db.AgreementAcceptances.AsNoTracking()
                .Where(a => a.DatasetId == dataset.Id && a.UserId == me && a.Version == current.Version && a.TextSha256 == current.Sha256)
                .OrderByDescending(a => a.Accepted).FirstOrDefaultAsync(http.RequestAborted);
        }

        return TypedResults.Ok(new AgreementDto(dataset.Id, current.Version, current.Text, current.Sha256, current.Published,
            accepted is null ? null : Views.Acceptance(accepted)));
    }

    internal static async Task<Results<Ok<IReadOnlyList<AgreementVersionDto>>, ProblemHttpResult>> Versions(
        string datasetId, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        var dataset = await FindAsync(datasetId, catalog, caller, http);
        if (dataset is null)
        {
            return Problems.NotFound($"the agreement of dataset '{datasetId}'");
        }

        var versions = await db.Agreements.AsNoTracking().Where(a => a.DatasetId == dataset.Id).OrderByDescending(a => a.Number).ToListAsync(http.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<AgreementVersionDto>>([.. versions.Select(a => new AgreementVersionDto(
            a.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Text, AgreementService.Sha256(a.Text), a.Published, a.PublishedByUserId))]);
    }

    internal static async Task<Results<Ok<AgreementDto>, ProblemHttpResult>> Publish(
        string datasetId, AgreementInput input, CatalogDbContext catalog, SharingDbContext db, CallerAccessor callers, ISharingAuditSink audit,
        TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var dataset = await FindAsync(datasetId, catalog, caller, http);
        if (dataset is null)
        {
            return Problems.NotFound($"the agreement of dataset '{datasetId}'");
        }

        if (!caller.CanEdit(dataset))
        {
            return Problems.Forbidden("only editors and admins of the owner organization may publish its agreement");
        }

        var errors = new Errors();
        var text = errors.Text("text", input.Text, 100_000);
        if (text is null)
        {
            errors.Add("text", "is required");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var number = (await db.Agreements.Where(a => a.DatasetId == dataset.Id).MaxAsync(a => (int?)a.Number, http.RequestAborted) ?? 0) + 1;
        var now = time.GetUtcNow();
        var agreement = new DataUseAgreement { Id = Guid.CreateVersion7(), DatasetId = dataset.Id, Number = number, Text = text!, Published = now.UtcDateTime, PublishedByUserId = caller.UserId };
        db.Agreements.Add(agreement);
        var auditEvent = new SharingAuditEvent
        {
            Action = SharingActions.AgreementPublish,
            At = now,
            UserId = caller.UserId,
            OrganizationId = dataset.OrganizationId,
            TokenId = caller.TokenId,
            DatasetId = dataset.Id,
            OwnerOrganizationId = dataset.OrganizationId,
            Reason = $"version {number}, sha256 {AgreementService.Sha256(text!)}",
            RequestId = http.TraceIdentifier,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
        };

        // Recorded before it is saved, as every decision (see RequestWorkflow).
        await audit.RecordDecisionAsync(auditEvent, http.RequestAborted);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            await audit.RecordDecisionAsync(auditEvent with { Outcome = SharingOutcome.Failed, Reason = "not applied: another version was published at the same time" }, CancellationToken.None);
            return Problems.Conflict("text", "another version was published at the same time; reload and try again");
        }

        return TypedResults.Ok(new AgreementDto(dataset.Id, number.ToString(System.Globalization.CultureInfo.InvariantCulture), agreement.Text,
            AgreementService.Sha256(agreement.Text), agreement.Published, null));
    }

    internal static async Task<Results<Created<AcceptanceDto>, ProblemHttpResult>> Accept(
        string datasetId, AcceptInput input, CatalogDbContext catalog, SharingDbContext db, AgreementService agreements, CallerAccessor callers,
        ISharingAuditSink audit, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (caller.UserId is not { } me)
        {
            return Problems.Unauthorized();
        }

        if (!caller.CanWrite)
        {
            return Problems.Forbidden("this needs a token of scope write");
        }

        var dataset = await FindAsync(datasetId, catalog, caller, http);
        if (dataset is null)
        {
            return Problems.NotFound($"the agreement of dataset '{datasetId}'");
        }

        var current = await agreements.CurrentAsync(dataset, http.RequestAborted);
        if (string.IsNullOrWhiteSpace(input.Version))
        {
            return Problems.Validation("version", $"is required: name the version you read (the current one is {current.Version})");
        }

        if (input.Version.Trim() != current.Version)
        {
            return Problems.Conflict("version", $"the agreement is now at version {current.Version}; read it and accept that one");
        }

        var now = time.GetUtcNow();
        var acceptance = new AgreementAcceptance
        {
            Id = Guid.CreateVersion7(),
            DatasetId = dataset.Id,
            UserId = me,
            Version = current.Version,
            TextSha256 = current.Sha256,
            Accepted = now.UtcDateTime,
        };
        db.AgreementAcceptances.Add(acceptance);
        await audit.RecordDecisionAsync(new SharingAuditEvent
        {
            Action = SharingActions.AgreementAccept,
            At = now,
            UserId = me,
            TokenId = caller.TokenId,
            DatasetId = dataset.Id,
            OwnerOrganizationId = dataset.OrganizationId,
            Reason = $"version {current.Version}, sha256 {current.Sha256}",
            RequestId = http.TraceIdentifier,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
        }, http.RequestAborted);
        await db.SaveChangesAsync(http.RequestAborted);

        return TypedResults.Created($"/api/v1/datasets/{dataset.Id}/agreement", Views.Acceptance(acceptance));
    }

    /// <summary>Only conditionally open datasets have an agreement; others answer 404 here.</summary>
    private static async Task<Dataset?> FindAsync(string datasetId, CatalogDbContext catalog, Caller caller, HttpContext http)
    {
        var dataset = await DatasetsApi.FindAsync(catalog, datasetId, http.RequestAborted);
        return dataset is not null && caller.CanSee(dataset) && dataset.Opening == OpeningAttribute.Conditional ? dataset : null;
    }
}
