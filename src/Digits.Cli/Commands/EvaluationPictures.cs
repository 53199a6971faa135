using Digits.Classifiers;
using Digits.Cli.Terminal;
using Digits.Evaluation;
using Digits.Images;
using Digits.Photos;
using Digits.Reports;

namespace Digits.Cli.Commands;

/// <summary>Writes the PNG reports of <c>digits eval --report DIR</c>.</summary>
internal static class EvaluationPictures
{
    /// <summary>Most misclassified digits drawn in errors.png.</summary>
    public const int GalleryRows = 24;

    /// <summary>The files written.</summary>
    public static readonly string[] Files = ["confusion.png", "errors.png", "reliability.png", "risk-coverage.png", "refusals.png"];

    /// <summary>Writes every report into the folder and says where; the refusals are measured here (the test's digits read as drawings beside the things that are not digits).</summary>
    public static void Write(Ui ui, IDigitClassifier classifier, LabeledImages test, ImageSet training, EvaluationReport result, string testName, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        ConfusionHeatmap.Write(result.Confusion, $"{testName}: {result.Accuracy:P2} correct, {result.Errors} errors", result.Model, Path.Combine(folder, "confusion.png"));
        var entries = new List<GalleryEntry>();
        for (int i = 0; i < result.Predictions.Length && entries.Count < GalleryRows; i++)
        {
            if (result.Predictions[i] != test.Labels[i])
            {
                DigitPrediction explained = classifier.Classify(test.Images[i]);
                entries.Add(new GalleryEntry(i, test.Labels[i], result.Predictions[i], explained.Neighbors));
            }
        }

        ErrorGallery.Write(test.Images, training, entries, Path.Combine(folder, "errors.png"));
        if (result.Calibration is { } calibration)
        {
            CalibrationPlots.WriteReliability(calibration, Path.Combine(folder, "reliability.png"));
            CalibrationPlots.WriteRiskCoverage(calibration, Path.Combine(folder, "risk-coverage.png"));
        }

        IReadOnlyList<RefusalRate> refusals = ui.Progress("refusals (real digits and things that are not digits)", 1, _ => RefusalSurvey.Measure(new DigitReader(classifier), test.Images, testName, cancellationToken));
        RefusalChart.Write(refusals, Path.Combine(folder, "refusals.png"));
        foreach (RefusalRate rate in refusals)
        {
            ui.Report($"refused: {rate.Share,6:P1} of {rate.Count,6:N0} {rate.Kind}");
        }

        ui.Report($"reports: {string.Join(", ", Files.Where(f => File.Exists(Path.Combine(folder, f))).Select(f => Path.Combine(folder, f)))}");
    }
}
