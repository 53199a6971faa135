using System.Globalization;
using System.Threading.RateLimiting;
using Digits.Web.Api;

namespace Digits.Web.Hosting;

/// <summary>
/// Admits recognition work: a few drawings and photos at once, a short queue each, and beyond that a refusal at
/// once with 503 and Retry-After, so latency cannot grow without bound. A request enters only once its body has
/// arrived and been checked: a client sending a byte a second holds a connection (until Kestrel's body-rate limit
/// cuts it off), never a place in recognition.
/// </summary>
internal sealed class RecognitionGate : IDisposable
{
    private readonly int _retryAfterSeconds;

    public RecognitionGate(ServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Pixels = Limiter(limits.PixelConcurrency, limits.PixelQueue);
        Photos = Limiter(limits.PhotoConcurrency, limits.PhotoQueue);
        _retryAfterSeconds = limits.RetryAfterSeconds;
    }

    /// <summary>Gets the limiter of drawings.</summary>
    public ConcurrencyLimiter Pixels { get; }

    /// <summary>Gets the limiter of photos.</summary>
    public ConcurrencyLimiter Photos { get; }

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

    private static ConcurrencyLimiter Limiter(int permits, int queue) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });
}
