using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Tests.DifferentialPrivacy;

public sealed class PrivateQueriesTests
{
    private static readonly BudgetKey Key = new("agency-a", "dataset-1");

    [Fact]
    public async Task Queries_spend_the_budget_and_are_refused_once_it_is_spent()
    {
        var store = new InMemoryPrivacyBudgetStore(defaultLimit: 1.0m);
        var queries = new PrivateQueries(store);
        var first = await queries.CountAsync(Key, 100, 0.5m);
        Assert.Equal(0.5m, first.EpsilonRemaining);
        await queries.CountAsync(Key, 100, 0.5m);
        var refused = await Assert.ThrowsAsync<PrivacyBudgetExhaustedException>(() => queries.CountAsync(Key, 100, 0.1m));
        Assert.Equal(0m, refused.Status.Remaining);
        Assert.Equal(2, (await store.LedgerAsync(Key)).Count);

        // Another consumer, or the same consumer on another dataset, has its own budget.
        await queries.CountAsync(Key with { Consumer = "agency-b" }, 100, 1m);
        await queries.CountAsync(Key with { Dataset = "dataset-2" }, 100, 1m);
    }

    [Fact]
    public async Task Concurrent_charges_never_overspend()
    {
        var store = new InMemoryPrivacyBudgetStore(0.5m);
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () => (await store.TryChargeAsync(Key, 0.01m, "count")).Accepted)));
        Assert.Equal(50, results.Count(r => r));
        Assert.Equal(0.5m, (await store.GetAsync(Key)).Spent);
    }

    [Fact]
    public async Task Noisy_answers_stay_near_the_truth()
    {
        var queries = new PrivateQueries(new InMemoryPrivacyBudgetStore(100m));
        var values = Enumerable.Range(1, 1000).Select(i => (decimal?)i).ToArray();
        var bounds = new NumericBounds(0, 1000, 1);

        var count = await queries.CountAsync(Key, 1000, 1m);
        Assert.InRange(count.Value, 1000 - 40, 1000 + 40);

        var sum = await queries.SumAsync(Key, values, bounds, 1m);
        Assert.InRange(sum.Value, 500_500 - 40_000, 500_500 + 40_000);

        var mean = await queries.MeanAsync(Key, values, bounds, 2m);
        Assert.InRange(mean.Value, 450, 550);

        var median = await queries.QuantileAsync(Key, values, 0.5m, bounds, 1m);
        Assert.InRange(median.Value, 400, 600);

        var histogram = await queries.HistogramAsync(Key, values.Select(v => v % 2 == 0 ? "even" : "odd"), ["even", "odd"], 1m);
        Assert.InRange(histogram.Value["even"], 500 - 40, 500 + 40);
        Assert.InRange(histogram.Value["(other)"], 0, 40);
    }

    [Fact]
    public async Task Values_are_clamped_to_the_declared_bounds()
    {
        var queries = new PrivateQueries(new InMemoryPrivacyBudgetStore(100m));
        decimal?[] values = [1_000_000m, 1_000_000m, null];
        var sum = await queries.SumAsync(Key, values, new NumericBounds(0, 10), 5m);
        Assert.InRange(sum.Value, 20 - 30, 20 + 30);
        var mean = await queries.MeanAsync(Key, values, new NumericBounds(0, 10), 5m);
        Assert.InRange(mean.Value, 0, 10);
    }

    [Fact]
    public async Task Bad_parameters_are_usage_errors()
    {
        var queries = new PrivateQueries(new InMemoryPrivacyBudgetStore());
        await Assert.ThrowsAsync<PrivacyInputException>(() => queries.CountAsync(Key, 1, 0m));
        await Assert.ThrowsAsync<PrivacyInputException>(() => queries.SumAsync(Key, [], new NumericBounds(10, 0), 0.1m));
    }
}
