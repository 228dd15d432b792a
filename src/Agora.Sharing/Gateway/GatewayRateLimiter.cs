using System.Globalization;
using System.Threading.RateLimiting;

namespace Agora.Sharing.Gateway;

/// <summary>A token bucket per grant (or per caller without one) and service; idle buckets are dropped.</summary>
internal sealed class GatewayRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, k =>
        {
            // The rate is part of the key, so a changed rate takes effect at once with a fresh bucket.
            var rate = int.Parse(k.AsSpan(0, k.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            var perTick = Math.Max(1, rate / 10);
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(2, rate * 2),
                TokensPerPeriod = perTick,
                ReplenishmentPeriod = TimeSpan.FromSeconds(perTick / (double)rate),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        }));

    public RateLimitLease Acquire(int ratePerSecond, Guid serviceId, Guid holder) =>
        limiter.AttemptAcquire(string.Create(CultureInfo.InvariantCulture, $"{ratePerSecond}:{serviceId:N}:{holder:N}"));

    public void Dispose() => limiter.Dispose();
}
