using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Api;
using Agora.Sharing.Audit;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Agora.Web.Localization;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Requests;

/// <summary>
/// Takes a request for a dataset (the form on the dataset page posts here). The request goes through the sharing
/// workflow, which checks every rule; what it refuses comes back beside the field at fault.
/// </summary>
internal sealed class NewModel(
    CatalogDbContext catalog,
    SharingDbContext db,
    CallerAccessor callers,
    RequestWorkflow workflow,
    AgreementService agreements,
    ISharingAuditSink audit,
    WorkingCalendar calendar,
    TimeProvider time) : PageModel
{
    public RequestAccessView Access { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string identifier) =>
        await LoadAsync(identifier) is { } missing ? missing : Page();

    public async Task<IActionResult> OnPostAsync(string identifier, [FromForm] RequestForm form)
    {
        if (await LoadAsync(identifier) is { } missing)
        {
            return missing;
        }

        Access.Form = form;
        Access.Errors.AddUnreadable(ModelState, name => name switch
        {
            "periodFrom" => "period.from",
            "periodTo" => "period.to",
            _ => name,
        });

        // A signed-in reader posting where the page offers no form (a page left open, their own dataset) hears the
        // workflow's own reason; the page only keeps from offering a form it knows will be refused.
        if (!Access.ShowsForm && User.Identity?.IsAuthenticated != true)
        {
            Access.Errors.Add("datasetId", Texts.Get("access.no-form"));
        }

        if (Access.Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var http = HttpContext;
        if (Access.Offer == AccessOffer.PublicConditional && !Access.AgreementAccepted)
        {
            if (!form.AcceptAgreement)
            {
                Access.Errors.Add("agreement", Texts.Get("access.agreement.required"));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            // The acceptance is its own recorded fact (version, time, account), made by the same code as the API's.
            var accepted = await AgreementsApi.Accept(Access.Dataset.Id.ToString(), new AcceptInput(form.AgreementVersion), catalog, db, agreements,
                callers, audit, time, http);
            if (accepted.Result is ProblemHttpResult refused)
            {
                // A newer version was published while the reader read this one: they must read that one.
                Access.Errors.Add("agreement", refused.ProblemDetails.Detail ?? Texts.Get("access.agreement.required"));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
        }

        try
        {
            var input = form.ToInput(Access.Dataset, Access.Kind, calendar, [.. Access.Dataset.Fields.Select(f => f.Name)]);
            var request = await workflow.CreateAsync(await SharingProblems.ActorAsync(http), input, http.RequestAborted);
            return Redirect($"/requests/{request.Id}?done=submitted");
        }
        catch (SharingException refusal)
        {
            Access.Errors.Add(refusal);
            Response.StatusCode = refusal.Status == StatusCodes.Status404NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    private async Task<IActionResult?> LoadAsync(string identifier)
    {
        var caller = await callers.GetAsync(HttpContext);
        var dataset = await DatasetsApi.FindAsync(catalog, identifier, HttpContext.RequestAborted);
        if (dataset is null || !caller.CanSee(dataset))
        {
            return NotFound();
        }

        Access = await RequestAccessView.BuildAsync(caller, dataset, catalog, db, agreements, time, HttpContext.RequestAborted);
        return null;
    }
}
