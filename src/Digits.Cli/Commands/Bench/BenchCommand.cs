using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Data;
using Digits.Files;
using Digits.Images;
using Digits.Models;
using Spectre.Console;

namespace Digits.Cli.Commands.Bench;

/// <summary>
/// <c>digits bench</c>: in one run on the same data, times our full test-set classification against FAISS
/// and scikit-learn (when installed), single-image latency, fit time, peak memory and distance to the
/// machine's peak, and writes a Markdown table.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] Columns = ["engine", "seconds", "vs Digits", "accuracy", "same predictions as Digits"];

    public static Command Create(CommandContext context)
    {
        var data = new DataOption();
        var output = new Option<string?>("--out") { Description = "Write the results as a Markdown table to this file (for example bench/results.md)." };
        var peers = new Option<string>("--peers") { Description = "Comma-separated peers to run: faiss, sklearn, opencv, or none.", DefaultValueFactory = _ => "faiss,sklearn" };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs of our classification (the median is reported).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench", "Benchmark exact KNN (k=3) on the full MNIST test set against FAISS and scikit-learn, in one run.");
        data.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(peers);
        command.Options.Add(repeats);
        command.SetAction(parse => context.Run(json: false, ui =>
        {
            MnistData mnist = data.Load(parse, ui, context.Cancellation);
            string folder = parse.GetValue(data.Data) ?? Environment.GetEnvironmentVariable(MnistSources.EnvironmentVariable) ?? new MnistSources().CacheDirectory;
            var rows = new List<string[]>();
            var clock = Stopwatch.StartNew();
            var model = KnnClassifier.Fit(mnist.Train, KnnOptions.Seed with { Tie = TieBreak.Nearest });
            double fit = clock.Elapsed.TotalSeconds;
            byte[] ours = model.Predict(mnist.Test.Images); // warm-up (JIT)
            var times = new List<double>();
            for (int r = 0; r < Math.Max(1, parse.GetValue(repeats)); r++)
            {
                clock.Restart();
                ours = model.Predict(mnist.Test.Images, null, context.Cancellation);
                times.Add(clock.Elapsed.TotalSeconds);
            }

            double ourSeconds = Median(times);
            double accuracy = Accuracy(ours, mnist.Test.Labels);
            ui.Report($"ours: {ourSeconds:F3} s (median of {times.Count}: {string.Join(", ", times.Select(t => t.ToString("F3")))}), accuracy {accuracy:P2}, engine {model.EngineName}");

            var (p50, p99) = Latency(model, mnist.Test.Images, 1000);
            double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            var (defaultP50, defaultP99) = Latency(DefaultModel.Fit(mnist.Train), mnist.Test.Images, 1000);
            double peak = MachinePeak.PixelComparisonsPerSecond(TimeSpan.FromSeconds(1));
            double bruteWork = (double)mnist.Test.Count * mnist.Train.Count * mnist.Train.Images.PixelsPerImage;
            double effective = bruteWork / ourSeconds;

            rows.Add(["Digits (exact, " + model.EngineName + ")", $"{ourSeconds:F2}", "1.0x", $"{accuracy:P2}", "-"]);
            string? script = PeerRunner.FindScript();
            foreach (string peer in parse.GetValue(peers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p != "none"))
            {
                if (script is null)
                {
                    ui.Report($"{peer}: skipped (bench/peers.py not found; run from the repository)");
                    continue;
                }

                ui.Report($"{peer}: running...");
                var (result, skipped) = PeerRunner.Run(script, peer, folder, TimeSpan.FromMinutes(10));
                if (result is null)
                {
                    ui.Report($"{peer}: skipped ({skipped})");
                    continue;
                }

                int agree = ours.Zip(result.Predictions).Count(p => p.First == p.Second);
                rows.Add([$"{PeerName(peer)} {result.Version}", $"{result.Seconds:F2}", $"{result.Seconds / ourSeconds:F1}x slower", $"{result.Accuracy:P2}", $"{agree:N0} / {ours.Length:N0}"]);
            }

            var table = new Table().Border(TableBorder.Rounded).Title("[bold]10,000 test images x 60,000 training images x 784 pixels, k=3, exact[/]");
            foreach (string column in Columns)
            {
                table.AddColumn(column);
            }

            foreach (string[] row in rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            ui.Out.Write(table);
            var facts = new[]
            {
                ("fit (index build, from loaded images)", $"{fit:F2} s"),
                ("single image, model loaded (1,000 test images)", $"p50 {p50:F3} ms, p99 {p99:F3} ms"),
                ("single image, default model (1,000 test images)", $"p50 {defaultP50:F3} ms, p99 {defaultP99:F3} ms"),
                ("peak memory (working set)", $"{peakMb:F0} MB"),
                ("machine peak of the distance kernel", $"{peak / 1e9:F1} G pixel comparisons/s ({Environment.ProcessorCount} cores)"),
                ("brute-force-equivalent rate", $"{effective / 1e9:F1} G pixel comparisons/s = {effective / peak:F1}x the kernel peak (pruning skips work)"),
                ("vector paths", Digits.Kernels.KernelPaths.Describe()),
                ("machine", $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"),
            };
            foreach (var (name, value) in facts)
            {
                ui.Out.MarkupLine($"{Markup.Escape(name)}: [bold]{Markup.Escape(value)}[/]");
            }

            if (parse.GetValue(output) is { } path)
            {
                AtomicFile.WriteAllText(path, Markdown(rows, facts));
                ui.Report($"results written to {path}");
            }

            return 0;
        }));
        return command;
    }

    private static string PeerName(string peer) => peer switch
    {
        "faiss" => "FAISS IndexFlatL2",
        "sklearn" => "scikit-learn KNeighborsClassifier",
        "opencv" => "OpenCV ml.KNearest",
        _ => peer,
    };

    private static (double P50, double P99) Latency(IDigitClassifier model, ImageSet images, int count)
    {
        count = Math.Min(count, images.Count);
        for (int i = 0; i < 50; i++)
        {
            model.Classify(images[i]);
        }

        var samples = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            model.Classify(images[i]);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[count / 2], samples[Math.Min(count - 1, (int)(count * 0.99))]);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Accuracy(byte[] predicted, byte[] labels) => (double)predicted.Zip(labels).Count(p => p.First == p.Second) / labels.Length;

    private static string Markdown(List<string[]> rows, (string Name, string Value)[] facts)
    {
        var text = new StringBuilder();
        text.AppendLine("| engine (10,000 x 60,000 x 784, k=3, exact) | seconds | vs Digits | accuracy | same predictions as Digits |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (string[] row in rows)
        {
            text.AppendLine($"| {string.Join(" | ", row)} |");
        }

        text.AppendLine();
        foreach (var (name, value) in facts)
        {
            text.AppendLine($"- {name}: {value}");
        }

        return text.ToString();
    }
}
