using System.Globalization;
using System.Numerics;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>Declared bounds of a numeric column: values are clamped to [Lower, Upper] and rounded to multiples of Granularity.</summary>
public sealed record NumericBounds(decimal Lower, decimal Upper, decimal Granularity = 1m);

/// <summary>A noisy answer and what it cost.</summary>
public sealed record DpResult<T>(T Value, decimal EpsilonSpent, decimal EpsilonRemaining, string Mechanism, decimal NoiseScale, string Guarantee);

/// <summary>
/// Count, sum, mean, histogram and quantile with ε-differential privacy (add/remove one record, each person
/// contributing one record), using exactly sampled discrete Laplace noise and the exponential mechanism, charging the
/// consumer's budget before answering and refusing once it is spent.
/// </summary>
public sealed class PrivateQueries(IPrivacyBudgetStore budget, IRandomBits? random = null)
{
    private const int MaxQuantileCandidates = 100_000;
    private readonly ExactSampler _sampler = new(random);

    public async Task<DpResult<long>> CountAsync(BudgetKey key, long trueCount, decimal epsilon, CancellationToken cancellationToken = default)
    {
        var remaining = await ChargeAsync(key, epsilon, "count", cancellationToken).ConfigureAwait(false);
        var noisy = trueCount + (long)Laplace(1, epsilon);
        return new DpResult<long>(Math.Max(0, noisy), epsilon, remaining, "discrete Laplace", 1 / epsilon, Guarantee(epsilon));
    }

    public async Task<DpResult<decimal>> SumAsync(BudgetKey key, IEnumerable<decimal?> values, NumericBounds bounds, decimal epsilon, CancellationToken cancellationToken = default)
    {
        Check(bounds);
        var remaining = await ChargeAsync(key, epsilon, "sum", cancellationToken).ConfigureAwait(false);
        var (units, _) = ClampedUnits(values, bounds);
        var sensitivity = Sensitivity(bounds);
        var noisy = units + Laplace(sensitivity, epsilon);
        return new DpResult<decimal>((decimal)noisy * bounds.Granularity, epsilon, remaining, "discrete Laplace", (decimal)sensitivity * bounds.Granularity / epsilon, Guarantee(epsilon));
    }

    /// <summary>Half of ε for a noisy sum, half for a noisy count; the ratio is clamped to the bounds.</summary>
    public async Task<DpResult<decimal>> MeanAsync(BudgetKey key, IEnumerable<decimal?> values, NumericBounds bounds, decimal epsilon, CancellationToken cancellationToken = default)
    {
        Check(bounds);
        var remaining = await ChargeAsync(key, epsilon, "mean", cancellationToken).ConfigureAwait(false);
        var half = epsilon / 2;
        var (units, count) = ClampedUnits(values, bounds);
        var sensitivity = Sensitivity(bounds);
        var noisySum = (decimal)(units + Laplace(sensitivity, half)) * bounds.Granularity;
        var noisyCount = Math.Max(1m, (decimal)(count + Laplace(1, half)));
        var mean = Math.Clamp(noisySum / noisyCount, bounds.Lower, bounds.Upper);
        return new DpResult<decimal>(mean, epsilon, remaining, "discrete Laplace (sum and count, ε/2 each)", (decimal)sensitivity * bounds.Granularity / half, Guarantee(epsilon));
    }

    /// <summary>
    /// Noisy counts of declared categories (the category list must be public, not taken from the data); values outside
    /// it are counted under "(other)". One record changes one count by one, so ε covers the whole histogram.
    /// </summary>
    public async Task<DpResult<IReadOnlyDictionary<string, long>>> HistogramAsync(BudgetKey key, IEnumerable<string?> values, IReadOnlyList<string> categories, decimal epsilon, CancellationToken cancellationToken = default)
    {
        if (categories.Count == 0)
        {
            throw PrivacyInputException.Usage("A histogram needs its categories declared in advance.");
        }

        var remaining = await ChargeAsync(key, epsilon, "histogram", cancellationToken).ConfigureAwait(false);
        const string other = "(other)";
        var counts = categories.Distinct(StringComparer.Ordinal).ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
        counts[other] = 0;
        foreach (var value in values)
        {
            var v = value ?? string.Empty;
            counts[counts.ContainsKey(v) ? v : other]++;
        }

        var noisy = counts.ToDictionary(p => p.Key, p => Math.Max(0, p.Value + (long)Laplace(1, epsilon)), StringComparer.Ordinal);
        return new DpResult<IReadOnlyDictionary<string, long>>(noisy, epsilon, remaining, "discrete Laplace per bin", 1 / epsilon, Guarantee(epsilon));
    }

