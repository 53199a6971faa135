using Digits.Knn;

namespace Digits;

/// <summary>
/// The model Digits uses when the user does not choose one: what <c>digits predict</c> and the web app
/// read digits with. <c>digits eval --preset seed</c> keeps the notebook's model available whatever this becomes.
/// </summary>
public static class DefaultModel
{
    /// <summary>Gets a one-line description of the default configuration.</summary>
    public static string Description => $"KNN {new KnnOptions()}";

    /// <summary>Fits the default model on <paramref name="training"/>.</summary>
    /// <param name="training">Training images and labels, usually the 60,000 MNIST training images.</param>
    /// <returns>The fitted model.</returns>
    public static IDigitClassifier Fit(LabeledImages training) => KnnClassifier.Fit(training, new KnnOptions());
}
