using Digits.Deformation;
using Digits.Knn;
using Digits.Preprocessing;

namespace Digits;

/// <summary>
/// The model Digits uses when the user does not choose one: what <c>digits eval</c> (without model options),
/// <c>digits predict</c> and the web app read digits with. Every setting was chosen by <c>digits tune</c> on the
/// last 10,000 training images held out (never on the test set): deskewed, lightly blurred images; the 100
/// nearest by Euclidean distance re-ranked by the image distortion model (warp 2, 3x3 gradient context); the
/// 4 nearest after re-ranking vote, uniformly. <c>digits eval --preset seed</c> keeps the notebook's model available.
/// </summary>
public static class DefaultModel
{
    /// <summary>Gets the preprocessing of the default model.</summary>
    public static Preprocessor Preprocessor { get; } = new() { Deskew = true, BlurSigma = 0.75 };

    /// <summary>Gets the re-ranking and voting settings of the default model.</summary>
    public static DeformationOptions Options { get; } = new() { Candidates = 100, Warp = 2, K = 4, Weighting = KnnWeighting.Uniform };

    /// <summary>Gets a one-line description of the default configuration.</summary>
    public static string Description => $"{Options} on {Preprocessor}";

    /// <summary>Fits the default model on <paramref name="training"/>.</summary>
    /// <param name="training">Training images and labels, usually the 60,000 MNIST training images.</param>
    /// <returns>The fitted model.</returns>
    public static IDigitClassifier Fit(LabeledImages training) => DeformationRecognizer.Fit(training, Preprocessor, Options);
}
