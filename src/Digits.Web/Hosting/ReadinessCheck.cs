using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Digits.Web.Hosting;

/// <summary>
/// Ready once the model is loaded and the self-test photo was read (<see cref="ModelHost.NotReadyBecause"/>):
/// <c>/health/ready</c> answers 503 with the reason until then, as load balancers and Kubernetes expect.
/// </summary>
internal sealed class ReadinessCheck(ModelHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(host.NotReadyBecause is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy("the model is loaded and a photo was read"));
}
