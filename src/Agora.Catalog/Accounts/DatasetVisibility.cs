using Agora.Catalog.Model;

namespace Agora.Catalog.Accounts;

public static class DatasetVisibility
{
    /// <summary>The same rule as <see cref="Caller.CanSee"/>, as a query the store runs.</summary>
    public static IQueryable<Dataset> VisibleTo(this IQueryable<Dataset> datasets, Caller caller)
    {
        if (caller.IsBureau)
        {
            return datasets;
        }

        var own = caller.Roles.Keys.ToList();
        if (caller.IsGovernment)
        {
            return datasets.Where(d => d.SecurityGrade != SecurityGrade.Core || own.Contains(d.OrganizationId));
        }

        return datasets.Where(d => d.Opening == OpeningAttribute.Open || d.Opening == OpeningAttribute.Conditional || own.Contains(d.OrganizationId));
    }
}
