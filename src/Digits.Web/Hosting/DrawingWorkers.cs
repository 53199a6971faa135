namespace Digits.Web.Hosting;

/// <summary>The threads that read drawings: as many as drawings read at once (<see cref="ServerLimits.PixelConcurrency"/>).</summary>
internal sealed class DrawingWorkers(ServerLimits limits) : WorkerThreads("drawing reader", limits.PixelConcurrency);
