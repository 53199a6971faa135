using Digits.Web.Api;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Digits.Web.Hosting;

/// <summary>
/// Puts <see cref="ServerLimits"/> in force: Kestrel's limits on headers, slow bodies and idle connections; a
/// timeout on every request; and the <see cref="RecognitionGate"/>, so that recognition beyond what the cores
/// can do promptly is refused at once with 503 and Retry-After instead of waiting without bound.
/// </summary>
internal static class OverloadProtection
{
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
        builder.Services.AddSingleton<RecognitionGate>();
    }

    public static void UseOverloadProtection(this WebApplication app)
    {
        app.UseRequestTimeouts();
        app.Use(AnswerBadRequestsFromKestrel);
    }

    /// <summary>
    /// Kestrel reports a client that breaks off or dribbles its body (below the minimum data rate) by throwing
    /// from the endpoint's read; that is the client's fault, answered with Kestrel's status (408, 400) and a JSON
    /// reason, and logged as information, not as an unhandled error of the server.
    /// </summary>
    private static async Task AnswerBadRequestsFromKestrel(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OverloadProtection))
                .LogInformation("{Method} {Path}: {Problem}", context.Request.Method, context.Request.Path, ex.Message);
            context.Response.Clear();
            await Results.Json(new ErrorResponse(ex.Message), statusCode: ex.StatusCode).ExecuteAsync(context);
        }
    }
}
