using System.Threading.RateLimiting;

namespace Agora.Sharing.Gateway;

/// <summary>A token bucket per grant (or per caller without one) and service; idle buckets are dropped.</summary>
internal sealed class GatewayRateLimiter : IDisposable
{
    // The key is a value, not a formatted string: building one cost an allocation and formatting on every call.
    private readonly PartitionedRateLimiter<BucketKey> limiter = PartitionedRateLimiter.Create<BucketKey, BucketKey>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, k =>
        {
            // The rate is part of the key, so a changed rate takes effect at once with a fresh bucket.
            var rate = k.RatePerSecond;
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
        limiter.AttemptAcquire(new BucketKey(ratePerSecond, serviceId, holder));

    public void Dispose() => limiter.Dispose();

    private readonly record struct BucketKey(int RatePerSecond, Guid ServiceId, Guid Holder);
}
