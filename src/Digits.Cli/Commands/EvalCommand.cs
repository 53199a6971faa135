using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Digits.Cli.Terminal;
using Digits.Data;
using Digits.Evaluation;
using Digits.Knn;
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
        var command = new Command("eval", "Evaluate a KNN model on the 10,000 MNIST test images.");
        knn.AddTo(command);
        data.AddTo(command);
        command.Options.Add(model);
        command.Options.Add(json);
        command.Options.Add(predictions);
        command.SetAction(parse => context.Run(parse.GetValue(json), ui =>
        {
            MnistData mnist = data.Load(parse, ui, context.Cancellation);
            var clock = Stopwatch.StartNew();
            KnnClassifier classifier;
            if (parse.GetValue(model) is { } modelPath)
            {
                if (knn.AnyGiven(parse))
                {
                    throw new UsageException("--model takes its settings from the file; do not combine it with --preset, --k, --weights, --metric or --tie.");
                }

                classifier = ModelFile.Load(modelPath).Model;
            }
            else
            {
                classifier = KnnClassifier.Fit(mnist.Train, knn.Build(parse));
            }

            double fitSeconds = clock.Elapsed.TotalSeconds;
            EvaluationReport report = ui.Progress(
                "classifying test images",
                mnist.Test.Count,
                progress => Evaluator.Evaluate(classifier, mnist.Test, progress, context.Cancellation));

            if (parse.GetValue(predictions) is { } predictionsPath)
            {
                AtomicFile.WriteAllText(predictionsPath, string.Join('\n', report.Predictions) + "\n");
                ui.Report($"predictions: {report.Predictions.Length:N0} lines written to {predictionsPath}");
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(EvaluationJson.From(report, fitSeconds, mnist.Source), EvaluationJson.Options));
            }
            else
            {
                EvaluationTables.Write(ui.Out, report, fitSeconds);
            }

            return 0;
        }));
        return command;
    }
}
