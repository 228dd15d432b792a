using Agora.Catalog.Accounts;

namespace Agora.Search.Catalog;

public static class CallerVisibility
{
    /// <summary>The catalog's metadata rule (<see cref="Caller.CanSee"/>) as the index applies it.</summary>
    public static SearchVisibility For(Caller caller) =>
        caller.IsBureau ? SearchVisibility.Bureau
        : caller.IsGovernment ? SearchVisibility.Government(caller.Roles.Keys)
        : SearchVisibility.Public;
}
