using Agora.Privacy.Classification;
using Agora.Privacy.Detection;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Gate;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Privacy.Tests;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public void AddPrivacy_registers_the_services_and_keeps_an_existing_budget_store()
    {
        var services = new ServiceCollection();
        var store = new InMemoryPrivacyBudgetStore(5m);
        services.AddSingleton<IPrivacyBudgetStore>(store);
        services.AddPrivacy(o => o.DefaultEpsilonBudget = 2m);

        Assert.Contains(services, d => d.ServiceType == typeof(PiiScanner));
        Assert.Contains(services, d => d.ServiceType == typeof(ClassificationAssistant));
        Assert.Contains(services, d => d.ServiceType == typeof(PublishGate));
        Assert.Contains(services, d => d.ServiceType == typeof(PrivateQueries));
        var budget = Assert.Single(services, d => d.ServiceType == typeof(IPrivacyBudgetStore));
        Assert.Same(store, budget.ImplementationInstance);
    }
}
