using Agora.Privacy.Anonymization;
using Agora.Privacy.Classification;
using Agora.Privacy.Detection;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Gate;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agora.Privacy;

/// <summary>Settings of the privacy capability.</summary>
public sealed class PrivacyOptions
{
    /// <summary>A classification rules file replacing the embedded default; null keeps the default.</summary>
    public string? ClassificationRulesPath { get; set; }

    /// <summary>ε each consumer gets per dataset until a steward sets another limit.</summary>
    public decimal DefaultEpsilonBudget { get; set; } = 1.0m;
}

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the scanner, classification assistant, anonymizer, publish gate and differentially private queries.
    /// The budget store is the in-memory one unless an <see cref="IPrivacyBudgetStore"/> was registered before.
    /// </summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, Action<PrivacyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new PrivacyOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<PiiScanner>();
        services.TryAddSingleton(_ => options.ClassificationRulesPath is null ? ClassificationRules.Default : ClassificationRules.LoadFile(options.ClassificationRulesPath));
        services.TryAddSingleton(sp => new ClassificationAssistant(sp.GetRequiredService<ClassificationRules>()));
        services.TryAddSingleton<Anonymizer>();
        services.TryAddSingleton<PublishGate>();
        services.TryAddSingleton<IPrivacyBudgetStore>(_ => new InMemoryPrivacyBudgetStore(options.DefaultEpsilonBudget));
        services.TryAddSingleton(sp => new PrivateQueries(sp.GetRequiredService<IPrivacyBudgetStore>()));
        return services;
    }
}
