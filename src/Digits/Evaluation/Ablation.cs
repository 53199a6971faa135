using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Models;
using Digits.Preprocessing;


namespace Digits.Evaluation;

/// <summary>One step of an ablation: a model, its test accuracy, and what it adds to the step before.</summary>
/// <param name="Step">What the step adds, for example <c>+ deskew</c>.</param>
/// <param name="Model">Description of the model after the step.</param>
/// <param name="Accuracy">Its accuracy on the test set.</param>
/// <param name="Errors">Its number of errors.</param>
/// <param name="Gain">Accuracy gained over the previous step (0 for the first).</param>
/// <param name="Seconds">Time to classify the test set.</param>
public sealed record AblationStep(string Step, string Model, double Accuracy, int Errors, double Gain, double Seconds);

/// <summary>
/// Shows where the default model's accuracy comes from: the notebook's model on raw pixels, then each
/// preprocessing step with the notebook's k = 3 vote, then the default model's re-ranking, then the average
/// with the network (the default model), scored on one labelled set in order.
/// </summary>
public static class Ablation
{
    /// <summary>Scores each step; the last step is the already-scored default model.</summary>
    /// <param name="training">Training images and labels.</param>
    /// <param name="test">The set every step is scored on.</param>
    /// <param name="defaultReport">The default model's report on <paramref name="test"/> (not scored again).</param>
    /// <param name="stepDone">Receives the name of each step as it finishes.</param>
    /// <param name="neighbours">The default model's neighbour half when already fitted (else it is fitted here).</param>
    /// <param name="cancellationToken">Stops the work between blocks.</param>
    /// <returns>One row per step, in order.</returns>
    public static IReadOnlyList<AblationStep> Run(LabeledImages training, LabeledImages test, EvaluationReport defaultReport, Action<string>? stepDone = null, IDigitClassifier? neighbours = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(defaultReport);
        var deskew = new Preprocessor { Deskew = true };
        var steps = new List<(string Step, Func<IDigitClassifier> Fit)>
        {
            ("raw pixels, k=3 (the notebook)", () => KnnClassifier.Fit(training, KnnOptions.Seed)),
            ("+ deskew", () => PreprocessedKnnClassifier.Fit(training, deskew, KnnOptions.Seed)),
            ($"+ blur {DefaultModel.Preprocessor.BlurSigma:0.0#}", () => PreprocessedKnnClassifier.Fit(training, DefaultModel.Preprocessor, KnnOptions.Seed)),
            ($"+ IDM re-ranking of {DefaultModel.Options.Candidates} candidates, k={DefaultModel.Options.K}", () => neighbours ?? DefaultModel.FitNeighbours(training)),
        };

        var rows = new List<AblationStep>();
        double previous = 0;
        GC.Collect(); // what scoring the default model left behind, before the first fit
        foreach (var (step, fit) in steps)
        {
            EvaluationReport report = Evaluator.Evaluate(fit(), test, null, cancellationToken);
            rows.Add(new AblationStep(step, report.Model, report.Accuracy, report.Errors, rows.Count == 0 ? 0 : report.Accuracy - previous, report.Seconds));
            previous = report.Accuracy;
            stepDone?.Invoke(step);

            // Each step's model (a preprocessed copy of the training set and its index) is garbage now; collect
            // it before the next fit, so the ablation never holds two models at once (peak memory under 400 MB).
            GC.Collect();
        }

        rows.Add(new AblationStep(
            "+ averaged with the two networks (default model)",
            defaultReport.Model,
            defaultReport.Accuracy,
            defaultReport.Errors,
            defaultReport.Accuracy - previous,
            defaultReport.Seconds));
        return rows;
    }
}
