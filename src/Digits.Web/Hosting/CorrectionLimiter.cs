using System.Threading.RateLimiting;

namespace Digits.Web.Hosting;

/// <summary>
/// At most <see cref="WebOptions.CorrectionsPerMinute"/> writes (corrections, imports) per profile in any
/// minute (a sliding window of six 10-second segments); beyond that a write is refused at once with 429 and
/// Retry-After, never queued.
/// </summary>
internal sealed class CorrectionLimiter(WebOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(profile =>
        RateLimitPartition.GetSlidingWindowLimiter(profile, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.CorrectionsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one write of <paramref name="profile"/>'s allowance.</summary>
    /// <returns>Whether the write may go ahead, and when to retry if not.</returns>
    public (bool Allowed, TimeSpan RetryAfter) TryTake(string profile)
    {
        using RateLimitLease lease = _limiter.AttemptAcquire(profile);
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }

        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retry) ? retry : TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _limiter.Dispose();
}
