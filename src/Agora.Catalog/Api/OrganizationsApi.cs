using System.Text.Json;
using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

// string.Compare in these queries is translated to SQL comparisons by EF Core; it never runs in .NET.
#pragma warning disable CA1309

namespace Agora.Catalog.Api;

public static class OrganizationsApi
{
    public static void MapOrganizationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/organizations").WithTags("Organizations");
        group.MapGet("/", List).WithName("ListOrganizations").WithSummary("Lists organizations.");
        group.MapGet("/{id}", Get).WithName("GetOrganization").WithSummary("Gets an organization by id or slug.");
        group.MapPost("/", Create).WithName("CreateOrganization").WithSummary("Registers an organization (platform administrators).");
        group.MapPut("/{id}", Update).WithName("UpdateOrganization").WithSummary("Replaces an organization's details.");
        group.MapDelete("/{id}", Delete).WithName("DeleteOrganization").WithSummary("Removes an organization without datasets or children.");
        group.MapGet("/{id}/members", Members).WithName("ListMembers").WithSummary("Lists an organization's members and their roles.");
        group.MapPut("/{id}/members", SetMember).WithName("SetMember").WithSummary("Adds a member or changes their role.");
        group.MapDelete("/{id}/members/{userId:guid}", RemoveMember).WithName("RemoveMember").WithSummary("Removes a member.");
    }

    public sealed record ListQuery
    {
        public string? Level { get; init; }

        public string? RegionCode { get; init; }

        public Guid? ParentId { get; init; }

        public string? Q { get; init; }

        public int? Limit { get; init; }

        public string? Cursor { get; init; }
    }

    public sealed record MemberDto(Guid UserId, string Email, string? DisplayName, OrganizationRole Role);

    internal static async Task<Results<Ok<Page<OrganizationDto>>, ProblemHttpResult>> List(
        [AsParameters] ListQuery query, CatalogDbContext db, HttpContext http)
    {
        if (Paging.CheckLimit(query.Limit) is { } limitProblem)
        {
            return Problems.Validation("limit", limitProblem);
        }

        Cursor? cursor;
        try
        {
            cursor = Cursor.Decode(query.Cursor, "slug");
        }
        catch (FormatException e)
        {
            return Problems.Validation("cursor", e.Message);
        }

        if (!QueryEnums.TryParse<OrganizationLevel>(query.Level, "level", out var levelFilter, out var problem))
        {
            return problem!;
        }

        var organizations = db.Organizations.AsNoTracking();
        if (levelFilter is { } level)
        {
            organizations = organizations.Where(o => o.Level == level);
        }

        if (!string.IsNullOrEmpty(query.RegionCode))
        {
            // A province's code (110000) or a prefecture's (110100) covers the areas below it.
            var prefix = query.RegionCode.TrimEnd('0');
            organizations = organizations.Where(o => o.RegionCode.StartsWith(prefix));
        }

        if (query.ParentId is { } parent)
        {
            organizations = organizations.Where(o => o.ParentId == parent);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            organizations = organizations.Where(o => o.NameZh.Contains(q) || (o.NameEn != null && o.NameEn.Contains(q)) || o.Slug.Contains(q));
        }

        var total = await organizations.CountAsync(http.RequestAborted);
        if (cursor is not null)
        {
            organizations = organizations.Where(o => string.Compare(o.Slug, cursor.Key) > 0);
        }

        var limit = query.Limit ?? Paging.DefaultLimit;
        var items = await organizations.OrderBy(o => o.Slug).Take(limit + 1).ToListAsync(http.RequestAborted);
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = new Cursor("slug", "", items[^1].Slug).Encode();
        }

        return TypedResults.Ok(new Page<OrganizationDto>(items.Select(o => o.ToDto()).ToList(), total, next));
    }

    internal static async Task<Results<Ok<OrganizationDto>, ProblemHttpResult>> Get(string id, CatalogDbContext db, HttpContext http)
    {
        var organization = await FindAsync(db, id, http.RequestAborted);
        return organization is null ? Problems.NotFound($"organization '{id}'") : TypedResults.Ok(organization.ToDto());
    }

    internal static async Task<Results<Created<OrganizationDto>, ProblemHttpResult>> Create(
        OrganizationInput input, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (!caller.CanAdminister)
        {
            return Problems.Forbidden("only platform administrators, with a token of scope admin, may register organizations");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var organization = new Organization { Id = Guid.CreateVersion7(), Slug = "", NameZh = "", CreditCode = "", RegionCode = "", Created = now, Modified = now };
        if (await ApplyAsync(input, organization, db, http.RequestAborted) is { } problem)
        {
            return problem;
        }

        db.Organizations.Add(organization);
        if (await DatasetsApi.SaveUniqueAsync(db, http.RequestAborted) is { } conflict)
        {
            return Problems.Conflict("slug", conflict);
        }

        await events.OrganizationChangedAsync(organization.Id, http.RequestAborted);
        return TypedResults.Created($"/api/v1/organizations/{organization.Id}", organization.ToDto());
    }

    internal static async Task<Results<Ok<OrganizationDto>, ProblemHttpResult>> Update(
        string id, OrganizationInput input, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, TimeProvider time, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var organization = await FindAsync(db, id, http.RequestAborted, tracked: true);
        if (organization is null)
        {
            return Problems.NotFound($"organization '{id}'");
        }

        if (!caller.CanManageOrganization(organization.Id))
        {
            return Problems.Forbidden("only the organization's admins and platform administrators may change it");
        }

        if (await ApplyAsync(input, organization, db, http.RequestAborted) is { } problem)
        {
            db.ChangeTracker.Clear();
            return problem;
        }

        organization.Modified = time.GetUtcNow().UtcDateTime;
        if (await DatasetsApi.SaveUniqueAsync(db, http.RequestAborted) is { } conflict)
        {
            return Problems.Conflict("slug", conflict);
        }

        await events.OrganizationChangedAsync(organization.Id, http.RequestAborted);
        return TypedResults.Ok(organization.ToDto());
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, CatalogDbContext db, CallerAccessor callers, CatalogEvents events, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (!caller.CanAdminister)
        {
            return Problems.Forbidden("only platform administrators, with a token of scope admin, may remove organizations");
        }

        var organization = await FindAsync(db, id, http.RequestAborted, tracked: true);
        if (organization is null)
        {
            return Problems.NotFound($"organization '{id}'");
        }

        if (await db.Datasets.AnyAsync(d => d.OrganizationId == organization.Id, http.RequestAborted))
        {
            return Problems.Conflict("id", "the organization still has datasets; remove or hand them over first");
        }

        if (await db.Organizations.AnyAsync(o => o.ParentId == organization.Id, http.RequestAborted))
        {
            return Problems.Conflict("id", "the organization still has child organizations");
        }

        db.Organizations.Remove(organization);
        await db.SaveChangesAsync(http.RequestAborted);
        await events.OrganizationChangedAsync(organization.Id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<Page<MemberDto>>, ProblemHttpResult>> Members(
        string id, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var organization = await FindAsync(db, id, http.RequestAborted);
        if (organization is null)
        {
            return Problems.NotFound($"organization '{id}'");
        }

        if (!caller.IsMemberOf(organization.Id) && !caller.IsPlatformAdmin && !caller.IsBureau)
        {
            return Problems.Forbidden("only members of the organization, the bureau and platform administrators may list its members");
        }

        var members = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organization.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberDto(u.Id, u.Email, u.DisplayName, m.Role))
            .OrderBy(m => m.Email).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(new Page<MemberDto>(members, members.Count, null));
    }

    internal static async Task<Results<Ok<MemberDto>, ProblemHttpResult>> SetMember(
        string id, MemberInput input, CatalogDbContext db, CallerAccessor callers, TimeProvider time, IAccountEventSink events, CallerCache cache, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var organization = await FindAsync(db, id, http.RequestAborted);
        if (organization is null)
        {
            return Problems.NotFound($"organization '{id}'");
        }

        if (!caller.CanManageOrganization(organization.Id))
        {
            return Problems.Forbidden("only the organization's admins and platform administrators may manage its members");
        }

        if (input.Role is null)
        {
            return Problems.Validation("role", "is required (member, editor or admin)");
        }

        var email = input.Email?.Trim().ToLowerInvariant();
        var user = input.UserId is { } userId
            ? await db.Users.FirstOrDefaultAsync(u => u.Id == userId, http.RequestAborted)
            : email is not null ? await db.Users.FirstOrDefaultAsync(u => u.Email == email, http.RequestAborted) : null;
        if (user is null)
        {
            return Problems.Validation(input.UserId is null ? "email" : "userId", "no such user; create the account first");
        }

        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == user.Id && m.OrganizationId == organization.Id, http.RequestAborted);
        if (membership is null)
        {
            db.Memberships.Add(membership = new Membership
            {
                Id = Guid.CreateVersion7(),
                UserId = user.Id,
                OrganizationId = organization.Id,
                Created = time.GetUtcNow().UtcDateTime,
            });
        }

        var before = db.Entry(membership).State == EntityState.Added ? null : (OrganizationRole?)membership.Role;
        membership.Role = input.Role.Value;
        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        if (before != membership.Role)
        {
            await events.RecordAsync(new AccountEvent
            {
                Action = AccountActions.RoleChange,
                SubjectUserId = user.Id,
                OrganizationId = organization.Id,
                Role = JsonNamingPolicy.CamelCase.ConvertName(membership.Role.ToString()),
                Detail = before is null ? "membership added" : $"was {JsonNamingPolicy.CamelCase.ConvertName(before.Value.ToString())}",
            }, http.RequestAborted);
        }

        return TypedResults.Ok(new MemberDto(user.Id, user.Email, user.DisplayName, membership.Role));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        string id, Guid userId, CatalogDbContext db, CallerAccessor callers, IAccountEventSink events, CallerCache cache, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var organization = await FindAsync(db, id, http.RequestAborted);
        if (organization is null)
        {
            return Problems.NotFound($"organization '{id}'");
        }

        if (!caller.CanManageOrganization(organization.Id))
        {
            return Problems.Forbidden("only the organization's admins and platform administrators may manage its members");
        }

        var removed = await db.Memberships.Where(m => m.UserId == userId && m.OrganizationId == organization.Id)
            .ExecuteDeleteAsync(http.RequestAborted);
        cache.Invalidate();
        if (removed == 0)
        {
            return Problems.NotFound($"member {userId}");
        }

        await events.RecordAsync(new AccountEvent
        {
            Action = AccountActions.RoleChange,
            SubjectUserId = userId,
            OrganizationId = organization.Id,
            Detail = "membership removed",
        }, http.RequestAborted);
        return TypedResults.NoContent();
    }

    public static Task<Organization?> FindAsync(CatalogDbContext db, string id, CancellationToken cancellationToken, bool tracked = false)
    {
        var organizations = tracked ? db.Organizations : db.Organizations.AsNoTracking();
        return Guid.TryParse(id, out var guid)
            ? organizations.FirstOrDefaultAsync(o => o.Id == guid, cancellationToken)
            : organizations.FirstOrDefaultAsync(o => o.Slug == id, cancellationToken);
    }

    private static async Task<ProblemHttpResult?> ApplyAsync(OrganizationInput input, Organization organization, CatalogDbContext db, CancellationToken ct)
    {
        var errors = InputValidation.Apply(input, organization);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (organization.ParentId is { } parent && !await db.Organizations.AnyAsync(o => o.Id == parent, ct))
        {
            return Problems.Validation("parentId", $"organization {parent} does not exist");
        }

        if (await db.Organizations.AnyAsync(o => o.Slug == organization.Slug && o.Id != organization.Id, ct))
        {
            return Problems.Conflict("slug", $"an organization with slug '{organization.Slug}' already exists");
        }

        if (await db.Organizations.AnyAsync(o => o.CreditCode == organization.CreditCode && o.Id != organization.Id, ct))
        {
            return Problems.Conflict("creditCode", $"an organization with credit code {organization.CreditCode} already exists");
        }

        return null;
    }
}
