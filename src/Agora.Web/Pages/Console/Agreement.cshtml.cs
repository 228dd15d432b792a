using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Api;
using Agora.Sharing.Audit;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Console;

/// <summary>
/// The data use agreement of a conditionally open dataset, for the owner's editors: the version applicants accept
/// now, every version published with its date, and a form that publishes the next. The API's handlers do the work,
/// so the rules and the audit record of a publication are the API's.
/// </summary>
internal sealed class AgreementModel(CatalogDbContext catalog, SharingDbContext db, AgreementService agreements, CallerAccessor callers,
    ISharingAuditSink audit, WorkingCalendar calendar, TimeProvider time) : PageModel
{
    public WorkingCalendar Calendar => calendar;

    public Dataset Dataset { get; private set; } = null!;
    public AgreementDto? Current { get; private set; }
    public IReadOnlyList<AgreementVersionDto> Versions { get; private set; } = [];
    public NameBook Names { get; private set; } = null!;
    public FormErrors Errors { get; } = new();
    public string? Text { get; private set; }
    public string? Published { get; private set; }

    public async Task<IActionResult> OnGetAsync(string identifier, string? published)
    {
        Published = published is { Length: <= 10 } && published.All(char.IsAsciiDigit) ? published : null;
        return await LoadAsync(identifier) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(string identifier, string? text)
    {
        if (await LoadAsync(identifier) is { } refused)
        {
            return refused;
        }

        Text = text;
        if (Current is null)
        {
            return NotFound();
        }

        var result = await AgreementsApi.Publish(Dataset.Id.ToString(), new AgreementInput(text), catalog, db, callers, audit, time, HttpContext);
        switch (result.Result)
        {
            case Ok<AgreementDto> ok:
                return Redirect($"/console/datasets/{Uri.EscapeDataString(Dataset.Identifier)}/agreement?published={ok.Value!.Version}");
            case ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden }:
                return Forbid();
            case ProblemHttpResult problem:
                Errors.Add(problem);
                break;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string identifier)
    {
        var (dataset, refusal) = await EditableDataset.FindAsync(this, catalog, callers, identifier);
        if (dataset is null)
        {
            return refusal;
        }

        var ct = HttpContext.RequestAborted;
        Dataset = dataset;
        // Only a conditionally open dataset has an agreement; the API answers 404 for the others and the page says so.
        var current = await AgreementsApi.Get(dataset.Id.ToString(), catalog, db, agreements, callers, HttpContext);
        Current = current.Result is Ok<AgreementDto> ok ? ok.Value : null;
        var versions = await AgreementsApi.Versions(dataset.Id.ToString(), catalog, db, callers, HttpContext);
        Versions = versions.Result is Ok<IReadOnlyList<AgreementVersionDto>> list ? list.Value! : [];
        Names = await NameBook.LoadAsync(catalog, [.. Versions.Select(v => v.PublishedByUserId)], [], ct);
        return null;
    }
}