    /// <summary>
    /// A quantile by the exponential mechanism over the grid Lower, Lower + Granularity, …, Upper with utility
    /// −|#{values &lt; c} − q·n| (sensitivity 1), sampled exactly by rejection with Bernoulli(exp(−γ)) trials.
    /// </summary>
    public async Task<DpResult<decimal>> QuantileAsync(BudgetKey key, IEnumerable<decimal?> values, decimal quantile, NumericBounds bounds, decimal epsilon, CancellationToken cancellationToken = default)
    {
        Check(bounds);
        if (quantile is < 0 or > 1)
        {
            throw PrivacyInputException.Usage($"The quantile must be between 0 and 1, not {quantile}.");
        }

        var candidates = (long)Math.Floor((bounds.Upper - bounds.Lower) / bounds.Granularity) + 1;
        if (candidates > MaxQuantileCandidates)
        {
            throw PrivacyInputException.Usage($"Bounds and granularity give {candidates:N0} candidate values; at most {MaxQuantileCandidates:N0} are allowed. Use a coarser granularity.");
        }

        var remaining = await ChargeAsync(key, epsilon, $"quantile {quantile.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
        var sorted = values.Where(v => v.HasValue).Select(v => Math.Clamp(v!.Value, bounds.Lower, bounds.Upper)).Order().ToArray();
        var n = sorted.Length;
        var (qn, qd) = Rational(quantile);
        var distance = new BigInteger[candidates];
        var below = 0;
        var best = BigInteger.MinusOne;
        for (var i = 0L; i < candidates; i++)
        {
            var c = bounds.Lower + (i * bounds.Granularity);
            while (below < n && sorted[below] < c)
            {
                below++;
            }

            // |#{v < c}·qd − qn·n|, i.e. qd times the utility's absolute value.
            distance[i] = BigInteger.Abs(((BigInteger)below * qd) - (qn * n));
            if (best.Sign < 0 || distance[i] < best)
            {
                best = distance[i];
            }
        }

        // Accept candidate i with probability exp(−ε·(u_max − u_i)/2) = exp(−ε·(d_i − d_min)/(2·qd)).
        var (en, ed) = Rational(epsilon);
        while (true)
        {
            var i = (long)CryptoPick(candidates);
            if (_sampler.BernoulliExp(en * (distance[i] - best), ed * qd * 2))
            {
                return new DpResult<decimal>(bounds.Lower + (i * bounds.Granularity), epsilon, remaining, "exponential mechanism (exact rejection sampling)", 2 / epsilon, Guarantee(epsilon));
            }
        }
    }

    private BigInteger CryptoPick(long candidates) => (random ?? CryptoRandomBits.Shared).Below(candidates);

    private async Task<decimal> ChargeAsync(BudgetKey key, decimal epsilon, string query, CancellationToken cancellationToken)
    {
        if (epsilon <= 0 || epsilon > 10)
        {
            throw PrivacyInputException.Usage($"ε must be in (0, 10], not {epsilon}.");
        }

        var charge = await budget.TryChargeAsync(key, epsilon, query, cancellationToken).ConfigureAwait(false);
        return charge.Accepted ? charge.Status.Remaining : throw new PrivacyBudgetExhaustedException(charge.Status, epsilon);
    }

    /// <summary>Discrete Laplace noise for integer sensitivity Δ at ε: P[x] ∝ exp(−ε|x|/Δ).</summary>
    private BigInteger Laplace(BigInteger sensitivity, decimal epsilon)
    {
        var (en, ed) = Rational(epsilon);
        return _sampler.DiscreteLaplace(en, sensitivity * ed);
    }

    private static (BigInteger Units, long Count) ClampedUnits(IEnumerable<decimal?> values, NumericBounds bounds)
    {
        BigInteger units = 0;
        long count = 0;
        foreach (var value in values)
        {
            if (value is not { } v)
            {
                continue;
            }

            var clamped = Math.Clamp(v, bounds.Lower, bounds.Upper);
            units += new BigInteger(Math.Round(clamped / bounds.Granularity, MidpointRounding.ToEven));
            count++;
        }

        return (units, count);
    }

    /// <summary>The most one record can move the sum, in units of the granularity.</summary>
    private static BigInteger Sensitivity(NumericBounds bounds) =>
        new(Math.Ceiling(Math.Max(Math.Abs(bounds.Lower), Math.Abs(bounds.Upper)) / bounds.Granularity));

    private static void Check(NumericBounds bounds)
    {
        if (bounds.Upper < bounds.Lower || bounds.Granularity <= 0)
        {
            throw PrivacyInputException.Usage($"Bounds must have Lower ≤ Upper and a positive granularity, not [{bounds.Lower}, {bounds.Upper}] by {bounds.Granularity}.");
        }
    }

    /// <summary>A decimal as an exact fraction.</summary>
    internal static (BigInteger Numerator, BigInteger Denominator) Rational(decimal value)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        if (bits[3] < 0)
        {
            magnitude = -magnitude;
        }

        var denominator = BigInteger.Pow(10, scale);
        var gcd = BigInteger.GreatestCommonDivisor(BigInteger.Abs(magnitude), denominator);
        return gcd.IsZero ? (0, 1) : (magnitude / gcd, denominator / gcd);
    }

    private static string Guarantee(decimal epsilon) =>
        $"{epsilon.ToString(CultureInfo.InvariantCulture)}-differential privacy for adding or removing one record, given that each person contributes at most one record and the bounds and categories were declared without looking at the data.";
}
