using System.Globalization;
using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing;
using Agora.Sharing.Api;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Agora.Web.Localization;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Requests;

/// <summary>
/// One request in full, and what the reader may do with it: the provider's editors approve (narrowing it), refuse
/// or ask; the requester answers or withdraws. Each step is the sharing workflow's, with its rules and its records.
/// </summary>
[AttachmentFormLimits]
internal sealed class DetailModel(CatalogDbContext catalog, SharingDbContext db, Views views, CallerAccessor callers, RequestWorkflow workflow,
    WorkingCalendar calendar, StorageOptions storage, SharingOptions options, TimeProvider time) : PageModel
{
    public AccessRequestDto Item { get; private set; } = null!;
    public Dataset? Dataset { get; private set; }
    public NameBook Names { get; private set; } = null!;
    public WorkingCalendar Calendar => calendar;
    public DateTime Now { get; } = time.GetUtcNow().UtcDateTime;
    public bool CanDecide { get; private set; }
    public bool CanAct { get; private set; }
    public string? Done { get; private set; }

    /// <summary>Which form was posted ("approve", "refuse", "ask", "answer", "withdraw"), so its errors show there.</summary>
    public string? Posted { get; private set; }

    public FormErrors Errors { get; } = new();
    public ApproveForm Approve { get; private set; } = new();
    public string? Text { get; private set; }

    public bool IsOpen => Item.State is RequestState.Submitted or RequestState.InfoRequested;

    /// <summary>The size limit of one attachment, as a reader reads it.</summary>
    public string AttachmentLimit => options.AttachmentMaxBytes >= 1024 * 1024
        ? (options.AttachmentMaxBytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " MB"
        : (options.AttachmentMaxBytes / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " KB";

    public bool CanAttach => IsOpen && CanAct && Item.Attachments.Count < RequestsApi.MaxAttachments;

    /// <summary>The fields the provider may grant: those asked for, or all of the dataset's when all were asked for.</summary>
    public IReadOnlyList<FieldSpecView> Grantable =>
        Item.Fields is { } asked
            ? [.. asked.Select(name => new FieldSpecView(name, Dataset?.Fields.FirstOrDefault(f => f.Name == name)?.Label))]
            : [.. (Dataset?.Fields ?? []).Select(f => new FieldSpecView(f.Name, f.Label))];

    public async Task<IActionResult> OnGetAsync(Guid id, string? done)
    {
        Done = done is "submitted" or "approved" or "refused" or "asked" or "answered" or "withdrawn" or "attached" ? done : null;
        if (await LoadAsync(id) is { } missing)
        {
            return missing;
        }

        Approve = ApproveForm.From(Item, calendar);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id, [FromForm] ApproveForm form)
    {
        Approve = form;
        return StepAsync(id, "approve", "approved", null, actor =>
        {
            var input = form.ToInput(this, calendar, Errors);
            return Errors.Any ? Task.CompletedTask : workflow.ApproveAsync(actor, id, input, HttpContext.RequestAborted);
        });
    }

    public Task<IActionResult> OnPostRefuseAsync(Guid id, string? reason) =>
        StepAsync(id, "refuse", "refused", reason, actor => workflow.RefuseAsync(actor, id, new ReasonInput(reason), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostAskAsync(Guid id, string? question) =>
        StepAsync(id, "ask", "asked", question, actor => workflow.AskInfoAsync(actor, id, new QuestionInput(question), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostAnswerAsync(Guid id, string? answer) =>
        StepAsync(id, "answer", "answered", answer, actor => workflow.RespondInfoAsync(actor, id, new AnswerInput(answer), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, string? reason) =>
        StepAsync(id, "withdraw", "withdrawn", reason, actor => workflow.WithdrawAsync(actor, id, new ReasonInput(reason), HttpContext.RequestAborted));

    /// <summary>
    /// Attaches the form's file through the same code as the API's upload, so the same rules hold: only the requester's
    /// side, only while the request is open, at most 20 files, the size limit, a file name and a media type.
    /// </summary>
    public async Task<IActionResult> OnPostAttachAsync(Guid id, IFormFile? file)
    {
        Posted = "attach";
        if (await LoadAsync(id) is { } missing)
        {
            return missing;
        }

        Approve = ApproveForm.From(Item, calendar);
        if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
        {
            Errors.Add("file", Texts.Get("request.attach.none"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var caller = await callers.GetAsync(HttpContext);
        await using var stream = file.OpenReadStream();
        var result = await RequestsApi.AttachAsync(caller, id, file.FileName, file.ContentType, file.Length, stream, db, storage, options, time, HttpContext.RequestAborted);
        switch (result.Result)
        {
            case Created<AttachmentDto>:
                return Redirect($"/requests/{id}?done=attached");
            case ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden }:
                return Forbid();
            case ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound }:
                return NotFound();
            case ProblemHttpResult refused:
                // Every refusal is about the file or the request's state; it shows beside the file field.
                Errors.Add(refused, (field, message) => (field == "state" ? field : "file", message));
                break;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Runs one workflow step; on success goes back to the request (so a reload does not post again).</summary>
    private async Task<IActionResult> StepAsync(Guid id, string form, string done, string? text, Func<Actor, Task> step)
    {
        (Posted, Text) = (form, text);
        if (await LoadAsync(id) is { } missing)
        {
            return missing;
        }

        if (form != "approve")
        {
            Approve = ApproveForm.From(Item, calendar);
        }

        Errors.AddUnreadable(ModelState);
        if (!Errors.Any)
        {
            try
            {
                await step(await SharingProblems.ActorAsync(HttpContext));
                if (!Errors.Any)
                {
                    return Redirect($"/requests/{id}?done={done}");
                }
            }
            catch (SharingException refusal)
            {
                Errors.Add(refusal);
            }
        }

        // The page shows the request as it is now: a refused step changed nothing.
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id)
    {
        var caller = await callers.GetAsync(HttpContext);
        var ct = HttpContext.RequestAborted;
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || !RequestWorkflow.CanSee(caller, request))
        {
            return NotFound();
        }

        Item = await views.RequestAsync(request, ct);
        Dataset = await catalog.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DatasetId, ct);
        CanDecide = caller.CanWrite && caller.UserId != request.RequesterUserId && caller.HasRole(request.ProviderOrganizationId, OrganizationRole.Editor);
        CanAct = RequestWorkflow.IsConsumer(caller, request);
        var people = new List<Guid?> { request.RequesterUserId, request.DecidedByUserId };
        people.AddRange((Item.History ?? []).Select(e => e.ActorUserId));
        Names = await NameBook.LoadAsync(catalog, people, [], ct);
        return null;
    }
}

public sealed record FieldSpecView(string Name, string? Label);

/// <summary>The approval form: what to grant, narrowed from what was asked for.</summary>
public sealed class ApproveForm
{
    /// <summary>Set by the form, so that no field ticked can be told from a form without the field list.</summary>
    public bool FieldsShown { get; set; }

    public List<string> Fields { get; set; } = [];
    public string? RowFilter { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public string? MaxRowsPerDay { get; set; }
    public string? MaxRequestsPerDay { get; set; }
    public string? Reason { get; set; }

    internal static ApproveForm From(AccessRequestDto request, WorkingCalendar calendar) => new()
    {
        Fields = [.. request.Fields ?? []],
        ValidFrom = request.Period.From is { } from ? calendar.LocalDate(from) : null,
        ValidTo = request.Period.To is { } to ? calendar.LocalDate(to.AddTicks(-1)) : null,
    };

    internal ApproveInput ToInput(DetailModel page, WorkingCalendar calendar, FormErrors errors)
    {
        var grantable = page.Grantable.Select(f => f.Name).ToList();
        List<string>? fields = null;
        if (FieldsShown && grantable.Count > 0 && !grantable.All(Fields.Contains))
        {
            // Fewer than asked for narrows the grant; none at all is refused by the workflow, by name.
            fields = Fields;
        }

        return new ApproveInput(
            fields,
            RowFilter,
            ValidFrom is { } from ? calendar.StartOf(from) : null,
            ValidTo is { } to ? calendar.StartOf(to.AddDays(1)) : null,
            Quota(errors, "maxRowsPerDay", MaxRowsPerDay),
            Quota(errors, "maxRequestsPerDay", MaxRequestsPerDay),
            null,
            Reason);
    }

    private static long? Quota(FormErrors errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(field, Texts.Get("form.whole-number"));
        return null;
    }
}
