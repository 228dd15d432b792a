using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Api;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Portal;

/// <summary>What a reader of a dataset page can do to get its data.</summary>
public enum AccessOffer
{
    /// <summary>The reader's organization owns the dataset.</summary>
    Owner,

    /// <summary>Open without conditions: nothing to request.</summary>
    Open,

    /// <summary>Core data never leaves its owner.</summary>
    Core,

    /// <summary>Not shared (不予共享) and, for the public, not open: the legal basis says why.</summary>
    NotShared,

    /// <summary>Closed to the public, and the reader belongs to no government body.</summary>
    NotOpen,

    SignIn,

    /// <summary>Shared without conditions: granted at once, still recorded.</summary>
    Unconditional,

    /// <summary>Shared on conditions: the provider decides.</summary>
    Conditional,

    /// <summary>Conditionally open: a member of the public applies after accepting the data use agreement.</summary>
    PublicConditional,
}

/// <summary>The request form as it posts: names match the workflow's fields, so its errors land beside them.</summary>
public sealed class RequestForm
{
    public Guid? ConsumerOrganizationId { get; set; }
    public string? Purpose { get; set; }
    public string? LegalBasis { get; set; }
    public List<string> Fields { get; set; } = [];
    public string? RowScope { get; set; }
    public DateOnly? PeriodFrom { get; set; }
    public DateOnly? PeriodTo { get; set; }
    public bool AcceptAgreement { get; set; }
    public string? AgreementVersion { get; set; }

    /// <summary>The workflow's input; dates are whole days of the configured calendar, the end day included.</summary>
    internal AccessRequestInput ToInput(Dataset dataset, RequestKind kind, WorkingCalendar calendar, IReadOnlyCollection<string> declared) => new(
        dataset.Id.ToString(),
        kind,
        kind == RequestKind.Sharing ? ConsumerOrganizationId : null,
        Purpose,
        LegalBasis,
        // Every field ticked asks for the whole dataset, which keeps fields added later.
        Fields.Count == 0 || (declared.Count > 0 && declared.All(Fields.Contains)) ? null : Fields,
        RowScope,
        PeriodFrom is null && PeriodTo is null
            ? null
            : new Period(PeriodFrom is { } from ? calendar.StartOf(from) : null, PeriodTo is { } to ? calendar.StartOf(to.AddDays(1)) : null));
}

/// <summary>The dataset page's "request access" block, and the page that takes the request.</summary>
public sealed class RequestAccessView
{
    public required Dataset Dataset { get; init; }
    public required AccessOffer Offer { get; init; }
    public IReadOnlyList<Organization> Organizations { get; init; } = [];
    public string? AgreementVersion { get; init; }
    public string? AgreementText { get; init; }
    public DateTime? AgreementPublished { get; init; }
    public bool AgreementAccepted { get; init; }
    public Guid? OpenRequestId { get; init; }
    public Guid? ActiveGrantId { get; init; }
    public RequestForm Form { get; set; } = new();
    public FormErrors Errors { get; init; } = new();

    /// <summary>Whether a form is offered: not while the reader already has a request waiting for an answer.</summary>
    public bool ShowsForm => (Offer is AccessOffer.Unconditional or AccessOffer.Conditional or AccessOffer.PublicConditional) && OpenRequestId is null;

    public RequestKind Kind => Offer == AccessOffer.PublicConditional ? RequestKind.Opening : RequestKind.Sharing;

    internal static async Task<RequestAccessView> BuildAsync(Caller caller, Dataset dataset, CatalogDbContext catalog, SharingDbContext db,
        AgreementService agreements, TimeProvider time, CancellationToken ct)
    {
        var offer = OfferFor(caller, dataset);
        if (offer is not (AccessOffer.Unconditional or AccessOffer.Conditional or AccessOffer.PublicConditional))
        {
            return new RequestAccessView { Dataset = dataset, Offer = offer };
        }

        var me = caller.UserId;
        var mine = caller.Roles.Keys.ToList();
        var open = await db.Requests.AsNoTracking()
            .Where(r => r.DatasetId == dataset.Id && (r.State == RequestState.Submitted || r.State == RequestState.InfoRequested)
                && (r.RequesterUserId == me || (r.ConsumerOrganizationId != null && mine.Contains(r.ConsumerOrganizationId.Value))))
            .OrderByDescending(r => r.Submitted).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var grant = await db.Grants.AsNoTracking()
            .Where(g => g.DatasetId == dataset.Id && g.Revoked == null && g.ValidTo > now
                && (g.ConsumerUserId == me || (g.ConsumerOrganizationId != null && mine.Contains(g.ConsumerOrganizationId.Value))))
            .OrderByDescending(g => g.Created).Select(g => (Guid?)g.Id).FirstOrDefaultAsync(ct);
        var organizations = await catalog.Organizations.AsNoTracking().Where(o => mine.Contains(o.Id)).OrderBy(o => o.Slug).ToListAsync(ct);

        string? version = null, text = null;
        DateTime? published = null;
        var accepted = false;
        if (offer == AccessOffer.PublicConditional)
        {
            var current = await agreements.CurrentAsync(dataset, ct);
            (version, text, published) = (current.Version, current.Text, current.Published);
            accepted = await db.AgreementAcceptances.AsNoTracking()
                .AnyAsync(a => a.DatasetId == dataset.Id && a.UserId == me && a.Version == current.Version && a.TextSha256 == current.Sha256, ct);
        }

        return new RequestAccessView
        {
            Dataset = dataset,
            Offer = offer,
            Organizations = organizations,
            AgreementVersion = version,
            AgreementText = text,
            AgreementPublished = published,
            AgreementAccepted = accepted,
            OpenRequestId = open,
            ActiveGrantId = grant,
            Form = new RequestForm
            {
                ConsumerOrganizationId = organizations.FirstOrDefault()?.Id,
                Fields = [.. dataset.Fields.Select(f => f.Name)],
                AgreementVersion = version,
            },
        };
    }

    /// <summary>
    /// Which way to the data the page offers. The workflow decides when the request is made; this only keeps the page
    /// from offering a form that it knows will be refused, and says why not.
    /// </summary>
    public static AccessOffer OfferFor(Caller caller, Dataset dataset)
    {
        if (caller.IsMemberOf(dataset.OrganizationId))
        {
            return AccessOffer.Owner;
        }

        if (dataset.Opening == OpeningAttribute.Open)
        {
            return AccessOffer.Open;
        }

        if (dataset.SecurityGrade == SecurityGrade.Core)
        {
            return AccessOffer.Core;
        }

        if (!caller.IsAuthenticated)
        {
            return dataset.Sharing == SharingAttribute.NotShared && dataset.Opening == OpeningAttribute.Closed ? AccessOffer.NotShared : AccessOffer.SignIn;
        }

        if (caller.Roles.Count > 0)
        {
            return dataset.Sharing switch
            {
                SharingAttribute.Unconditional => AccessOffer.Unconditional,
                SharingAttribute.Conditional => AccessOffer.Conditional,
                _ => AccessOffer.NotShared,
            };
        }

        return dataset.Opening == OpeningAttribute.Conditional ? AccessOffer.PublicConditional
            : dataset.Sharing == SharingAttribute.NotShared ? AccessOffer.NotShared
            : AccessOffer.NotOpen;
    }
}
