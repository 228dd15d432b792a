using System.Security.Cryptography;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Storage;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Sharing.Api;

public static class RequestsApi
{
    /// <summary>How many files one request may hold.</summary>
    internal const int MaxAttachments = 20;

    public static void MapRequestsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/requests").WithTags("Requests");
        group.MapGet("/", List).WithName("ListRequests")
            .WithSummary("Lists requests: scope=mine (made by me or my organizations), incoming (to my organizations) or all (the bureau).");
        group.MapPost("/", Create).WithName("CreateRequest")
            .WithSummary("Requests a dataset (kind sharing for a government body, opening for a member of the public).");
        group.MapGet("/{id:guid}", Get).WithName("GetRequest").WithSummary("Gets a request with its attachments and history.");
        group.MapPost("/{id:guid}/withdraw", Withdraw).WithName("WithdrawRequest").WithSummary("Withdraws a request that is not decided yet.");
        group.MapPost("/{id:guid}/approve", Approve).WithName("ApproveRequest")
            .WithSummary("Approves a request, possibly narrowing its fields, rows and period and setting a quota; creates the grant.");
        group.MapPost("/{id:guid}/refuse", Refuse).WithName("RefuseRequest").WithSummary("Refuses a request; the reason is required.");
        group.MapPost("/{id:guid}/ask-info", AskInfo).WithName("AskRequestInfo").WithSummary("Asks the requester for more information.");
        group.MapPost("/{id:guid}/respond-info", RespondInfo).WithName("RespondRequestInfo").WithSummary("Answers the provider's question; the deadline starts again.");
        group.MapPost("/{id:guid}/attachments", Upload).WithName("UploadRequestAttachment")
            .WithSummary("Attaches a file (the body; ?name= gives its file name, Content-Type its media type).");
        group.MapGet("/{id:guid}/attachments/{attachmentId:guid}", Download).WithName("DownloadRequestAttachment").WithSummary("Downloads an attachment.");
    }

    public sealed record ListQuery
    {
        public string? Scope { get; init; }

        public RequestState? State { get; init; }

        public Guid? DatasetId { get; init; }

        public bool? Overdue { get; init; }

        public int? Limit { get; init; }

        public string? Cursor { get; init; }
    }

    internal static async Task<Results<Ok<Page<AccessRequestDto>>, ProblemHttpResult>> List(
        [AsParameters] ListQuery query, SharingDbContext db, Views views, CallerAccessor callers, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (Paging.CheckLimit(query.Limit) is { } limitProblem)
        {
            return Problems.Validation("limit", limitProblem);
        }

        var scope = query.Scope ?? "mine";
        int offset;
        try
        {
            offset = OffsetCursor.Decode(query.Cursor, "requests:" + scope);
        }
        catch (FormatException e)
        {
            return Problems.Validation("cursor", e.Message);
        }

        var organizations = caller.Roles.Keys.ToList();
        var me = caller.UserId;
        IQueryable<AccessRequest> requests = db.Requests.AsNoTracking();
        switch (scope)
        {
            case "mine":
                requests = requests.Where(r => r.RequesterUserId == me || (r.ConsumerOrganizationId != null && organizations.Contains(r.ConsumerOrganizationId.Value)));
                break;
            case "incoming":
                requests = requests.Where(r => organizations.Contains(r.ProviderOrganizationId));
                break;
            case "all":
                if (!caller.IsBureau)
                {
                    return Problems.Forbidden("only the bureau sees every request");
                }

                break;
            default:
                return Problems.Validation("scope", "must be mine, incoming or all");
        }

        if (query.State is { } state)
        {
            requests = requests.Where(r => r.State == state);
        }

        if (query.DatasetId is { } dataset)
        {
            requests = requests.Where(r => r.DatasetId == dataset);
        }

        if (query.Overdue is { } overdue)
        {
            var now = time.GetUtcNow().UtcDateTime;
            requests = overdue
                ? requests.Where(r => r.State == RequestState.Submitted && r.DueAt <= now)
                : requests.Where(r => !(r.State == RequestState.Submitted && r.DueAt <= now));
        }

        var take = query.Limit ?? Paging.DefaultLimit;
        var total = await requests.CountAsync(http.RequestAborted);
        var page = await requests.OrderByDescending(r => r.Submitted).ThenByDescending(r => r.Id).Skip(offset).Take(take).ToListAsync(http.RequestAborted);
        var next = offset + page.Count < total ? OffsetCursor.Encode("requests:" + scope, offset + page.Count) : null;
        return TypedResults.Ok(new Page<AccessRequestDto>(await views.RequestsAsync(page, false, http.RequestAborted), total, next));
    }

    internal static async Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> Get(Guid id, SharingDbContext db, Views views, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, http.RequestAborted);
        if (request is null || !RequestWorkflow.CanSee(caller, request))
        {
            return Problems.NotFound($"request {id}");
        }

        return TypedResults.Ok(await views.RequestAsync(request, http.RequestAborted));
    }

    internal static Task<Results<Created<AccessRequestDto>, ProblemHttpResult>> Create(AccessRequestInput input, RequestWorkflow workflow, Views views, HttpContext http) =>
        SharingProblems.RunAsync(async () =>
        {
            var request = await workflow.CreateAsync(await SharingProblems.ActorAsync(http), input, http.RequestAborted);
            return TypedResults.Created($"/api/v1/requests/{request.Id}", await views.RequestAsync(request, http.RequestAborted));
        });

    internal static Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> Withdraw(Guid id, ReasonInput? input, RequestWorkflow workflow, Views views, HttpContext http) =>
        Step(http, views, actor => workflow.WithdrawAsync(actor, id, input, http.RequestAborted));

    internal static Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> Refuse(Guid id, ReasonInput input, RequestWorkflow workflow, Views views, HttpContext http) =>
        Step(http, views, actor => workflow.RefuseAsync(actor, id, input, http.RequestAborted));

    internal static Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> AskInfo(Guid id, QuestionInput input, RequestWorkflow workflow, Views views, HttpContext http) =>
        Step(http, views, actor => workflow.AskInfoAsync(actor, id, input, http.RequestAborted));

    internal static Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> RespondInfo(Guid id, AnswerInput input, RequestWorkflow workflow, Views views, HttpContext http) =>
        Step(http, views, actor => workflow.RespondInfoAsync(actor, id, input, http.RequestAborted));

    internal static Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> Approve(Guid id, ApproveInput? input, RequestWorkflow workflow, Views views, HttpContext http) =>
        Step(http, views, async actor => (await workflow.ApproveAsync(actor, id, input ?? new ApproveInput(null, null, null, null, null, null, null, null), http.RequestAborted)).Request);

    private static Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> Step(HttpContext http, Views views, Func<Actor, Task<AccessRequest>> step) =>
        SharingProblems.RunAsync(async () =>
        {
            var request = await step(await SharingProblems.ActorAsync(http));
            return TypedResults.Ok(await views.RequestAsync(request, http.RequestAborted));
        });

    internal static async Task<Results<Created<AttachmentDto>, ProblemHttpResult>> Upload(
        Guid id, string? name, SharingDbContext db, CallerAccessor callers, StorageOptions storage, SharingOptions options, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        // The raw body is the file here; nothing has read it yet, so its limit can still be raised to the attachment's.
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = options.AttachmentMaxBytes + 1;
        }

        return await AttachAsync(caller, id, name, http.Request.ContentType, http.Request.ContentLength, http.Request.Body, db, storage, options, time, http.RequestAborted);
    }

    /// <summary>
    /// Stores a file on a request with every rule of attachments (who, when, name, media type, at most 20, size):
    /// the API sends its body here and the request page its form's file, so both keep the same rules.
    /// </summary>
    internal static async Task<Results<Created<AttachmentDto>, ProblemHttpResult>> AttachAsync(
        Caller caller, Guid id, string? name, string? contentType, long? declaredLength, Stream body, SharingDbContext db, StorageOptions storage,
        SharingOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestWorkflow.CanSee(caller, request))
        {
            return Problems.NotFound($"request {id}");
        }

        if (!RequestWorkflow.IsConsumer(caller, request))
        {
            return Problems.Forbidden("only the requester (or an editor of the requesting organization) may attach files");
        }

        if (request.State is not (RequestState.Submitted or RequestState.InfoRequested))
        {
            return SharingProblems.From(SharingException.State("files can be attached only while the request is open"));
        }

        var fileName = Path.GetFileName(name?.Trim() ?? "");
        if (fileName.Length is 0 or > 255 || fileName.Any(c => char.IsControl(c) || c is '/' or '\\') || fileName is "." or "..")
        {
            return Problems.Validation("name", "is required: the file's name, at most 255 characters, without a path");
        }

        var mediaType = string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType;
        if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(mediaType, out var parsedType) || parsedType.MediaType is null || mediaType.Length > 100)
        {
            return Problems.Validation("Content-Type", "is not a media type");
        }

        if (await db.Attachments.CountAsync(a => a.RequestId == id, cancellationToken) >= MaxAttachments)
        {
            return Problems.Conflict("attachments", $"a request holds at most {MaxAttachments} attachments");
        }

        if (declaredLength > options.AttachmentMaxBytes)
        {
            return TooLarge(options);
        }

        var attachmentId = Guid.CreateVersion7();
        var folder = Path.Combine(storage.DataDirectory, "sharing", "attachments", id.ToString("N"));
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, attachmentId.ToString("N"));
        var temporary = target + ".part";
        long size = 0;
        string sha;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > options.AttachmentMaxBytes)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            if (size > options.AttachmentMaxBytes)
            {
                File.Delete(temporary);
                return TooLarge(options);
            }

            sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            File.Move(temporary, target);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            File.Delete(temporary);
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return TooLarge(options);
            }

            throw;
        }

        var attachment = new RequestAttachment
        {
            Id = attachmentId,
            RequestId = id,
            Name = fileName,
            MediaType = parsedType.ToString(),
            Size = size,
            Sha256 = sha,
            UploadedByUserId = caller.UserId!.Value,
            Uploaded = time.GetUtcNow().UtcDateTime,
        };
        db.Attachments.Add(attachment);
        db.RequestEvents.Add(new RequestEvent
        {
            Id = Guid.CreateVersion7(),
            RequestId = id,
            At = attachment.Uploaded,
            ActorUserId = caller.UserId,
            ActorOrganizationId = request.ConsumerOrganizationId,
            Action = "attachment-added",
            FromState = request.State,
            ToState = request.State,
            Message = $"{fileName} ({size} bytes, sha256 {sha})",
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/requests/{id}/attachments/{attachmentId}", Views.Attachment(attachment));
    }

    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        Guid id, Guid attachmentId, SharingDbContext db, CallerAccessor callers, StorageOptions storage, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, http.RequestAborted);
        var attachment = request is null || !RequestWorkflow.CanSee(caller, request)
            ? null
            : await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.RequestId == id, http.RequestAborted);
        var path = Path.Combine(storage.DataDirectory, "sharing", "attachments", id.ToString("N"), attachmentId.ToString("N"));
        if (attachment is null || !File.Exists(path))
        {
            return Problems.NotFound($"attachment {attachmentId}");
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["X-Checksum-SHA256"] = attachment.Sha256;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return TypedResults.File(stream, attachment.MediaType, attachment.Name);
    }

    private static ProblemHttpResult TooLarge(SharingOptions options) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The file is too large",
            $"an attachment may have at most {options.AttachmentMaxBytes} bytes", "body", null);
}
