using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Tests.DifferentialPrivacy;

/// <summary>Statistical sanity of the exact samplers, with bounds wide enough (≥ 5 standard errors) never to fail by chance in practice.</summary>
public sealed class SamplerTests
{
    private readonly ExactSampler _sampler = new();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(1, 10)]
    public void Bernoulli_exp_has_probability_exp_minus_gamma(int numerator, int denominator)
    {
        const int n = 10_000;
        var hits = Enumerable.Range(0, n).Count(_ => _sampler.BernoulliExp(numerator, denominator));
        var p = Math.Exp(-(double)numerator / denominator);
        Assert.InRange(hits / (double)n, p - (5 * Math.Sqrt(p * (1 - p) / n)), p + (5 * Math.Sqrt(p * (1 - p) / n)));
    }

    [Fact]
    public void Discrete_laplace_matches_its_distribution()
    {
        const int n = 10_000;
        const double scale = 2; // t / s
        var samples = Enumerable.Range(0, n).Select(_ => (long)_sampler.DiscreteLaplace(1, 2)).ToArray();
        var q = Math.Exp(-1 / scale);
        var p0 = (1 - q) / (1 + q);
        var variance = 2 * q / ((1 - q) * (1 - q));
        var zeroShare = samples.Count(x => x == 0) / (double)n;
        Assert.InRange(zeroShare, p0 - 0.025, p0 + 0.025);
        Assert.InRange(samples.Average(), -5 * Math.Sqrt(variance / n), 5 * Math.Sqrt(variance / n));
        var empiricalVariance = samples.Select(x => (double)x * x).Average();
        Assert.InRange(empiricalVariance, variance * 0.85, variance * 1.15);
        var plusOne = samples.Count(x => x == 1) / (double)n;
        var minusOne = samples.Count(x => x == -1) / (double)n;
        Assert.InRange(plusOne - minusOne, -0.03, 0.03);
        Assert.InRange(plusOne, (p0 * q) - 0.025, (p0 * q) + 0.025);
    }

    [Fact]
    public void Discrete_laplace_scale_follows_epsilon()
    {
        // ε = 0.5 with sensitivity 1: scale 2, so about 24.5% zeros; ε = 2: scale 0.5, about 76% zeros.
        const int n = 5_000;
        var wide = Enumerable.Range(0, n).Count(_ => _sampler.DiscreteLaplace(1, 2).IsZero) / (double)n;
        var narrow = Enumerable.Range(0, n).Count(_ => _sampler.DiscreteLaplace(2, 1).IsZero) / (double)n;
        Assert.InRange(wide, 0.245 - 0.03, 0.245 + 0.03);
        Assert.InRange(narrow, 0.762 - 0.03, 0.762 + 0.03);
    }

    [Fact]
    public void Discrete_gaussian_has_mean_zero_and_variance_close_to_sigma_squared()
    {
        const int n = 5_000;
        var samples = Enumerable.Range(0, n).Select(_ => (long)_sampler.DiscreteGaussian(4, 1)).ToArray();
        Assert.InRange(samples.Average(), -0.15, 0.15);
        Assert.InRange(samples.Select(x => (double)x * x).Average(), 4 * 0.85, 4 * 1.15);
    }

    [Fact]
    public void Decimals_become_exact_fractions()
    {
        Assert.Equal((1, 10), ((int, int))ToInts(PrivateQueries.Rational(0.1m)));
        Assert.Equal((5, 4), ((int, int))ToInts(PrivateQueries.Rational(1.25m)));

        static (int, int) ToInts((System.Numerics.BigInteger N, System.Numerics.BigInteger D) r) => ((int)r.N, (int)r.D);
    }
}
