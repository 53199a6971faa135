using System.CommandLine;
using System.Diagnostics;
using Digits.Classifiers.Knn;
using Digits.Classifiers.Network;
using Digits.Data;
using Digits.Evaluation;
using Digits.Files;
using Digits.Images;
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
        var cnn = new Option<bool>("--cnn") { Description = "Train the convolutional network instead of a KNN model (about 30 minutes for the default 24 epochs on 2 cores)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of network training.", DefaultValueFactory = _ => new ConvNetTrainingOptions().Epochs };
        var seed = new Option<int>("--seed") { Description = "Seed of network training (same seed and core count, same network).", DefaultValueFactory = _ => 1 };
        var plot = new Option<string?>("--plot") { Description = "With --cnn: write the training curves as a PNG." };
        var defaults = new ConvNetTrainingOptions();
        var validation = new Option<bool>("--validation") { Description = "With --cnn: hold the last 10,000 training images out, train on the other 50,000 and score the held-out ones after every epoch (to choose settings without the test set)." };
        var layers = new Option<string?>("--layers") { Description = $"With --cnn: the network's layers, for example \"{ConvNetShape.Deep.Layers}\" (convKxF = F filters of KxK then ReLU, pool = 2x2 max pooling, denseN = N ReLU units; ten softmax outputs follow). Default \"{defaults.Shape.Layers}\"." };
        var hidden = new Option<int?>("--hidden") { Description = "With --cnn: units of the last dense layer of the default layers (a shortcut for --layers)." };
        var batchNorm = new Option<bool>("--batch-norm") { Description = "With --cnn: batch-normalise every convolution and hidden dense layer while training (folded into the weights of the saved network); --batch-norm false trains without.", DefaultValueFactory = _ => defaults.BatchNormalization };
        var rate = new Option<double>("--rate") { Description = "With --cnn: Adam's learning rate in the first epoch.", DefaultValueFactory = _ => defaults.LearningRate };
        var dropout = new Option<double>("--dropout") { Description = "With --cnn: share of hidden units dropped in each training pass.", DefaultValueFactory = _ => defaults.Dropout };
        var coarse = new Option<double>("--coarse") { Description = "With --cnn: share of training digits seen as a coarse, low-resolution scan sees them (0..1; 0 for none).", DefaultValueFactory = _ => defaults.Augmentation.Coarse };
        var filledLoops = new Option<double>("--filled-loops") { Description = "With --cnn: share of training 6s, 8s and 9s whose small loops are filled in, as a heavy pen or a coarse scan fills them (0..1; 0 for none, the first shipped network's recipe; the second shipped network was trained with 0.3 and --seed 2).", DefaultValueFactory = _ => defaults.Augmentation.FilledLoops };
        var styles = new Option<double>("--styles") { Description = "With --cnn: share of training 0s, 1s, 4s and 7s redrawn in a style MNIST lacks (slashed zero, continental 1, closed 4, crossed 7; 0..1; 0 for none).", DefaultValueFactory = _ => defaults.Augmentation.Styles };
        var elastic = new Option<double>("--elastic") { Description = "With --cnn: largest strength of the elastic distortion of training digits (0 for none).", DefaultValueFactory = _ => defaults.Augmentation.Elastic };
        var average = new Option<double>("--average") { Description = "With --cnn: decay of the running average of the weights that is saved instead of the last step's (0 for none; 0.999 averages about the last 1,000 steps).", DefaultValueFactory = _ => defaults.WeightAveraging };
        var decay = new Option<double>("--rate-decay") { Description = "With --cnn: factor the learning rate is multiplied by after each epoch.", DefaultValueFactory = _ => defaults.LearningRateDecay };
        var command = new Command("train", "Fit a KNN model (or, with --cnn, train the network) on the 60,000 MNIST training images and save it as a model file.");
        knn.AddTo(command);
        data.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(cnn);
        command.Options.Add(epochs);
        command.Options.Add(seed);
        command.Options.Add(plot);
        foreach (Option option in new Option[] { validation, layers, hidden, batchNorm, dropout, elastic, coarse, styles, filledLoops, average, rate, decay })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => context.Run(json: false, ui =>
        {
            if (parse.GetValue(cnn))
            {
                if (knn.AnyGiven(parse))
                {
                    throw new UsageException("--cnn trains a network; the KNN options (--preset, --k, --weights, --metric, --tie) do not apply.");
                }

                if (parse.GetValue(layers) is not null && parse.GetValue(hidden) is not null)
                {
                    throw new UsageException("--hidden sets the dense layer of the default layers; with --layers, write it there (for example dense256).");
                }

                ConvNetTrainingOptions training;
                try
                {
                    training = defaults with
                    {
                        Epochs = parse.GetValue(epochs),
                        Seed = parse.GetValue(seed),
                        Shape = parse.GetValue(layers) is { } line ? new ConvNetShape(line) : parse.GetValue(hidden) is { } units ? WithHidden(defaults.Shape, units) : defaults.Shape,
                        BatchNormalization = parse.GetValue(batchNorm),
                        Dropout = parse.GetValue(dropout),
                        Augmentation = defaults.Augmentation with { Elastic = parse.GetValue(elastic), Coarse = parse.GetValue(coarse), Styles = parse.GetValue(styles), FilledLoops = parse.GetValue(filledLoops) },
                        LearningRate = parse.GetValue(rate),
                        LearningRateDecay = parse.GetValue(decay),
                        WeightAveraging = parse.GetValue(average),
                    };
                    training.Validate();
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException(ex.Message);
                }

                return TrainNetwork(ui, data.Load(parse, ui, context.Cancellation), training, parse.GetValue(validation), parse.GetValue(output)!, parse.GetValue(plot), context.Cancellation);
            }

            if (new Option[] { epochs, seed, plot, validation, layers, hidden, batchNorm, dropout, elastic, coarse, styles, filledLoops, average, rate, decay }.Any(o => parse.GetResult(o) is { Implicit: false }))
            {
                throw new UsageException("--epochs, --seed, --plot, --validation, --layers, --hidden, --batch-norm, --dropout, --elastic, --coarse, --styles, --filled-loops, --average, --rate and --rate-decay apply to network training; add --cnn.");
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

    private static int TrainNetwork(Terminal.Ui ui, MnistData mnist, ConvNetTrainingOptions options, bool holdOut, string path, string? plotPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var epochs = new List<TrainingEpoch>();
        var perEpoch = new EpochLog(e =>
        {
            epochs.Add(e);
            string validation = e.ValidationAccuracy is { } v ? $", held-out accuracy {v:P2}" : "";
            ui.Report($"epoch {e.Epoch}: loss {e.Loss:F4}, training accuracy {e.TrainingAccuracy:P2}{validation}, {e.Seconds:F1} s");
        });
        const int HeldOut = 10_000;
        LabeledImages train = holdOut ? mnist.Train.Slice(0, mnist.Train.Count - HeldOut) : mnist.Train;
        LabeledImages? validationSet = holdOut ? mnist.Train.Slice(mnist.Train.Count - HeldOut, HeldOut) : null;
        ui.Report($"training {options.Shape}{(options.BatchNormalization ? " with batch normalisation" : "")}: {options.Epochs} epochs, learning rate {options.LearningRate} x {options.LearningRateDecay} per epoch, dropout {options.Dropout}, elastic {options.Augmentation.Elastic}, coarse {options.Augmentation.Coarse}, styles {options.Augmentation.Styles}, filled loops {options.Augmentation.FilledLoops}, weight averaging {options.WeightAveraging}, on {train.Count:N0} images{(holdOut ? $" ({HeldOut:N0} held out)" : "")}");
        ConvNet network = ui.Progress(
            $"training {options.Shape} for {options.Epochs} epochs",
            options.Epochs * train.Count,
            progress => ConvNet.Train(train, options, perEpoch, progress, validationSet, cancellationToken));

        double trainSeconds = clock.Elapsed.TotalSeconds;
        EvaluationReport report = Evaluator.Evaluate(network, mnist.Test, null, cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(network.Description)}[/]");
        foreach (string column in new[] { "epoch", "loss", "training accuracy (distorted)", "held-out accuracy", "seconds" })
        {
            table.AddColumn(column);
        }

        foreach (TrainingEpoch e in epochs)
        {
            table.AddRow($"{e.Epoch}", $"{e.Loss:F4}", $"{e.TrainingAccuracy:P2}", e.ValidationAccuracy is { } v ? $"{v:P2}" : "", $"{e.Seconds:F1}");
        }

        ui.Out.Write(table);
        ConvNetFile.Save(network, path, new ConvNetHeader
        {
            Epochs = options.Epochs,
            Seed = options.Seed,
            TestAccuracy = report.Accuracy,
            Created = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Source = mnist.Source,
            Recipe = Recipe(options),
        });
        if (plotPath is not null)
        {
            TrainingPlot.Write(epochs, report.Accuracy, plotPath);
            ui.Report($"training curves written to {plotPath}");
        }

        ui.Out.MarkupLine($"saved [bold]{Markup.Escape(path)}[/]: test accuracy [bold]{report.Accuracy:P2}[/] ({report.Errors} errors), trained in {trainSeconds:F0} s, {new FileInfo(path).Length / 1048576.0:F2} MB");
        return 0;
    }

    // The default layers with their last dense layer of `units` units.
    private static ConvNetShape WithHidden(ConvNetShape shape, int units)
    {
        string[] words = shape.Layers.Split(' ');
        int last = Array.FindLastIndex(words, w => w.StartsWith("dense", StringComparison.Ordinal));
        words[last] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"dense{units}");
        return new ConvNetShape(string.Join(' ', words));
    }

    // The command line that gives this network again.
    private static string Recipe(ConvNetTrainingOptions o) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"digits train --cnn --layers \"{o.Shape.Layers}\"{(o.BatchNormalization ? " --batch-norm" : "")} --epochs {o.Epochs} --seed {o.Seed} --rate {o.LearningRate} --rate-decay {o.LearningRateDecay} --dropout {o.Dropout} --elastic {o.Augmentation.Elastic} --coarse {o.Augmentation.Coarse} --styles {o.Augmentation.Styles}{(o.Augmentation.FilledLoops > 0 ? $" --filled-loops {o.Augmentation.FilledLoops}" : "")} --average {o.WeightAveraging}");

    // Reports each epoch on the training thread, in order (Progress<T> would post to the thread pool).
    private sealed class EpochLog(Action<TrainingEpoch> report) : IProgress<TrainingEpoch>
    {
        public void Report(TrainingEpoch value) => report(value);
    }
}
