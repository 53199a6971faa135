using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Cli.Terminal;
using Digits.Data;
using Digits.Evaluation;
using Digits.Files;
using Digits.Images;
using Digits.Models;
using Digits.Photos;

namespace Digits.Cli.Commands;

/// <summary>
/// <c>digits eval</c>: fits (or loads) a model and scores it on the MNIST test set, or on the user's own labelled
/// data (<see cref="LabeledDataOptions"/>): an IDX pair, or a folder of images read through the photo pipeline.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CommandContext context)
    {
        var knn = new KnnOptionSet();
        var data = new DataOption();
        var sets = new LabeledDataOptions();
        var model = new Option<string?>("--model") { Description = "Evaluate a model file saved by 'digits train' instead of fitting one; 'network' is the shipped network alone, 'neighbours' the default model's KNN half alone." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (accuracy as a fraction, seconds, confusion matrix) and nothing else on stdout." };
        var predictions = new Option<string?>("--predictions") { Description = "Write one predicted digit per line, in test-set order, to this file; for a --test folder, 'file<TAB>label<TAB>prediction' per line." };
        var report = new Option<string?>("--report") { Description = "Folder for PNG reports: confusion.png (heat map), errors.png (misclassified digits with the neighbours that voted), reliability.png, risk-coverage.png and refusals.png (the share refused of the test's digits beside clothes, letters and scribbles)." };
        var skipAblation = new Option<bool>("--skip-ablation") { Description = "Do not score the ablation steps that the default model's evaluation prints." };
        var command = new Command("eval", "Evaluate a model on the 10,000 MNIST test images, or on labelled data of your own with --test (the default model unless model options or --model are given).");
        knn.AddTo(command);
        data.AddTo(command);
        sets.AddTo(command);
        command.Options.Add(model);
        command.Options.Add(json);
        command.Options.Add(predictions);
        command.Options.Add(report);
        command.Options.Add(skipAblation);
        command.SetAction(parse => context.Run(parse.GetValue(json), ui =>
        {
            bool isDefault = parse.GetValue(model) is null && !knn.AnyGiven(parse);
            if (parse.GetValue(model) is not null && knn.AnyGiven(parse))
            {
                throw new UsageException("--model takes its settings from the file; do not combine it with --preset, --k, --weights, --metric or --tie.");
            }

            if (parse.GetValue(model) is { } named && named != ModelSource.NeighboursName && sets.HasTrain(parse))
            {
                throw new UsageException("--model brings its own training images (or, for a network, none); --train applies to a model fitted here.");
            }

            sets.Check(parse);

            // MNIST is read only for the part the user did not replace.
            var mnist = new Lazy<MnistData>(() => data.Load(parse, ui, context.Cancellation));
            var pipelineReader = new Lazy<DigitReader>(() => new DigitReader(PretrainedNetwork.Network));
            LabeledSet? ownTrain = sets.LoadTrain(parse, ui, () => pipelineReader.Value, context.Cancellation);
            LabeledImages train() => ownTrain?.Images ?? mnist.Value.Train;

            var clock = Stopwatch.StartNew();
            LoadedClassifier loaded = knn.AnyGiven(parse)
                ? new LoadedClassifier(KnnClassifier.Fit(train(), knn.Build(parse)), train())
                : ModelSource.Load(parse.GetValue(model), train);
            IDigitClassifier classifier = loaded.Classifier;
            double fitSeconds = clock.Elapsed.TotalSeconds;

            LabeledSet? ownTest = sets.LoadTest(parse, ui, () => new DigitReader(classifier), context.Cancellation);
            LabeledImages test = ownTest?.Images ?? mnist.Value.Test;
            string testName = ownTest is null ? "MNIST test set" : $"{ownTest.Description}";
            string trainName = ownTrain?.Description ?? (parse.GetValue(model) is { } file ? $"as saved in {file}" : mnist.Value.Source);
            string source = $"test: {(ownTest is null ? mnist.Value.Source : ownTest.Description)}; training: {trainName}";
            ui.Report($"vector paths: {Digits.Kernels.KernelPaths.Describe()}");
            EvaluationReport result = ui.Progress(
                "classifying test images",
                test.Count,
                progress => Evaluator.Evaluate(classifier, test, calibrate: classifier is AverageClassifier || parse.GetValue(report) is not null, progress, context.Cancellation));

            if (parse.GetValue(predictions) is { } predictionsPath)
            {
                // A folder's predictions name their files; MNIST's and an IDX pair's are in set order.
                IEnumerable<string> lines = ownTest?.Folder is { } folder
                    ? result.Predictions.Select((p, i) => $"{folder.Files[i]}\t{test.Labels[i]}\t{p}")
                    : result.Predictions.Select(p => $"{p}");
                AtomicFile.WriteAllText(predictionsPath, string.Join('\n', lines) + "\n");
                ui.Report($"predictions: {result.Predictions.Length:N0} lines written to {predictionsPath}");
            }

            if (parse.GetValue(report) is { } reportFolder)
            {
                EvaluationPictures.Write(ui, classifier, test, loaded.Training?.Images ?? train().Images, result, testName, reportFolder, context.Cancellation);
            }

            IReadOnlyList<AblationStep>? ablation = null;
            if (isDefault && ownTest is null && ownTrain is null && !parse.GetValue(skipAblation))
            {
                ablation = ui.Progress(
                    "ablation (scoring each step on the test set)",
                    4,
                    progress =>
                    {
                        int done = 0;
                        var neighbours = (classifier as AverageClassifier)?.Neighbours;
                        return Ablation.Run(mnist.Value.Train, mnist.Value.Test, result, _ => progress.Report(++done), neighbours, context.Cancellation);
                    });
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(EvaluationJson.From(result, fitSeconds, source, ablation, ownTest?.Folder), EvaluationJson.Options));
            }
            else
            {
                EvaluationTables.Write(ui.Out, result, fitSeconds, testName);
                if (ownTest?.Folder is { } folder)
                {
                    EvaluationTables.WriteFolder(ui.Out, folder, result);
                }

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
