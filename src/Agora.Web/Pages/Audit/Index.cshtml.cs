using System.Globalization;
using System.Reflection;
using Agora.Audit;
using Agora.Audit.Api;
using Agora.Audit.Storage;
using Agora.Audit.Verification;
using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Audit;
using Agora.Sharing.Workflow;
using Agora.Web.Localization;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages.Audit;

/// <summary>
/// Searches the audit log: the bureau everything, an organization's admins the records about their datasets and
/// their users. The search is the API's own (<see cref="AuditApi"/>), so both show exactly the same records.
/// </summary>
internal sealed class IndexModel(CatalogDbContext catalog, AuditDbContext log, AuditVerifier verifier, CallerAccessor callers, WorkingCalendar calendar)
    : PageModel
{
    public const int PageSize = 50;

    /// <summary>The action names that Agora writes, offered as suggestions; the search takes any well-formed name.</summary>
    public static readonly IReadOnlyList<string> KnownActions =
        [.. new[] { typeof(AuditActions), typeof(SharingActions), typeof(AccountActions) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Append("profile.read")
            .Distinct()
            .Order(StringComparer.Ordinal)];

    public AuditFilter Filter { get; private set; } = new();
    public IReadOnlyList<AuditApi.AuditRecordDto> Items { get; private set; } = [];
    public string? Next { get; private set; }
    public NameBook Names { get; private set; } = null!;
    public FormErrors Errors { get; } = new();
    public bool IsBureau { get; private set; }
    public AuditVerification? Verification { get; private set; }
    public WorkingCalendar Calendar => calendar;

    public async Task<IActionResult> OnGetAsync([FromQuery] AuditFilter filter)
    {
        Filter = filter;
        return await AllowedAsync() ? await SearchAsync() : Forbid();
    }

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        if (!await AllowedAsync())
        {
            return Forbid();
        }

        var result = await AuditApi.Verify(verifier, callers, HttpContext);
        if (result.Result is not Ok<AuditVerification> ok)
        {
            return Forbid();
        }

        Verification = ok.Value;
        return await SearchAsync();
    }

    private async Task<bool> AllowedAsync()
    {
        var caller = await callers.GetAsync(HttpContext);
        IsBureau = caller.IsBureau;
        return caller.IsBureau || caller.Roles.Values.Any(r => r >= OrganizationRole.Admin);
    }

    private async Task<IActionResult> SearchAsync()
    {
        var ct = HttpContext.RequestAborted;
        Names = await NameBook.LoadAsync(catalog, [], [], ct);
        var f = Filter;
        Guid? dataset = null, user = null;
        if (!string.IsNullOrWhiteSpace(f.Dataset))
        {
            dataset = (await DatasetsApi.FindAsync(catalog, f.Dataset.Trim(), ct))?.Id;
            if (dataset is null)
            {
                Errors.Add("dataset", Texts.Get("audit.no-dataset"));
            }
        }

        if (!string.IsNullOrWhiteSpace(f.User))
        {
            var email = f.User.Trim().ToLowerInvariant();
            user = Guid.TryParse(email, out var id) ? id : await catalog.Users.AsNoTracking().Where(u => u.Email == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            if (user is null)
            {
                Errors.Add("user", Texts.Get("audit.no-user"));
            }
        }

        Errors.AddUnreadable(ModelState);
        if (f.To is { } to && f.From is { } from && to < from)
        {
            Errors.Add("to", Texts.Get("audit.to-before-from"));
        }

        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var query = new AuditApi.SearchQuery
        {
            OrganizationId = f.Organization?.ToString(),
            OwnerOrganizationId = f.Owner?.ToString(),
            DatasetId = dataset?.ToString(),
            UserId = user?.ToString(),
            Action = string.IsNullOrWhiteSpace(f.Action) ? null : f.Action.Trim(),
            Outcome = string.IsNullOrEmpty(f.Outcome) ? null : f.Outcome,
            From = f.From is { } start ? calendar.StartOf(start).ToString("O", CultureInfo.InvariantCulture) : null,
            // The end day is included: the search runs up to the start of the next one.
            To = f.To is { } end ? calendar.StartOf(end.AddDays(1)).ToString("O", CultureInfo.InvariantCulture) : null,
            Limit = PageSize,
            Cursor = string.IsNullOrEmpty(f.Cursor) ? null : f.Cursor,
        };
        var result = await AuditApi.Search(query, log, callers, HttpContext);
        switch (result.Result)
        {
            case Ok<AuditApi.AuditPage> ok:
                (Items, Next) = (ok.Value!.Items, ok.Value.Next);
                break;
            case ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden }:
                return Forbid();
            case ProblemHttpResult problem:
                var field = problem.ProblemDetails.Extensions.TryGetValue("field", out var named) ? named as string : null;
                Errors.Add(field switch
                {
                    "organizationId" => "organization",
                    "ownerOrganizationId" => "owner",
                    "datasetId" => "dataset",
                    "userId" => "user",
                    null => "",
                    _ => field,
                }, problem.ProblemDetails.Detail ?? "");
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }

        Names = await NameBook.LoadAsync(catalog, Items.Select(r => r.UserId), Items.Select(r => r.DatasetId), ct);
        return Page();
    }

    /// <summary>The link to the next page: the same filter with the cursor the search gave.</summary>
    public string NextLink(string cursor)
    {
        var f = Filter;
        var pairs = new List<(string, string?)>
        {
            ("from", f.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", f.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("action", f.Action), ("dataset", f.Dataset), ("user", f.User), ("organization", f.Organization?.ToString()),
            ("owner", f.Owner?.ToString()), ("outcome", f.Outcome), ("cursor", cursor),
        };
        return "/audit?" + string.Join('&', pairs.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
    }
}

/// <summary>The audit search form, as it appears in the page's URL.</summary>
public sealed class AuditFilter
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? Action { get; set; }

    /// <summary>A dataset's identifier (or id).</summary>
    public string? Dataset { get; set; }

    /// <summary>An account's e-mail (or id).</summary>
    public string? User { get; set; }

    /// <summary>The organization the user acted for.</summary>
    public Guid? Organization { get; set; }

    /// <summary>The organization that owns the dataset.</summary>
    public Guid? Owner { get; set; }

    public string? Outcome { get; set; }
    public string? Cursor { get; set; }
}
