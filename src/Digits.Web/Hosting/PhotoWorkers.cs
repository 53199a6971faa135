using System.Collections.Concurrent;

namespace Digits.Web.Hosting;

/// <summary>
/// Reads photos on a fixed set of threads, one per core; requests queue for them. More photos at once would not
/// finish sooner (each keeps a core busy), every photo in flight holds tens of megabytes of decoded and
/// intermediate images, and OpenCV allocates those with malloc, which keeps what a thread freed in that
/// thread's arena: on the shared pool's many threads the server grew by hundreds of megabytes under load.
/// </summary>
internal sealed class PhotoWorkers : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;

    public PhotoWorkers()
        : this(Environment.ProcessorCount)
    {
    }

    public PhotoWorkers(int threads)
    {
        _threads = Enumerable.Range(0, Math.Max(1, threads)).Select(i => new Thread(Run) { IsBackground = true, Name = $"photo reader {i + 1}" }).ToArray();
        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Runs <paramref name="read"/> on a photo thread and returns its result (or its exception).</summary>
    public Task<T> Run<T>(Func<T> read, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                done.TrySetResult(read());
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }

        }, CancellationToken.None);
        return done.Task;
    }

    public void Dispose() => _work.CompleteAdding();

    private void Run()
    {
        foreach (Action work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }
}
