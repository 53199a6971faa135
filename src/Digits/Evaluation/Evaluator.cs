using System.Diagnostics;
using Digits.Classifiers;
using Digits.Images;

namespace Digits.Evaluation;

/// <summary>Scores a classifier on a labelled set: accuracy, confusion matrix, per-digit metrics and time.</summary>
public static class Evaluator
{
    /// <summary>Predicts every image of <paramref name="test"/> and compares with its labels.</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="test">Images with true digits.</param>
    /// <param name="progress">Receives the number of images done.</param>
    /// <param name="cancellationToken">Stops the work between blocks.</param>
    /// <returns>The report.</returns>
    public static EvaluationReport Evaluate(IDigitClassifier classifier, LabeledImages test, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => Evaluate(classifier, test, calibrate: false, progress, cancellationToken);

    /// <summary>Predicts every image of <paramref name="test"/>, compares with its labels and, when asked, measures the calibration.</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="test">Images with true digits.</param>
    /// <param name="calibrate">Whether to keep every answer's probabilities and measure the calibration
    /// (<see cref="EvaluationReport.Calibration"/>); a plain KNN then reads image by image rather than in blocks.</param>
    /// <param name="progress">Receives the number of images done.</param>
    /// <param name="cancellationToken">Stops the work between blocks.</param>
    /// <returns>The report.</returns>
    public static EvaluationReport Evaluate(IDigitClassifier classifier, LabeledImages test, bool calibrate, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(test);
        var clock = Stopwatch.StartNew();
        DigitPrediction[]? answers = calibrate ? classifier.ClassifyAll(test.Images, progress, cancellationToken) : null;
        byte[] predictions = answers?.Select(a => (byte)a.Digit).ToArray() ?? classifier.Predict(test.Images, progress, cancellationToken);
        double seconds = clock.Elapsed.TotalSeconds;
        return new EvaluationReport(classifier.Description, predictions, new ConfusionMatrix(test.Labels, predictions), seconds)
        {
            Calibration = answers is null ? null : Calibration.Measure(answers, test.Labels),
        };
    }
}
