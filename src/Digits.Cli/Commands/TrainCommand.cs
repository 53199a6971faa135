using System.CommandLine;
using System.Diagnostics;
using Digits.Knn;
using Digits.Models;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary><c>digits train --out FILE</c>: fits a model on the MNIST training set and saves it.</summary>
internal static class TrainCommand
{
    public static Command Create(CommandContext context)
    {
        var knn = new KnnOptionSet();
        var data = new DataOption();
        var output = new Option<string>("--out") { Description = "Model file to write.", Required = true };
        var command = new Command("train", "Fit a KNN model on the 60,000 MNIST training images and save it as a model file.");
        knn.AddTo(command);
        data.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse => context.Run(json: false, ui =>
        {
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
}
