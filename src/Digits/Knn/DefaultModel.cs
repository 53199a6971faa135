using Digits.Knn;
using Digits.Preprocessing;

namespace Digits;

/// <summary>
/// The model Digits uses when the user does not choose one: what <c>digits eval</c> (without options),
/// <c>digits predict</c> and the web app read digits with. Chosen by <c>digits tune</c> on the last 10,000
/// training images held out (never on the test set): deskewed and lightly blurred images, k = 5,
/// distance-weighted votes. <c>digits eval --preset seed</c> keeps the notebook's model available.
/// </summary>
public static class DefaultModel
{
    /// <summary>Gets the preprocessing of the default model.</summary>
    public static Preprocessor Preprocessor { get; } = new() { Deskew = true, BlurSigma = 0.75 };

    /// <summary>Gets the KNN settings of the default model.</summary>
    public static KnnOptions Options { get; } = new() { K = 5, Weighting = KnnWeighting.Distance, Tie = TieBreak.Nearest };

    /// <summary>Gets a one-line description of the default configuration.</summary>
    public static string Description => $"KNN {Options} on {Preprocessor}";

    /// <summary>Fits the default model on <paramref name="training"/>.</summary>
    /// <param name="training">Training images and labels, usually the 60,000 MNIST training images.</param>
    /// <returns>The fitted model.</returns>
    public static IDigitClassifier Fit(LabeledImages training) => DigitRecognizer.Fit(training, Preprocessor, Options);
}
