using System.CommandLine;
using System.Diagnostics;
using Digits.Classifiers.Knn;
using Digits.Classifiers.Network;
using Digits.Data;
using Digits.Evaluation;
using Digits.Files;
using Digits.Reports;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary>
/// <c>digits train --out FILE</c>: fits a KNN model on the MNIST training set and saves it; with <c>--cnn</c>,
/// trains the convolutional network instead (a progress bar per epoch, a table of epochs, the test accuracy,
/// and optionally a plot of the training curves).
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CommandContext context)
    {
        var knn = new KnnOptionSet();
        var data = new DataOption();
        var output = new Option<string>("--out") { Description = "Model file to write.", Required = true };
        var cnn = new Option<bool>("--cnn") { Description = "Train the convolutional network instead of a KNN model (about 14 minutes for the default 16 epochs on 2 cores)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of network training.", DefaultValueFactory = _ => new ConvNetTrainingOptions().Epochs };
        var seed = new Option<int>("--seed") { Description = "Seed of network training (same seed and core count, same network).", DefaultValueFactory = _ => 1 };
        var plot = new Option<string?>("--plot") { Description = "With --cnn: write the training curves as a PNG." };
        var command = new Command("train", "Fit a KNN model (or, with --cnn, train the network) on the 60,000 MNIST training images and save it as a model file.");
        knn.AddTo(command);
        data.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(cnn);
        command.Options.Add(epochs);
        command.Options.Add(seed);
        command.Options.Add(plot);
        command.SetAction(parse => context.Run(json: false, ui =>
        {
            if (parse.GetValue(cnn))
            {
                if (knn.AnyGiven(parse))
                {
                    throw new UsageException("--cnn trains a network; the KNN options (--preset, --k, --weights, --metric, --tie) do not apply.");
                }

                var training = new ConvNetTrainingOptions { Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed) };
                try
                {
                    training.Validate();
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException(ex.Message);
                }

                return TrainNetwork(ui, data.Load(parse, ui, context.Cancellation), training, parse.GetValue(output)!, parse.GetValue(plot), context.Cancellation);
            }

            if (new Option[] { epochs, seed, plot }.Any(o => parse.GetResult(o) is { Implicit: false }))
            {
                throw new UsageException("--epochs, --seed and --plot apply to network training; add --cnn.");
            }

            KnnOptions options = knn.Build(parse);
            var mnist = data.Load(parse, ui, context.Cancellation);
            var clock = Stopwatch.StartNew();
            var model = KnnClassifier.Fit(mnist.Train, options);
            string path = parse.GetValue(output)!;
            ModelFile.Save(model, path, mnist.Source);
            ui.Out.MarkupLine($"saved [bold]{Markup.Escape(path)}[/]: {Markup.Escape(model.Description)}, {new FileInfo(path).Length / 1048576.0:F1} MB, {clock.Elapsed.TotalSeconds:F2} s");
            return 0;
        }));
        return command;
    }

    private static int TrainNetwork(Terminal.Ui ui, MnistData mnist, ConvNetTrainingOptions options, string path, string? plotPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var epochs = new List<TrainingEpoch>();
        var perEpoch = new EpochLog(e =>
        {
            epochs.Add(e);
            ui.Report($"epoch {e.Epoch}: loss {e.Loss:F4}, training accuracy {e.TrainingAccuracy:P2}, {e.Seconds:F1} s");
        });
        ConvNet network = ui.Progress(
            $"training {options.Shape} for {options.Epochs} epochs",
            options.Epochs * mnist.Train.Count,
            progress => ConvNet.Train(mnist.Train, options, perEpoch, progress, cancellationToken));

        double trainSeconds = clock.Elapsed.TotalSeconds;
        EvaluationReport report = Evaluator.Evaluate(network, mnist.Test, null, cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(network.Description)}[/]");
        foreach (string column in new[] { "epoch", "loss", "training accuracy (distorted)", "seconds" })
        {
            table.AddColumn(column);
        }

        foreach (TrainingEpoch e in epochs)
        {
            table.AddRow($"{e.Epoch}", $"{e.Loss:F4}", $"{e.TrainingAccuracy:P2}", $"{e.Seconds:F1}");
        }

        ui.Out.Write(table);
        ConvNetFile.Save(network, path, new ConvNetHeader
        {
            Epochs = options.Epochs,
            Seed = options.Seed,
            TestAccuracy = report.Accuracy,
            Created = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Source = mnist.Source,
        });
        if (plotPath is not null)
        {
            TrainingPlot.Write(epochs, report.Accuracy, plotPath);
            ui.Report($"training curves written to {plotPath}");
        }

        ui.Out.MarkupLine($"saved [bold]{Markup.Escape(path)}[/]: test accuracy [bold]{report.Accuracy:P2}[/] ({report.Errors} errors), trained in {trainSeconds:F0} s, {new FileInfo(path).Length / 1048576.0:F2} MB");
        return 0;
    }

    // Reports each epoch on the training thread, in order (Progress<T> would post to the thread pool).
    private sealed class EpochLog(Action<TrainingEpoch> report) : IProgress<TrainingEpoch>
    {
        public void Report(TrainingEpoch value) => report(value);
    }
}
