using System.CommandLine;
using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Commands;

internal static class TokenCommand
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "E-mail of the account the token acts for", Required = true };
        var name = new Option<string>("--name") { Description = "A name to tell the token apart", DefaultValueFactory = _ => "cli" };
        var expires = new Option<string>("--expires") { Description = "Lifetime such as 30d, 12h or never", DefaultValueFactory = _ => "30d" };
        var scope = new Option<string>("--scope") { Description = "read, write or admin", DefaultValueFactory = _ => "read" };
        scope.AcceptOnlyFromAmong("read", "write", "admin");
        var create = new Command("create", "Create an API token and print it alone on stdout (only its hash is stored)") { user, name, expires, scope };
        create.SetAction(async (result, cancellationToken) =>
        {
            if (!Tokens.TryParseLifetime(result.GetValue(expires), out var lifetime))
            {
                return CommonOptions.Usage("--expires: must be a lifetime such as 30d, 12h or never");
            }

            await using var services = await CommonOptions.ServicesAsync(result, cancellationToken);
            await using var serviceScope = services.CreateAsyncScope();
            var db = serviceScope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var email = result.GetValue(user)!.Trim().ToLowerInvariant();
            var account = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
            if (account is null)
            {
                return CommonOptions.Fail($"no account with e-mail {email}");
            }

            var tokenScope = Enum.Parse<TokenScope>(result.GetValue(scope)!, ignoreCase: true);
            var accounts = serviceScope.ServiceProvider.GetRequiredService<AccountService>();
            try
            {
                var (_, secret) = await accounts.CreateTokenAsync(account.Id, result.GetValue(name), tokenScope, lifetime, cancellationToken);
                Console.WriteLine(secret);
                return ExitCodes.Ok;
            }
            catch (AccountException e)
            {
                return CommonOptions.Usage($"--{e.Field}: {e.Message}");
            }
        });
        return new Command("token", "Manage API tokens") { create };
    }
}
