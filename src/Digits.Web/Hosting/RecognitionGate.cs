using System.Globalization;
using System.Threading.RateLimiting;
using Digits.Web.Api;

namespace Digits.Web.Hosting;

/// <summary>
/// Admits recognition work: a few drawings and photos at once, a short queue each, and beyond that a refusal
/// with 503 and Retry-After, so latency cannot grow without bound. A request that waits in the queue longer than
/// its lane allows is refused too: a drawing that would be answered late is better answered "busy, retry" at
/// once. A request enters only once its body has arrived and been checked: a client sending a byte a second
/// holds a connection (until Kestrel's body-rate limit cuts it off), never a place in recognition.
/// </summary>
internal sealed class RecognitionGate : IDisposable
{
    private readonly int _retryAfterSeconds;
    private readonly TimeSpan _pixelWait;
    private readonly TimeSpan _photoWait;

    public RecognitionGate(ServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Pixels = Limiter(limits.PixelConcurrency, limits.PixelQueue);
        Photos = Limiter(limits.PhotoConcurrency, limits.PhotoQueue);
        _pixelWait = TimeSpan.FromMilliseconds(limits.PixelQueueWaitMs);
        _photoWait = TimeSpan.FromMilliseconds(limits.PhotoQueueWaitMs);
        _retryAfterSeconds = limits.RetryAfterSeconds;
    }

    /// <summary>Gets the limiter of drawings.</summary>
    public ConcurrencyLimiter Pixels { get; }

    /// <summary>Gets the limiter of photos.</summary>
    public ConcurrencyLimiter Photos { get; }

    /// <summary>A turn to read a drawing, or null when there is no room or the wait ran over.</summary>
    public Task<RateLimitLease?> EnterPixels(CancellationToken aborted) => Enter(Pixels, _pixelWait, aborted);

    /// <summary>A turn to read a photo, or null when there is no room or the wait ran over.</summary>
    public Task<RateLimitLease?> EnterPhotos(CancellationToken aborted) => Enter(Photos, _photoWait, aborted);

    /// <summary>The answer to a request refused for lack of room: 503, Retry-After, and a JSON reason.</summary>
    public IResult Refuse(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Errors.Unavailable($"the server is reading as many images as it can; try again in {_retryAfterSeconds} s");
    }

    public void Dispose()
    {
        Pixels.Dispose();
        Photos.Dispose();
    }

    private static async Task<RateLimitLease?> Enter(ConcurrencyLimiter lane, TimeSpan longestWait, CancellationToken aborted)
    {
        RateLimitLease quick = lane.AttemptAcquire();
        if (quick.IsAcquired)
        {
            return quick;
        }

        quick.Dispose();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        wait.CancelAfter(longestWait);
        RateLimitLease turn;
        try
        {
            turn = await lane.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return null; // waited too long
        }

        if (turn.IsAcquired)
        {
            return turn;
        }

        turn.Dispose(); // the queue was full
        return null;
    }

    private static ConcurrencyLimiter Limiter(int permits, int queue) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });
}
