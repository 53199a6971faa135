using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Cli.Terminal;
using Digits.Data;
using Digits.Evaluation;
using Digits.Files;
using Digits.Models;

namespace Digits.Cli.Commands;

/// <summary><c>digits eval</c>: fits (or loads) a model and scores it on the MNIST test set.</summary>
internal static class EvalCommand
{
    public static Command Create(CommandContext context)
    {
        var knn = new KnnOptionSet();
        var data = new DataOption();
        var model = new Option<string?>("--model") { Description = "Evaluate a model file saved by 'digits train' instead of fitting one." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (accuracy as a fraction, seconds, confusion matrix) and nothing else on stdout." };
        var predictions = new Option<string?>("--predictions") { Description = "Write one predicted digit per line, in test-set order, to this file." };
        var report = new Option<string?>("--report") { Description = "Folder for PNG reports: confusion.png (heat map) and errors.png (misclassified digits with the neighbours that voted)." };
        var skipAblation = new Option<bool>("--skip-ablation") { Description = "Do not score the ablation steps that the default model's evaluation prints." };
        var command = new Command("eval", "Evaluate a model on the 10,000 MNIST test images (the default model unless model options or --model are given).");
        knn.AddTo(command);
        data.AddTo(command);
        command.Options.Add(model);
        command.Options.Add(json);
        command.Options.Add(predictions);
        command.Options.Add(report);
        command.Options.Add(skipAblation);
        command.SetAction(parse => context.Run(parse.GetValue(json), ui =>
        {
            MnistData mnist = data.Load(parse, ui, context.Cancellation);
            var clock = Stopwatch.StartNew();
            IDigitClassifier classifier;
            bool isDefault = parse.GetValue(model) is null && !knn.AnyGiven(parse);
            if (parse.GetValue(model) is not null && knn.AnyGiven(parse))
            {
                throw new UsageException("--model takes its settings from the file; do not combine it with --preset, --k, --weights, --metric or --tie.");
            }

            classifier = knn.AnyGiven(parse)
                ? KnnClassifier.Fit(mnist.Train, knn.Build(parse))
                : ModelSource.Load(parse.GetValue(model), () => mnist.Train).Classifier;

            double fitSeconds = clock.Elapsed.TotalSeconds;
            ui.Report($"vector paths: {Digits.Kernels.KernelPaths.Describe()}");
            EvaluationReport result = ui.Progress(
                "classifying test images",
                mnist.Test.Count,
                progress => Evaluator.Evaluate(classifier, mnist.Test, calibrate: classifier is AverageClassifier || parse.GetValue(report) is not null, progress, context.Cancellation));

            if (parse.GetValue(predictions) is { } predictionsPath)
            {
                AtomicFile.WriteAllText(predictionsPath, string.Join('\n', result.Predictions) + "\n");
                ui.Report($"predictions: {result.Predictions.Length:N0} lines written to {predictionsPath}");
            }

            if (parse.GetValue(report) is { } folder)
            {
                EvaluationPictures.Write(classifier, mnist, result, folder);
                ui.Report($"reports: {Path.Combine(folder, "confusion.png")}, {Path.Combine(folder, "errors.png")}, {Path.Combine(folder, "reliability.png")}, {Path.Combine(folder, "risk-coverage.png")}");
            }

            IReadOnlyList<AblationStep>? ablation = null;
            if (isDefault && !parse.GetValue(skipAblation))
            {
                ablation = ui.Progress(
                    "ablation (scoring each step on the test set)",
                    4,
                    progress =>
                    {
                        int done = 0;
                        var neighbours = (classifier as AverageClassifier)?.Neighbours;
                        return Ablation.Run(mnist.Train, mnist.Test, result, _ => progress.Report(++done), neighbours, context.Cancellation);
                    });
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(EvaluationJson.From(result, fitSeconds, mnist.Source, ablation), EvaluationJson.Options));
            }
            else
            {
                EvaluationTables.Write(ui.Out, result, fitSeconds);
                if (ablation is not null)
                {
                    EvaluationTables.WriteAblation(ui.Out, ablation);
                }
            }

            return 0;
        }));
        return command;
    }
}
