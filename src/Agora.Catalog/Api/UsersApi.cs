using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Api;

public static class UsersApi
{
    public static void MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users").WithTags("Users");
        group.MapGet("/", List).WithName("ListUsers").WithSummary("Lists accounts (platform administrators).");
        group.MapGet("/me", Me).WithName("GetCurrentUser").WithSummary("The signed-in account and its roles.");
        group.MapGet("/{id:guid}", Get).WithName("GetUser").WithSummary("Gets an account (itself or as platform administrator).");
        group.MapPost("/", Create).WithName("CreateUser").WithSummary("Creates an account (platform administrators).");
        group.MapPut("/{id:guid}", Update).WithName("UpdateUser").WithSummary("Changes an account's name, password or flags.");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteUser").WithSummary("Removes an account (platform administrators).");
    }

    internal static async Task<Results<Ok<Page<UserDto>>, ProblemHttpResult>> List(
        string? q, int? limit, int? offset, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (!caller.IsPlatformAdmin)
        {
            return Problems.Forbidden("only platform administrators may list accounts");
        }

        if (Paging.CheckLimit(limit) is { } limitProblem)
        {
            return Problems.Validation("limit", limitProblem);
        }

        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLowerInvariant();
            users = users.Where(u => u.Email.Contains(term) || (u.DisplayName != null && u.DisplayName.Contains(q.Trim())));
        }

        var total = await users.CountAsync(http.RequestAborted);
        var take = limit ?? Paging.DefaultLimit;
        var skip = Math.Max(0, offset ?? 0);
        var page = await users.OrderBy(u => u.Email).Skip(skip).Take(take).ToListAsync(http.RequestAborted);
        var items = new List<UserDto>();
        foreach (var user in page)
        {
            items.Add(await ToDtoAsync(db, user, http.RequestAborted));
        }

        var next = skip + items.Count < total ? $"/api/v1/users?offset={skip + items.Count}&limit={take}" : null;
        return TypedResults.Ok(new Page<UserDto>(items, total, next));
    }

    internal static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Me(CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (caller.UserId is not { } id)
        {
            return Problems.Unauthorized();
        }

        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, http.RequestAborted);
        return TypedResults.Ok(await ToDtoAsync(db, user, http.RequestAborted));
    }

    internal static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Get(Guid id, CatalogDbContext db, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (caller.UserId != id && !caller.IsPlatformAdmin)
        {
            return Problems.Forbidden("an account can read only itself, unless it is a platform administrator");
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        return user is null ? Problems.NotFound($"user {id}") : TypedResults.Ok(await ToDtoAsync(db, user, http.RequestAborted));
    }

    internal static async Task<Results<Created<UserDto>, ProblemHttpResult>> Create(
        UserInput input, CatalogDbContext db, AccountService accounts, CallerAccessor callers, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (!caller.CanAdminister)
        {
            return Problems.Forbidden("only platform administrators, with a token of scope admin, may create accounts");
        }

        try
        {
            var user = await accounts.CreateUserAsync(input.Email, input.Password, input.DisplayName,
                input.IsPlatformAdmin ?? false, input.IsBureau ?? false, http.RequestAborted);
            return TypedResults.Created($"/api/v1/users/{user.Id}", await ToDtoAsync(db, user, http.RequestAborted));
        }
        catch (AccountException e)
        {
            return e.IsConflict ? Problems.Conflict(e.Field, e.Message) : Problems.Validation(e.Field, e.Message);
        }
    }

    internal static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Update(
        Guid id, UserInput input, CatalogDbContext db, CallerAccessor callers, IAccountEventSink events, CallerCache cache, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var self = caller.UserId == id;
        if ((!self || !caller.CanWrite) && !caller.CanAdminister)
        {
            return Problems.Forbidden("an account can change only itself, unless it is a platform administrator");
        }

        if (!caller.CanAdminister && (input.IsPlatformAdmin is not null || input.IsBureau is not null || input.Disabled is not null))
        {
            return Problems.Forbidden("only platform administrators may change administrator, bureau or disabled flags");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        if (user is null)
        {
            return Problems.NotFound($"user {id}");
        }

        var errors = new Validation.Errors();
        var name = errors.Line("displayName", input.DisplayName, 100, false);
        if (input.Password is not null && Passwords.Validate(input.Password) is { } weak)
        {
            errors.Add("password", weak);
        }

        if (input.Email is not null && !string.Equals(input.Email.Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("email", "cannot be changed; create a new account instead");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (input.DisplayName is not null)
        {
            user.DisplayName = name;
        }

        if (input.Password is not null)
        {
            user.PasswordHash = Passwords.Hash(user, input.Password);
        }

        var changes = new List<string>();
        if (input.Password is not null)
        {
            changes.Add("password");
        }

        if (input.IsPlatformAdmin is { } admin && admin != user.IsPlatformAdmin)
        {
            changes.Add(admin ? "+platformAdmin" : "-platformAdmin");
        }

        if (input.IsBureau is { } bureau && bureau != user.IsBureau)
        {
            changes.Add(bureau ? "+bureau" : "-bureau");
        }

        if (input.Disabled is { } disabled && disabled != user.Disabled)
        {
            changes.Add(disabled ? "disabled" : "enabled");
        }

        user.IsPlatformAdmin = input.IsPlatformAdmin ?? user.IsPlatformAdmin;
        user.IsBureau = input.IsBureau ?? user.IsBureau;
        user.Disabled = input.Disabled ?? user.Disabled;
        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        if (changes.Count > 0)
        {
            var roleChanged = changes.Any(c => c.EndsWith("platformAdmin", StringComparison.Ordinal) || c.EndsWith("bureau", StringComparison.Ordinal));
            await events.RecordAsync(new AccountEvent
            {
                Action = roleChanged ? AccountActions.RoleChange : AccountActions.UserUpdate,
                SubjectUserId = user.Id,
                Detail = string.Join(", ", changes),
            }, http.RequestAborted);
        }

        return TypedResults.Ok(await ToDtoAsync(db, user, http.RequestAborted));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CatalogDbContext db, CallerAccessor callers, IAccountEventSink events, CallerCache cache, HttpContext http)
    {
        var caller = await callers.GetAsync(http);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (!caller.CanAdminister)
        {
            return Problems.Forbidden("only platform administrators may remove accounts");
        }

        if (caller.UserId == id)
        {
            return Problems.Validation("id", "an administrator cannot remove their own account");
        }

        var removed = await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync(http.RequestAborted);
        cache.Invalidate();
        if (removed == 0)
        {
            return Problems.NotFound($"user {id}");
        }

        await events.RecordAsync(new AccountEvent { Action = AccountActions.UserDelete, SubjectUserId = id }, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<UserDto> ToDtoAsync(CatalogDbContext db, User user, CancellationToken ct)
    {
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id)
            .Select(m => new MembershipDto(m.OrganizationId, m.Role)).ToListAsync(ct);
        return new UserDto(user.Id, user.Email, user.DisplayName, user.IsPlatformAdmin, user.IsBureau, user.Disabled, memberships, user.Created, user.LastLogin);
    }
}
