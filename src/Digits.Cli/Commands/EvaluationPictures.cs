using Digits.Classifiers;
using Digits.Data;
using Digits.Evaluation;
using Digits.Reports;

namespace Digits.Cli.Commands;

/// <summary>Writes the PNG reports of <c>digits eval --report DIR</c>.</summary>
internal static class EvaluationPictures
{
    /// <summary>Most misclassified digits drawn in errors.png.</summary>
    public const int GalleryRows = 24;

    public static void Write(IDigitClassifier classifier, MnistData mnist, EvaluationReport result, string folder)
    {
        Directory.CreateDirectory(folder);
        ConfusionHeatmap.Write(result.Confusion, $"MNIST test set: {result.Accuracy:P2} correct, {result.Errors} errors", result.Model, Path.Combine(folder, "confusion.png"));
        var entries = new List<GalleryEntry>();
        for (int i = 0; i < result.Predictions.Length && entries.Count < GalleryRows; i++)
        {
            if (result.Predictions[i] != mnist.Test.Labels[i])
            {
                DigitPrediction explained = classifier.Classify(mnist.Test.Images[i]);
                entries.Add(new GalleryEntry(i, mnist.Test.Labels[i], result.Predictions[i], explained.Neighbors));
            }
        }

        ErrorGallery.Write(mnist.Test.Images, mnist.Train.Images, entries, Path.Combine(folder, "errors.png"));
        if (result.Calibration is { } calibration)
        {
            CalibrationPlots.WriteReliability(calibration, Path.Combine(folder, "reliability.png"));
            CalibrationPlots.WriteRiskCoverage(calibration, Path.Combine(folder, "risk-coverage.png"));
        }
    }
}
