using Agora.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Console;

/// <summary>An ingest job's progress; it refreshes itself (a script polls the job, a meta refresh does without one).</summary>
public sealed class JobModel(LoopbackApi api) : PageModel
{
    public TablesAnswer Answer { get; private set; } = null!;
    public string? Dataset { get; private set; }
    public string State { get; private set; } = "";
    public bool Finished => State is "succeeded" or "failed" or "cancelled";

    public async Task<IActionResult> OnGetAsync(Guid id, string? dataset)
    {
        Answer = await api.GetAsync(HttpContext, $"/api/v1/jobs/{id}");
        Dataset = dataset;
        if (!Answer.Ok)
        {
            return Answer.Outcome == TablesOutcome.Unavailable ? Page() : NotFound();
        }

        State = Answer.Body.GetProperty("state").GetString() ?? "";
        return Page();
    }
}
