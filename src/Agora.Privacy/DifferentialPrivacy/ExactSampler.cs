using System.Numerics;
using System.Security.Cryptography;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>Uniform random integers; the default draws from the operating system's cryptographic generator.</summary>
public interface IRandomBits
{
    /// <summary>A uniform integer in [0, exclusiveMax).</summary>
    BigInteger Below(BigInteger exclusiveMax);
}

/// <summary>Uniform integers from <see cref="RandomNumberGenerator"/> by rejection sampling (no modulo bias).</summary>
public sealed class CryptoRandomBits : IRandomBits
{
    public static CryptoRandomBits Shared { get; } = new();

    public BigInteger Below(BigInteger exclusiveMax)
    {
        if (exclusiveMax <= BigInteger.One)
        {
            return exclusiveMax == BigInteger.One ? BigInteger.Zero : throw new ArgumentOutOfRangeException(nameof(exclusiveMax));
        }

        if (exclusiveMax <= int.MaxValue)
        {
            return RandomNumberGenerator.GetInt32((int)exclusiveMax);
        }

        var bits = (int)(exclusiveMax - 1).GetBitLength();
        var bytes = new byte[(bits + 7) / 8 + 1];
        var topMask = (byte)((1 << (bits % 8 == 0 ? 8 : bits % 8)) - 1);
        while (true)
        {
            RandomNumberGenerator.Fill(bytes.AsSpan(0, bytes.Length - 1));
            bytes[^2] &= topMask;
            bytes[^1] = 0;
            var candidate = new BigInteger(bytes, isUnsigned: true);
            if (candidate < exclusiveMax)
            {
                return candidate;
            }
        }
    }
}

/// <summary>
/// Exact samplers for discrete noise using only integer arithmetic, after Canonne, Kamath and Steinke,
/// "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020), Algorithms 1–3. No floating point is involved,
/// so the output distribution is exactly the one the privacy proof assumes (floating-point Laplace leaks through
/// the gaps in representable numbers, Mironov 2012).
/// </summary>
public sealed class ExactSampler(IRandomBits? random = null)
{
    private readonly IRandomBits _random = random ?? CryptoRandomBits.Shared;

    /// <summary>Bernoulli(numerator / denominator).</summary>
    public bool Bernoulli(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign < 0 || denominator.Sign <= 0 || numerator > denominator)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), "The probability must be in [0, 1].");
        }

        return _random.Below(denominator) < numerator;
    }

    /// <summary>Bernoulli(exp(−γ)) for γ = numerator / denominator ≥ 0 (Algorithm 1).</summary>
    public bool BernoulliExp(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign < 0 || denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), "γ must be non-negative.");
        }

        if (numerator <= denominator)
        {
            BigInteger k = 1;
            while (Bernoulli(numerator, denominator * k))
            {
                k++;
            }

            return !k.IsEven;
        }

        var whole = BigInteger.DivRem(numerator, denominator, out var remainder);
        for (BigInteger i = 0; i < whole; i++)
        {
            if (!BernoulliExp(1, 1))
            {
                return false;
            }
        }

        return BernoulliExp(remainder, denominator);
    }

    /// <summary>
    /// Discrete Laplace with scale t/s: P[X = x] ∝ exp(−|x|·s/t) (Algorithm 2). For ε-DP with integer sensitivity Δ
    /// and ε = a/b the scale is Δ/ε = Δ·b/a: use s = a and t = Δ·b.
    /// </summary>
    public BigInteger DiscreteLaplace(BigInteger s, BigInteger t)
    {
        if (s.Sign <= 0 || t.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "s and t must be positive.");
        }

        while (true)
        {
            var u = _random.Below(t);
            if (!BernoulliExp(u, t))
            {
                continue;
            }

            BigInteger v = 0;
            while (BernoulliExp(1, 1))
            {
                v++;
            }

            var x = u + (t * v);
            var y = x / s;
            var negative = Bernoulli(1, 2);
            if (negative && y.IsZero)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    /// <summary>Discrete Gaussian with variance parameter σ² = numerator / denominator: P[X = x] ∝ exp(−x²/(2σ²)) (Algorithm 3).</summary>
    public BigInteger DiscreteGaussian(BigInteger sigmaSquaredNumerator, BigInteger sigmaSquaredDenominator)
    {
        var sn = sigmaSquaredNumerator;
        var sd = sigmaSquaredDenominator;
        if (sn.Sign <= 0 || sd.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaSquaredNumerator), "σ² must be positive.");
        }

        var t = IntegerSqrt(sn / sd) + 1;
        while (true)
        {
            var y = DiscreteLaplace(1, t);
            // γ = (|y| − σ²/t)² / (2σ²) = (|y|·sd·t − sn)² / (2·sn·sd·t²)
            var a = (BigInteger.Abs(y) * sd * t) - sn;
            if (BernoulliExp(a * a, 2 * sn * sd * t * t))
            {
                return y;
            }
        }
    }

    internal static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        var x = (BigInteger)Math.Sqrt((double)n);
        while (x * x > n)
        {
            x--;
        }

        while ((x + 1) * (x + 1) <= n)
        {
            x++;
        }

        return x;
    }
}
