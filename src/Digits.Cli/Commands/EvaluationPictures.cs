using Digits.Classifiers;
using Digits.Evaluation;
using Digits.Images;
using Digits.Reports;

namespace Digits.Cli.Commands;

/// <summary>Writes the PNG reports of <c>digits eval --report DIR</c>.</summary>
internal static class EvaluationPictures
{
    /// <summary>Most misclassified digits drawn in errors.png.</summary>
    public const int GalleryRows = 24;

    public static void Write(IDigitClassifier classifier, LabeledImages test, ImageSet training, EvaluationReport result, string testName, string folder)
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
    }
}
