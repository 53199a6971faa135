namespace Digits.Web.Hosting;

/// <summary>The threads that read photos: as many as photos read at once (<see cref="ServerLimits.PhotoConcurrency"/>).</summary>
internal sealed class PhotoWorkers(ServerLimits limits) : WorkerThreads("photo reader", limits.PhotoConcurrency);
