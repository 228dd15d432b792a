using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Vocabulary;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Datasets;

internal sealed class DetailModel(CatalogDbContext db, CallerAccessor callers, SharingDbContext sharing, AgreementService agreements, TimeProvider time) : PageModel
{
    public static readonly string[] DownloadFormats = ["csv", "tsv", "json", "ndjson", "xlsx", "parquet"];

    public Dataset Dataset { get; private set; } = null!;
    public Organization? Organization { get; private set; }
    public IReadOnlyList<Distribution> Distributions { get; private set; } = [];
    public IReadOnlyList<DatasetActivity> Activities { get; private set; } = [];
    public LicenseTerm? License { get; private set; }
    public Distribution? Table { get; private set; }
    public bool CanEdit { get; private set; }
    public bool MayReadRows { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public RequestAccessView Access { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string identifier)
    {
        var ct = HttpContext.RequestAborted;
        var caller = await callers.GetAsync(HttpContext);
        var dataset = await DatasetsApi.FindAsync(db, identifier, ct);
        if (dataset is null || !caller.CanSee(dataset))
        {
            return NotFound();
        }

        Dataset = dataset;
        Organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == dataset.OrganizationId, ct);
        Distributions = await db.Distributions.AsNoTracking().Where(d => d.DatasetId == dataset.Id).OrderBy(d => d.Created).ToListAsync(ct);
        Activities = await db.Activities.AsNoTracking().Where(a => a.DatasetId == dataset.Id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(20).ToListAsync(ct);
        License = Licenses.Find(dataset.License);
        Table = Distributions.FirstOrDefault(d => d.Kind == DistributionKind.Table);
        CanEdit = caller.CanEdit(dataset);
        BaseUrl = $"{Request.Scheme}://{Request.Host}";
        Access = await RequestAccessView.BuildAsync(caller, dataset, db, sharing, agreements, time, ct);
        // A grant held opens the rows too, within its conditions, which the tables API applies on every request.
        MayReadRows = RowsVisibleTo(caller, dataset) || Access.ActiveGrantId is not null;
        return Page();
    }

    /// <summary>
    /// Whether to offer rows (preview, charts, map, downloads) at all. The tables API decides on every request; this
    /// only keeps the page from offering what it knows will be refused. It mirrors the host's table access rule
    /// (DESIGN.md rules 1, 3 and 4): the owner always; anyone else an open, general dataset without direct
    /// identifiers. A grant held widens it (see OnGetAsync).
    /// </summary>
    public static bool RowsVisibleTo(Caller caller, Dataset dataset) =>
        caller.IsMemberOf(dataset.OrganizationId)
        || (dataset.SecurityGrade == SecurityGrade.General && dataset.Opening == OpeningAttribute.Open
            && dataset.Fields.All(f => f.Sensitivity != FieldSensitivity.DirectIdentifier));
}
