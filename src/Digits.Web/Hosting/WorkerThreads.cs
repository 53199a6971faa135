using System.Collections.Concurrent;

namespace Digits.Web.Hosting;

/// <summary>
/// Runs recognition on a fixed set of threads of its own, off the shared thread pool. The pool then only
/// accepts connections, parses requests and answers refusals, so that under a burst a request is parsed and
/// admitted or refused (<see cref="RecognitionGate"/>) at once, instead of queueing unseen behind the pool's
/// busy threads; and the gate's queue is the only queue. Photos in particular hold tens of megabytes of images
/// that OpenCV allocates with malloc, which keeps what a thread freed in that thread's arena: on the pool's many
/// threads the server grew by hundreds of megabytes under load, on a few fixed threads it does not.
/// </summary>
internal abstract class WorkerThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();

    protected WorkerThreads(string name, int threads)
    {
        for (int i = 0; i < Math.Max(1, threads); i++)
        {
            new Thread(Run) { IsBackground = true, Name = $"{name} {i + 1}" }.Start();
        }
    }

    /// <summary>Runs <paramref name="read"/> on one of the threads and returns its result (or its exception).</summary>
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
