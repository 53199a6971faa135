using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Digits.Web.Hosting;

/// <summary>
/// <c>/health/live</c> (200 while the process runs) and <c>/health/ready</c> (503 until the model is loaded and a
/// photo was read, 200 after), built on ASP.NET Core health checks; both answer a small JSON object.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddDigitsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ReadinessCheck>("model", tags: [ReadyTag]);
        return services;
    }

    public static void MapDigitsHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = Write });
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        string? reason = report.Entries.Values.Select(e => e.Description).FirstOrDefault(d => report.Status != HealthStatus.Healthy && d is not null);
        var body = new { status = report.Status == HealthStatus.Healthy ? "ready" : "not ready", reason };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
