using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Console;

/// <summary>
/// Registers or edits a dataset. The form posts here (with its anti-forgery token) and the page hands the change to
/// the catalog API, so that a dataset written in the console meets exactly the rules of one written by a client.
/// </summary>
public sealed partial class EditModel(CatalogDbContext db, CallerAccessor callers, LoopbackApi api) : PageModel
{
    [BindProperty]
    public DatasetForm Form { get; set; } = new();

    public string? Identifier { get; private set; }
    public IReadOnlyList<Organization> Organizations { get; private set; } = [];
    public FormErrors Errors { get; } = new();
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? identifier, bool saved)
    {
        var caller = await callers.GetAsync(HttpContext);
        Organizations = await IndexModel.EditableOrganizationsAsync(db, caller, HttpContext.RequestAborted);
        if (identifier is not null)
        {
            var dataset = await DatasetsApi.FindAsync(db, identifier, HttpContext.RequestAborted);
            if (dataset is null || !caller.CanSee(dataset))
            {
                return NotFound();
            }

            if (!caller.CanEdit(dataset))
            {
                return Forbid();
            }

            Identifier = dataset.Identifier;
            Form = DatasetForm.From(dataset);
            await LoadPrivacyAsync();
        }
        else
        {
            Form = new DatasetForm
            {
                OrganizationId = Organizations.FirstOrDefault()?.Id,
                License = Catalog.Vocabulary.Licenses.GovernmentOpen,
                UpdateFrequency = UpdateFrequency.Irregular,
                Sharing = SharingAttribute.Unconditional,
                Opening = OpeningAttribute.Open,
                SecurityGrade = SecurityGrade.General,
            };
        }

        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? identifier)
    {
        var caller = await callers.GetAsync(HttpContext);
        Organizations = await IndexModel.EditableOrganizationsAsync(db, caller, HttpContext.RequestAborted);
        Identifier = identifier;
        foreach (var (key, state) in ModelState)
        {
            // Values the binder could not read (a date typed by hand in an old browser) are reported like the API's.
            foreach (var error in state.Errors)
            {
                Errors.Add(key.Replace("Form.", "", StringComparison.Ordinal), error.ErrorMessage.Length > 0 ? error.ErrorMessage : "is not valid");
            }
        }

        if (Errors.Any)
        {
            await LoadPrivacyAsync();
            return Page();
        }

        var answer = identifier is null
            ? await api.SendJsonAsync(HttpContext, HttpMethod.Post, "/api/v1/datasets", Form.ToInput())
            : await api.SendJsonAsync(HttpContext, HttpMethod.Put, $"/api/v1/datasets/{Uri.EscapeDataString(identifier)}", Form.ToInput());
        if (answer.Ok)
        {
            var saved = answer.Body.GetProperty("identifier").GetString()!;
            return identifier is null
                ? Redirect($"/console/datasets/{Uri.EscapeDataString(saved)}/resources")
                : Redirect($"/console/datasets/{Uri.EscapeDataString(saved)}?saved=true");
        }

        Errors.Add(answer, DatasetForm.FieldOf);
        await LoadPrivacyAsync();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
