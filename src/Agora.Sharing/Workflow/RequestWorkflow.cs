using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Agora.Sharing.Access;
using Agora.Sharing.Api;
using Agora.Sharing.Audit;
using Agora.Sharing.Gateway;
using Agora.Sharing.Model;
using Agora.Sharing.Notifications;
using Agora.Sharing.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Workflow;

/// <summary>Who acts, and the HTTP request that carries the action (for the audit log).</summary>
internal sealed record Actor(Caller Caller, string RequestId, string? ClientAddress)
{
    public Guid UserId => Caller.UserId ?? throw SharingException.Unauthorized();
}

/// <summary>
/// The request-and-grant state machine: submitted → (infoRequested ⇄ submitted) → approved | refused | withdrawn.
/// Every step is kept in the request's history, told to the other side and handed to the audit sink inside the
/// audit sink before it is saved: if the audit sink fails, the step does not happen.
/// </summary>
internal sealed class RequestWorkflow(
    CatalogDbContext catalog,
    SharingDbContext db,
    Notifier notifier,
    ISharingAuditSink audit,
    WorkingCalendar calendar,
    AgreementService agreements,
    IRowFilterValidator filters,
    SharingOptions options,
    GrantCache grantCache,
    TimeProvider time)
{
    private readonly List<SharingAuditEvent> auditEvents = [];

    public async Task<AccessRequest> CreateAsync(Actor actor, AccessRequestInput input, CancellationToken ct)
    {
        var caller = RequireWriter(actor);
        if (string.IsNullOrWhiteSpace(input.DatasetId))
        {
            throw SharingException.Validation("datasetId", "is required");
        }

        var dataset = await DatasetsApi.FindAsync(catalog, input.DatasetId.Trim(), ct);
        if (dataset is null || !caller.CanSee(dataset))
        {
            throw new SharingException(StatusCodes.Status404NotFound, "not-found", "Not found", $"dataset '{input.DatasetId}' was not found", "datasetId");
        }

        var kind = input.Kind ?? (caller.Roles.Count > 0 ? RequestKind.Sharing : RequestKind.Opening);
        var now = Now;
        var errors = new Errors();
        var purpose = errors.Text("purpose", input.Purpose, 4000);
        if (purpose is null)
        {
            errors.Add("purpose", "is required: say what the data will be used for");
        }

        var legalBasis = errors.Text("legalBasis", input.LegalBasis, 2000);
        if (legalBasis is null && kind == RequestKind.Sharing)
        {
            errors.Add("legalBasis", "is required: name the duty or regulation that the data serves");
        }

        var fields = CheckFields(errors, "fields", input.Fields, dataset, null);
        var rowScope = CheckFilter(errors, "rowScope", input.RowScope, dataset);
        if (input.Period is { From: { } from, To: { } to } && to <= from)
        {
            errors.Add("period.to", "must be after period.from");
        }

        if (input.Period?.To is { } end && end <= now)
        {
            errors.Add("period.to", "is in the past");
        }

        ThrowIf(errors);
        if (dataset.SecurityGrade == SecurityGrade.Core)
        {
            throw Rule("core-data", "datasetId", "core data never leaves its owner and cannot be requested");
        }

        if (caller.IsMemberOf(dataset.OrganizationId))
        {
            throw Rule("own-dataset", "datasetId", "your organization owns this dataset; it needs no request");
        }

        if (dataset.Opening == OpeningAttribute.Open)
        {
            throw Rule("no-request-needed", "datasetId", "the dataset is open: its data needs no request or application");
        }

        var request = new AccessRequest
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            State = RequestState.Submitted,
            DatasetId = dataset.Id,
            ProviderOrganizationId = dataset.OrganizationId,
            RequesterUserId = actor.UserId,
            Purpose = purpose!,
            LegalBasis = legalBasis,
            Fields = fields,
            RowScope = rowScope,
            PeriodFrom = input.Period?.From?.ToUniversalTime(),
            PeriodTo = input.Period?.To?.ToUniversalTime(),
            Submitted = now,
            Updated = now,
        };

        if (kind == RequestKind.Sharing)
        {
            await PrepareSharingAsync(caller, input, dataset, request, ct);
        }
        else
        {
            await PrepareOpeningAsync(actor, dataset, request, ct);
        }

        request.AnswerWorkingDays = await HasTableAsync(dataset.Id, ct) ? options.AnswerWorkingDays : options.UnpublishedAnswerWorkingDays;
        request.DueAt = calendar.DueAt(now, request.AnswerWorkingDays);
        db.Requests.Add(request);
        AddEvent(request, actor, request.ConsumerOrganizationId, "submitted", null, RequestState.Submitted, null);
        var title = Title(dataset);
        Audit(actor, SharingActions.RequestCreate, request, request.ConsumerOrganizationId, null, null);

        if (kind == RequestKind.Sharing && dataset.Sharing == SharingAttribute.Unconditional)
        {
            // Shared without conditions: granted at once, with every field, and still recorded like any decision.
            var grant = NewGrant(request, null, request.RowScope, request.PeriodFrom ?? now, request.PeriodTo ?? now + options.DefaultGrantValidity, null, null, null, null);
            request.State = RequestState.Approved;
            request.Decided = now;
            request.DecisionReason = "shared without conditions (无条件共享): granted at once";
            request.GrantId = grant.Id;
            AddEvent(request, null, null, "granted", RequestState.Submitted, RequestState.Approved, request.DecisionReason);
            Audit(actor, SharingActions.GrantIssue, request, request.ConsumerOrganizationId, grant, request.DecisionReason);
            await notifier.ToOrganizationAsync(request.ProviderOrganizationId, Notices.Issued(title, request.Id, grant.Id), ct);
            await NotifyConsumerAsync(request, Notices.Approved(title, request.Id, grant.Id), ct);
        }
        else
        {
            await notifier.ToOrganizationAsync(request.ProviderOrganizationId, Notices.Submitted(title, request.Id), ct);
        }

        await CommitAsync(ct);
        return request;
    }

    public async Task<AccessRequest> AskInfoAsync(Actor actor, Guid id, QuestionInput input, CancellationToken ct)
    {
        var (request, dataset) = await LoadForProviderAsync(actor, id, ct);
        var errors = new Errors();
        var question = errors.Text("question", input.Question, 4000);
        if (question is null)
        {
            errors.Add("question", "is required: say what is missing");
        }

        ThrowIf(errors);
        RequireState(request, RequestState.Submitted);
        request.State = RequestState.InfoRequested;
        request.InfoQuestion = question;
        request.InfoAnswer = null;
        Touch(request);
        AddEvent(request, actor, request.ProviderOrganizationId, "info-requested", RequestState.Submitted, RequestState.InfoRequested, question);
        Audit(actor, SharingActions.RequestAskInfo, request, request.ProviderOrganizationId, null, question);
        await NotifyConsumerAsync(request, Notices.InfoRequested(Title(dataset), request.Id, question!), ct);
        await CommitAsync(ct);
        return request;
    }

    public async Task<AccessRequest> RespondInfoAsync(Actor actor, Guid id, AnswerInput input, CancellationToken ct)
    {
        var (request, dataset) = await LoadForConsumerAsync(actor, id, ct);
        var errors = new Errors();
        var answer = errors.Text("answer", input.Answer, 4000);
        if (answer is null)
        {
            errors.Add("answer", "is required");
        }

        ThrowIf(errors);
        RequireState(request, RequestState.InfoRequested);
        request.State = RequestState.Submitted;
        request.InfoAnswer = answer;

        // The provider's clock starts again from the answer.
        request.DueAt = calendar.DueAt(Now, request.AnswerWorkingDays);
        request.OverdueNotified = false;
        Touch(request);
        AddEvent(request, actor, request.ConsumerOrganizationId, "info-provided", RequestState.InfoRequested, RequestState.Submitted, answer);
        Audit(actor, SharingActions.RequestRespondInfo, request, request.ConsumerOrganizationId, null, null);
        await notifier.ToOrganizationAsync(request.ProviderOrganizationId, Notices.InfoProvided(Title(dataset), request.Id), ct);
        await CommitAsync(ct);
        return request;
    }

    public async Task<AccessRequest> WithdrawAsync(Actor actor, Guid id, ReasonInput? input, CancellationToken ct)
    {
        var (request, dataset) = await LoadForConsumerAsync(actor, id, ct);
        var errors = new Errors();
        var reason = errors.Text("reason", input?.Reason, 4000);
        ThrowIf(errors);
        var from = request.State;
        RequireState(request, RequestState.Submitted, RequestState.InfoRequested);
        request.State = RequestState.Withdrawn;
        request.Decided = Now;
        request.DecidedByUserId = actor.UserId;
        request.DecisionReason = reason;
        Touch(request);
        AddEvent(request, actor, request.ConsumerOrganizationId, "withdrawn", from, RequestState.Withdrawn, reason);
        Audit(actor, SharingActions.RequestWithdraw, request, request.ConsumerOrganizationId, null, reason);
        await notifier.ToOrganizationAsync(request.ProviderOrganizationId, Notices.Withdrawn(Title(dataset), request.Id), ct);
        await CommitAsync(ct);
        return request;
    }

    public async Task<AccessRequest> RefuseAsync(Actor actor, Guid id, ReasonInput input, CancellationToken ct)
    {
        var (request, dataset) = await LoadForProviderAsync(actor, id, ct);
        var errors = new Errors();
        var reason = errors.Text("reason", input.Reason, 4000);
        if (reason is null)
        {
            errors.Add("reason", "is required: a refusal must give its reason");
        }

        ThrowIf(errors);
        var from = request.State;
        RequireState(request, RequestState.Submitted, RequestState.InfoRequested);
        request.State = RequestState.Refused;
        request.Decided = Now;
        request.DecidedByUserId = actor.UserId;
        request.DecisionReason = reason;
        Touch(request);
        AddEvent(request, actor, request.ProviderOrganizationId, "refused", from, RequestState.Refused, reason);
        Audit(actor, SharingActions.GrantRefuse, request, request.ProviderOrganizationId, null, reason);
        await NotifyConsumerAsync(request, Notices.Refused(Title(dataset), request.Id, reason!), ct);
        await CommitAsync(ct);
        return request;
    }

    public async Task<(AccessRequest Request, Grant Grant)> ApproveAsync(Actor actor, Guid id, ApproveInput input, CancellationToken ct)
    {
        var (request, dataset) = await LoadForProviderAsync(actor, id, ct);
        var from = request.State;
        RequireState(request, RequestState.Submitted, RequestState.InfoRequested);
        var stillAllowed = request.Kind == RequestKind.Sharing
            ? dataset.Sharing != SharingAttribute.NotShared && dataset.SecurityGrade != SecurityGrade.Core
            : dataset.Opening == OpeningAttribute.Conditional;
        if (!stillAllowed)
        {
            throw Rule("attributes-changed", "datasetId", "the dataset's attributes no longer allow this request to be granted; refuse it instead");
        }

        var now = Now;
        var errors = new Errors();
        var fields = input.Fields is null ? request.Fields : CheckFields(errors, "fields", input.Fields, dataset, request.Fields);
        if (input.Fields is { Count: 0 })
        {
            errors.Add("fields", "must name at least one field, or be left out to grant the fields requested");
        }

        var narrowed = CheckFilter(errors, "rowFilter", input.RowFilter, dataset);
        var validFrom = (input.ValidFrom ?? request.PeriodFrom ?? now).ToUniversalTime();
        var validTo = (input.ValidTo ?? request.PeriodTo ?? now + options.DefaultGrantValidity).ToUniversalTime();
        if (request.PeriodFrom is { } askedFrom && validFrom < askedFrom)
        {
            errors.Add("validFrom", $"can only narrow the requested period, which starts {askedFrom:u}");
        }

        if (request.PeriodTo is { } askedTo && validTo > askedTo)
        {
            errors.Add("validTo", $"can only narrow the requested period, which ends {askedTo:u}");
        }

        if (validTo <= now)
        {
            errors.Add("validTo", "is in the past");
        }
        else if (validTo <= validFrom)
        {
            errors.Add("validTo", "must be after validFrom");
        }

        if (input.MaxRowsPerDay is < 1)
        {
            errors.Add("maxRowsPerDay", "must be at least 1");
        }

        if (input.MaxRequestsPerDay is < 1)
        {
            errors.Add("maxRequestsPerDay", "must be at least 1");
        }

        var endpoints = CheckEndpoints(errors, "endpoints", input.Endpoints);
        var note = errors.Text("reason", input.Reason, 4000);
        ThrowIf(errors);

        var grant = NewGrant(request, fields, BasicRowFilterValidator.Both(request.RowScope, narrowed), validFrom, validTo,
            input.MaxRowsPerDay, input.MaxRequestsPerDay, endpoints, actor.UserId);
        request.State = RequestState.Approved;
        request.Decided = now;
        request.DecidedByUserId = actor.UserId;
        request.DecisionReason = note;
        request.GrantId = grant.Id;
        Touch(request);
        AddEvent(request, actor, request.ProviderOrganizationId, "approved", from, RequestState.Approved, note);
        Audit(actor, SharingActions.GrantApprove, request, request.ProviderOrganizationId, grant, note);
        await NotifyConsumerAsync(request, Notices.Approved(Title(dataset), request.Id, grant.Id), ct);
        await CommitAsync(ct);
        return (request, grant);
    }

    public async Task<Grant> RevokeAsync(Actor actor, Guid grantId, ReasonInput input, CancellationToken ct)
    {
        var caller = RequireWriter(actor);
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == grantId, ct);
        if (grant is null || !CanSee(caller, grant))
        {
            throw SharingException.NotFound($"grant {grantId}");
        }

        if (!caller.HasRole(grant.OwnerOrganizationId, OrganizationRole.Editor))
        {
            throw SharingException.Forbidden("only editors and admins of the providing organization may revoke a grant");
        }

        var errors = new Errors();
        var reason = errors.Text("reason", input.Reason, 4000);
        if (reason is null)
        {
            errors.Add("reason", "is required: a revocation must give its reason");
        }

        ThrowIf(errors);
        if (grant.Revoked is not null)
        {
            throw SharingException.State($"the grant was already revoked on {grant.Revoked:u}");
        }

        grant.Revoked = Now;
        grant.RevokedByUserId = actor.UserId;
        grant.RevokeReason = reason;
        var dataset = await catalog.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == grant.DatasetId, ct);
        var title = dataset is null ? new DatasetTitle(grant.DatasetId, "", grant.DatasetId.ToString(), grant.DatasetId.ToString()) : Title(dataset);
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == grant.RequestId, ct);
        if (request is not null)
        {
            AddEvent(request, actor, grant.OwnerOrganizationId, "grant-revoked", request.State, request.State, reason);
            await NotifyConsumerAsync(request, Notices.Revoked(title, request.Id, grant.Id, reason!), ct);
        }

        auditEvents.Add(new SharingAuditEvent
        {
            Action = SharingActions.GrantRevoke,
            At = time.GetUtcNow(),
            UserId = actor.Caller.UserId,
            OrganizationId = grant.OwnerOrganizationId,
            TokenId = actor.Caller.TokenId,
            AccessRequestId = grant.RequestId,
            GrantId = grant.Id,
            DatasetId = grant.DatasetId,
            OwnerOrganizationId = grant.OwnerOrganizationId,
            ConsumerOrganizationId = grant.ConsumerOrganizationId,
            Purpose = grant.Purpose,
            Fields = grant.AllowedFields,
            RowFilter = grant.RowFilter,
            Reason = reason,
            RequestId = actor.RequestId,
            ClientAddress = actor.ClientAddress,
        });
        await CommitAsync(ct);
        return grant;
    }

    public static bool CanSee(Caller caller, AccessRequest r) =>
        caller.UserId == r.RequesterUserId
        || (r.ConsumerOrganizationId is { } consumer && caller.IsMemberOf(consumer))
        || caller.IsMemberOf(r.ProviderOrganizationId)
        || caller.IsBureau;

    public static bool CanSee(Caller caller, Grant g) =>
        caller.UserId == g.ConsumerUserId
        || (g.ConsumerOrganizationId is { } consumer && caller.IsMemberOf(consumer))
        || caller.IsMemberOf(g.OwnerOrganizationId)
        || caller.IsBureau;

    public static bool IsConsumer(Caller caller, AccessRequest r) =>
        caller.CanWrite && (caller.UserId == r.RequesterUserId
            || (r.ConsumerOrganizationId is { } consumer && caller.HasRole(consumer, OrganizationRole.Editor)));

    public static DatasetTitle Title(Dataset d) => new(d.Id, d.Identifier, d.TitleZh, d.TitleEn ?? d.TitleZh);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task PrepareSharingAsync(Caller caller, AccessRequestInput input, Dataset dataset, AccessRequest request, CancellationToken ct)
    {
        Guid consumer;
        if (input.ConsumerOrganizationId is { } chosen)
        {
            if (!caller.IsMemberOf(chosen))
            {
                throw new SharingException(StatusCodes.Status403Forbidden, "forbidden", "Not allowed",
                    "you may request data only for an organization you belong to", "consumerOrganizationId");
            }

            consumer = chosen;
        }
        else if (caller.Roles.Count == 1)
        {
            consumer = caller.Roles.Keys.Single();
        }
        else
        {
            throw SharingException.Validation("consumerOrganizationId", caller.Roles.Count == 0
                ? "only members of a government body can request shared data; apply as a member of the public (kind opening) instead"
                : "is required: you belong to several organizations, say which one requests");
        }

        if (dataset.Sharing == SharingAttribute.NotShared)
        {
            throw new SharingException(StatusCodes.Status400BadRequest, "not-shared", "The dataset is not shared",
                $"the dataset is not shared with other bodies (不予共享); legal basis: {dataset.LegalBasis}", "datasetId",
                new Dictionary<string, object?> { ["legalBasis"] = dataset.LegalBasis });
        }

        if (await db.Requests.AnyAsync(r => r.DatasetId == dataset.Id && r.ConsumerOrganizationId == consumer
                && (r.State == RequestState.Submitted || r.State == RequestState.InfoRequested), ct))
        {
            throw SharingException.Conflict("datasetId", "your organization already has an open request for this dataset");
        }

        request.ConsumerOrganizationId = consumer;
    }

    private async Task PrepareOpeningAsync(Actor actor, Dataset dataset, AccessRequest request, CancellationToken ct)
    {
        if (dataset.Opening != OpeningAttribute.Conditional)
        {
            throw Rule("not-open", "datasetId", "the dataset is closed to the public (不予开放); only conditionally open datasets take applications");
        }

        var current = await agreements.CurrentAsync(dataset, ct);
        var acceptance = await db.AgreementAcceptances.AsNoTracking()
            .Where(a => a.DatasetId == dataset.Id && a.UserId == actor.UserId && a.Version == current.Version && a.TextSha256 == current.Sha256)
            .OrderByDescending(a => a.Accepted)
            .FirstOrDefaultAsync(ct);
        if (acceptance is null)
        {
            throw new SharingException(StatusCodes.Status400BadRequest, "agreement-required", "The data use agreement must be accepted first",
                $"accept version {current.Version} of the dataset's data use agreement (POST /api/v1/datasets/{dataset.Id}/agreement/accept) before applying",
                "agreement", new Dictionary<string, object?> { ["agreementVersion"] = current.Version });
        }

        if (await db.Requests.AnyAsync(r => r.DatasetId == dataset.Id && r.RequesterUserId == actor.UserId && r.ConsumerOrganizationId == null
                && (r.State == RequestState.Submitted || r.State == RequestState.InfoRequested), ct))
        {
            throw SharingException.Conflict("datasetId", "you already have an open application for this dataset");
        }

        request.AgreementAcceptanceId = acceptance.Id;
    }

    private async Task<bool> HasTableAsync(Guid datasetId, CancellationToken ct) =>
        await catalog.Distributions.AnyAsync(d => d.DatasetId == datasetId && d.Kind == DistributionKind.Table, ct);

    private async Task<(AccessRequest, Dataset)> LoadAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || !CanSee(caller, request))
        {
            throw SharingException.NotFound($"request {id}");
        }

        var dataset = await catalog.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DatasetId, ct)
            ?? throw new SharingException(StatusCodes.Status409Conflict, "dataset-deleted", "The dataset is gone", "the requested dataset has been deleted from the catalog", "datasetId");
        return (request, dataset);
    }

    private async Task<(AccessRequest, Dataset)> LoadForProviderAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var caller = RequireWriter(actor);
        var (request, dataset) = await LoadAsync(caller, id, ct);
        if (caller.UserId == request.RequesterUserId)
        {
            throw SharingException.Forbidden("a consumer cannot decide their own request");
        }

        if (!caller.HasRole(request.ProviderOrganizationId, OrganizationRole.Editor))
        {
            throw SharingException.Forbidden("only editors and admins of the providing organization may decide a request");
        }

        return (request, dataset);
    }

    private async Task<(AccessRequest, Dataset)> LoadForConsumerAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var caller = RequireWriter(actor);
        var (request, dataset) = await LoadAsync(caller, id, ct);
        if (!IsConsumer(caller, request))
        {
            throw SharingException.Forbidden("only the requester (or an editor of the requesting organization) may do this");
        }

        return (request, dataset);
    }

    private static Caller RequireWriter(Actor actor)
    {
        if (!actor.Caller.IsAuthenticated)
        {
            throw SharingException.Unauthorized();
        }

        if (!actor.Caller.CanWrite)
        {
            throw SharingException.Forbidden("this needs a token of scope write");
        }

        return actor.Caller;
    }

    private static void RequireState(AccessRequest request, params RequestState[] allowed)
    {
        if (!allowed.Contains(request.State))
        {
            throw SharingException.State($"the request is {JsonName(request.State)}; this needs it to be {string.Join(" or ", allowed.Select(JsonName))}");
        }
    }

    private static string JsonName(RequestState state) => state switch
    {
        RequestState.InfoRequested => "infoRequested",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static SharingException Rule(string code, string field, string detail) =>
        new(StatusCodes.Status400BadRequest, code, "The request breaks a sharing rule", detail, field);

    private static void ThrowIf(Errors errors)
    {
        if (errors.Any)
        {
            var all = errors.ToDictionary();
            var first = all.First();
            throw new SharingException(StatusCodes.Status400BadRequest, "validation", "The request is not valid",
                string.Join("; ", all.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), first.Key,
                new Dictionary<string, object?> { ["errors"] = all });
        }
    }

    private static List<string>? CheckFields(Errors errors, string field, List<string>? names, Dataset dataset, List<string>? within)
    {
        if (names is null || names.Count == 0)
        {
            return null;
        }

        var declared = dataset.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var raw in names)
        {
            var name = raw?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
            {
                errors.Add(field, "holds an empty or malformed field name");
            }
            else if (declared.Count > 0 && !declared.Contains(name))
            {
                errors.Add(field, $"'{name}' is not a field of the dataset");
            }
            else if (within is not null && !within.Contains(name))
            {
                errors.Add(field, $"'{name}' was not requested; a grant can only narrow the fields requested");
            }
            else if (!result.Contains(name))
            {
                result.Add(name);
            }
        }

        return result;
    }

    private string? CheckFilter(Errors errors, string field, string? filter, Dataset dataset)
    {
        var text = filter?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (filters.Validate(text, dataset.Fields.Select(f => f.Name).ToList()) is { } problem)
        {
            errors.Add(field, problem);
        }

        return text;
    }

    private static List<string>? CheckEndpoints(Errors errors, string field, List<EndpointDto>? endpoints)
    {
        if (endpoints is null || endpoints.Count == 0)
        {
            return null;
        }

        var result = new List<string>();
        foreach (var (endpoint, i) in endpoints.Select((e, i) => (e, i)))
        {
            var normalized = PathTemplate.Normalize(endpoint?.Method, endpoint?.Path, out var error);
            if (normalized is null)
            {
                errors.Add($"{field}[{i}]", error!);
            }
            else if (!result.Contains(normalized))
            {
                result.Add(normalized);
            }
        }

        return result;
    }

    private Grant NewGrant(AccessRequest request, List<string>? fields, string? rowFilter, DateTime validFrom, DateTime validTo,
        long? maxRows, long? maxRequests, List<string>? endpoints, Guid? approver)
    {
        var grant = new Grant
        {
            Id = Guid.CreateVersion7(),
            RequestId = request.Id,
            Kind = request.Kind,
            DatasetId = request.DatasetId,
            OwnerOrganizationId = request.ProviderOrganizationId,
            ConsumerOrganizationId = request.ConsumerOrganizationId,
            ConsumerUserId = request.Kind == RequestKind.Opening ? request.RequesterUserId : null,
            AllowedFields = fields,
            RowFilter = rowFilter,
            AllowedEndpoints = endpoints,
            ValidFrom = validFrom,
            ValidTo = validTo,
            MaxRowsPerDay = maxRows,
            MaxRequestsPerDay = maxRequests,
            Purpose = request.Purpose,
            Created = Now,
            ApprovedByUserId = approver,
        };
        db.Grants.Add(grant);
        return grant;
    }

    private void Touch(AccessRequest request)
    {
        request.Updated = Now;
        request.Version++;
    }

    private void AddEvent(AccessRequest request, Actor? actor, Guid? organization, string action, RequestState? from, RequestState to, string? message) =>
        db.RequestEvents.Add(new RequestEvent
        {
            Id = Guid.CreateVersion7(),
            RequestId = request.Id,
            At = Now,
            ActorUserId = actor?.Caller.UserId,
            ActorOrganizationId = organization,
            Action = action,
            FromState = from,
            ToState = to,
            Message = message,
        });

    private void Audit(Actor actor, string action, AccessRequest request, Guid? organization, Grant? grant, string? reason) =>
        auditEvents.Add(new SharingAuditEvent
        {
            Action = action,
            At = time.GetUtcNow(),
            UserId = actor.Caller.UserId,
            OrganizationId = organization,
            TokenId = actor.Caller.TokenId,
            AccessRequestId = request.Id,
            GrantId = grant?.Id,
            DatasetId = request.DatasetId,
            OwnerOrganizationId = request.ProviderOrganizationId,
            ConsumerOrganizationId = request.ConsumerOrganizationId,
            Purpose = request.Purpose,
            Fields = grant is null ? request.Fields : grant.AllowedFields,
            RowFilter = grant is null ? request.RowScope : grant.RowFilter,
            Reason = reason,
            RequestId = actor.RequestId,
            ClientAddress = actor.ClientAddress,
        });

    private async Task NotifyConsumerAsync(AccessRequest request, Notice notice, CancellationToken ct)
    {
        if (request.ConsumerOrganizationId is { } consumer)
        {
            await notifier.ToOrganizationAsync(consumer, notice, ct);
        }
        else
        {
            notifier.ToUser(request.RequesterUserId, notice);
        }
    }

    private async Task CommitAsync(CancellationToken ct)
    {
        // The audit records go first and are durable before the change is: holding the store's write lock while the
        // audit log commits (on SQLite it shares the file) would deadlock. A change that then fails is recorded as failed.
        foreach (var auditEvent in auditEvents)
        {
            await audit.RecordDecisionAsync(auditEvent, ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await RecordNotAppliedAsync("someone else changed the request at the same time");
            throw SharingException.Conflict("state", "someone else changed the request at the same time; reload it and try again");
        }
        catch (Exception e) when (e is DbUpdateException or OperationCanceledException)
        {
            await RecordNotAppliedAsync(e.GetBaseException().Message);
            throw;
        }

        // Grants decided here hold (or stop holding) on the very next request of this node.
        grantCache.Invalidate();
        auditEvents.Clear();
        notifier.Committed();
    }

    private async Task RecordNotAppliedAsync(string why)
    {
        foreach (var auditEvent in auditEvents)
        {
            await audit.RecordDecisionAsync(auditEvent with { Outcome = SharingOutcome.Failed, Reason = $"not applied: {why}" }, CancellationToken.None);
        }

        auditEvents.Clear();
    }
}
