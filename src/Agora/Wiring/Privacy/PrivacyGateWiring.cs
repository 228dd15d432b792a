using Agora.Catalog.Privacy;
using Agora.Catalog.Storage;
using Agora.Privacy;
using Agora.Privacy.DifferentialPrivacy;
using Microsoft.Extensions.Options;

namespace Agora.Wiring.Privacy;

/// <summary>
/// Puts the privacy library to work in the platform: scans of datasets' tables, the publish gate on every write that
/// makes a dataset open, and differentially private queries with budgets kept in the metadata store.
/// </summary>
public static class PrivacyGateWiring
{
    public static IServiceCollection AddAgoraPrivacyGate(this IServiceCollection services)
    {
        services.AddOptions<PrivacyGateOptions>().BindConfiguration("Agora:Privacy").Validate(
            o => o.MaxProsecutorRisk is > 0 and <= 1 && o.ScanSampleRows > 0 && o.EpsilonBudget >= 0,
            "Agora:Privacy: MaxProsecutorRisk must be in (0, 1], ScanSampleRows positive and EpsilonBudget not negative");
        services.AddSingleton<IPrivacyBudgetStore>(sp => new DatabaseBudgetStore(
            sp.GetRequiredService<Func<CatalogDbContext>>(), sp.GetRequiredService<IOptions<PrivacyGateOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddPrivacy();

        // The rules file is read when first needed, after configuration is bound.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PrivacyGateOptions>>().Value.ClassificationRulesPath is { } path
            ? Agora.Privacy.Classification.ClassificationRules.LoadFile(path)
            : Agora.Privacy.Classification.ClassificationRules.Default);
        services.AddScoped<PrivacyAssessor>();
        services.AddScoped<IPublishGate, CatalogPublishGate>();
        return services;
    }

    public static IEndpointRouteBuilder MapPrivacyGateApi(this IEndpointRouteBuilder routes)
    {
        routes.MapDatasetPrivacyApi();
        routes.MapDifferentialPrivacyApi();
        return routes;
    }
}
