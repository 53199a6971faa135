using System.Globalization;
using System.Threading.RateLimiting;
using Digits.Web.Api;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Digits.Web.Hosting;

/// <summary>
/// Puts <see cref="ServerLimits"/> in force: Kestrel's limits on headers, slow bodies and idle connections; a
/// timeout on every request; and a concurrency limit with a short queue on each kind of recognition, so that
/// work beyond what the cores can do promptly is refused at once with 503 and Retry-After instead of waiting
/// without bound.
/// </summary>
internal static class OverloadProtection
{
    /// <summary>The rate-limiting policy of drawing recognition.</summary>
    public const string Pixels = "pixels";

    /// <summary>The rate-limiting policy of photo recognition.</summary>
    public const string Photos = "photos";

    public static void AddOverloadProtection(this WebApplicationBuilder builder)
    {
        ServerLimits limits = ServerLimits.From(builder.Configuration);
        builder.Services.AddSingleton(limits);
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.HeadersTimeoutSeconds);
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxHeadersKb * 1024;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(limits.KeepAliveSeconds);
            kestrel.Limits.MinRequestBodyDataRate = limits.MinBodyBytesPerSecond > 0
                ? new MinDataRate(limits.MinBodyBytesPerSecond, TimeSpan.FromSeconds(5))
                : null;
        });
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(limits.RequestTimeoutSeconds),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });
        builder.Services.AddRateLimiter(options =>
        {
            options.AddConcurrencyLimiter(Pixels, limiter =>
            {
                limiter.PermitLimit = limits.PixelConcurrency;
                limiter.QueueLimit = limits.PixelQueue;
                limiter.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            options.AddConcurrencyLimiter(Photos, limiter =>
            {
                limiter.PermitLimit = limits.PhotoConcurrency;
                limiter.QueueLimit = limits.PhotoQueue;
                limiter.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.OnRejected = async (context, cancellationToken) =>
            {
                HttpResponse response = context.HttpContext.Response;
                response.Headers.RetryAfter = limits.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(new ErrorResponse($"the server is reading as many images as it can; try again in {limits.RetryAfterSeconds} s"), cancellationToken);
            };
        });
    }

    public static void UseOverloadProtection(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRequestTimeouts();
    }
}
