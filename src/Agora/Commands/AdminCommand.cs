using System.CommandLine;
using Agora.Catalog.Accounts;

namespace Agora.Commands;

internal static class AdminCommand
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The administrator's e-mail (their login)", Required = true };
        var password = new Option<string>("--password") { Description = $"At least {Passwords.MinimumLength} characters", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var create = new Command("create", "Create a platform administrator") { email, password, name };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var services = await CommonOptions.ServicesAsync(result, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            try
            {
                var user = await accounts.CreateUserAsync(result.GetValue(email), result.GetValue(password), result.GetValue(name),
                    platformAdmin: true, bureau: false, cancellationToken);
                Console.WriteLine($"created platform administrator {user.Email} ({user.Id})");
                return ExitCodes.Ok;
            }
            catch (AccountException e)
            {
                return e.IsConflict ? CommonOptions.Fail(e.Message) : CommonOptions.Usage($"--{e.Field}: {e.Message}");
            }
        });
        return new Command("admin", "Manage platform administrators") { create };
    }
}
