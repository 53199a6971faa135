using Spectre.Console;

namespace Digits.Cli.Terminal;

/// <summary>
/// Where the CLI writes: results to standard output, reports and errors to standard error. Progress is a
/// live Spectre.Console bar on an interactive terminal, plain lines when output is redirected, and
/// nothing at all in JSON mode.
/// </summary>
internal sealed class Ui
{
    private readonly bool _quiet;

    public Ui(bool quiet, IAnsiConsole? output = null, TextWriter? errors = null)
    {
        _quiet = quiet;
        Out = output ?? AnsiConsole.Console;
        Err = errors ?? Console.Error;
    }

    /// <summary>Gets the console results are written to.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Gets the writer for status lines and errors.</summary>
    public TextWriter Err { get; }

    /// <summary>Gets a value indicating whether live progress bars are shown (an interactive terminal, not JSON mode).</summary>
    public bool IsLive => !_quiet && Out.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    /// <summary>Writes a one-line status report (for example where the data came from) to standard error.</summary>
    public void Report(string line)
    {
        if (!_quiet)
        {
            Err.WriteLine(line);
        }
    }

    /// <summary>Runs <paramref name="work"/>, showing its progress out of <paramref name="total"/>.</summary>
    public T Progress<T>(string title, int total, Func<IProgress<int>, T> work)
    {
        if (_quiet)
        {
            return work(new Progress<int>(_ => { }));
        }

        if (!IsLive)
        {
            var plain = new PlainLineProgress(Err, title, total);
            T result = work(plain);
            plain.Finish();
            return result;
        }

        T value = default!;
        Out.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: total);
                value = work(new SyncProgress(done => task.Value = done));
            });
        return value;
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread, so values arrive in order.</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        private int _max;

        public void Report(int value)
        {
            int current = Volatile.Read(ref _max);
            while (value > current)
            {
                int seen = Interlocked.CompareExchange(ref _max, value, current);
                if (seen == current)
                {
                    report(value);
                    return;
                }

                current = seen;
            }
        }
    }

    /// <summary>Prints "title: 10%", "20%"... to a log-friendly writer.</summary>
    private sealed class PlainLineProgress(TextWriter writer, string title, int total) : IProgress<int>
    {
        private int _lastTenth = -1;
        private readonly object _gate = new();

        public void Report(int value)
        {
            int tenth = total == 0 ? 10 : (int)(10L * value / total);
            lock (_gate)
            {
                if (tenth > _lastTenth && tenth < 10)
                {
                    _lastTenth = tenth;
                    writer.WriteLine($"{title}: {tenth * 10}% ({value:N0}/{total:N0})");
                }
            }
        }

        public void Finish() => writer.WriteLine($"{title}: done ({total:N0})");
    }
}
