using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Preprocessing;


namespace Digits.Models;

/// <summary>
/// The model Digits uses when the user does not choose one: what <c>digits eval</c> (without model options),
/// <c>digits predict</c> and the web app read digits with. Every setting was chosen by <c>digits tune</c> on the
/// last 10,000 training images held out (never on the test set): deskewed, lightly blurred images; the 1,000
/// nearest by Euclidean distance re-ranked by the image distortion model (warp 2, 3x3 gradient context); the
/// 4 nearest after re-ranking vote, uniformly (the 100 nearest are re-ranked instead where the network is
/// so sure that no vote could change the answer, and the 25 nearest where it is 99.99% sure). Their vote
/// shares are averaged with the probabilities of the two
/// convolutional networks shipped with the library, themselves averaged (<see cref="PretrainedNetwork"/>), the networks weighing 0.6.
/// <c>digits eval --preset seed</c> keeps the notebook's model available.
/// </summary>
public static class DefaultModel
{
    /// <summary>Gets the preprocessing of the default model.</summary>
    public static Preprocessor Preprocessor { get; } = new() { Deskew = true, BlurSigma = 0.75 };

    /// <summary>
    /// Gets the re-ranking and voting settings of the default model. IDM's nearest are often far down the
    /// Euclidean order, so the more candidates re-ranked, the fewer errors on the held-out split (k=4: 57 of
    /// 10,000 with 100 candidates, 55 with 200, 50 with 400, 46 with 1,000; <c>bench neighbour-candidates</c>).
    /// </summary>
    public static DeformationOptions Options { get; } = new() { Candidates = 1000, Warp = 2, K = 4, Weighting = KnnWeighting.Uniform };

    /// <summary>
    /// Gets how many Euclidean candidates are re-ranked where the network is so sure that no vote of the
    /// neighbours could change the answer (<see cref="AverageClassifier.SettledAbove"/>, 83.3% at the neighbours'
    /// weight of 0.4): 100. Their vote still gives the answer's probabilities and the neighbours shown.
    /// </summary>
    public const int SettledCandidates = 100;

    /// <summary>
    /// Gets how many Euclidean candidates are re-ranked when the network is <see cref="NetworkSureAbove"/> sure
    /// (25). At the network's share of 0.6 no vote of the neighbours can overturn such a network (with equal
    /// weights only a unanimous one could), and the nearest few by IDM are nearly always among the 25 nearest by
    /// Euclidean distance, so the answers stay the same (99.68% on the MNIST test set) in less time; the
    /// neighbours shown are nearly always the same.
    /// </summary>
    public const int QuickCandidates = 25;

    /// <summary>Gets how sure the network must be for only <see cref="QuickCandidates"/> candidates to be re-ranked: 0.9999.</summary>
    public const double NetworkSureAbove = 0.9999;

    /// <summary>
    /// Gets the neighbour half's weight in the average, the network's being 0.6: chosen on the held-out split
    /// (network and neighbours fitted on the first 50,000 training images; 0.5 gave 99.63%, 0.4 gave 99.71%,
    /// the best; <c>bench average-weights</c>).
    /// </summary>
    public const double NeighbourWeight = 0.4;

    /// <summary>Gets a one-line description of the default configuration.</summary>
    public static string Description => FormattableString.Invariant($"{Options} ({SettledCandidates} where no vote can change the CNNs' answer, {QuickCandidates} where they are 99.99% sure) on {Preprocessor}, averaged with the two shipped CNNs (weights {NeighbourWeight:0.##} and {1 - NeighbourWeight:0.##})");

    /// <summary>Fits the neighbour half of the default model on <paramref name="training"/> and pairs it with the shipped network.</summary>
    /// <param name="training">Training images and labels, usually the 60,000 MNIST training images.</param>
    /// <returns>The fitted model.</returns>
    public static IDigitClassifier Fit(LabeledImages training)
    {
        DeformationKnnClassifier neighbours = FitNeighbours(training);
        return new AverageClassifier(neighbours, PretrainedNetwork.Network)
        {
            QuickNeighbours = neighbours.WithCandidates(Math.Min(QuickCandidates, training.Count)),
            SureAbove = NetworkSureAbove,
            SettledNeighbours = neighbours.WithCandidates(Math.Min(SettledCandidates, training.Count)),
            NeighbourWeight = NeighbourWeight,
            PersonalWeight = NeighbourWeight,
        };
    }

    /// <summary>
    /// Fits only the neighbour half (KNN with IDM re-ranking) of the default model; on fewer training images than
    /// <see cref="DeformationOptions.Candidates"/>, all of them are re-ranked.
    /// </summary>
    /// <param name="training">Training images and labels.</param>
    /// <returns>The fitted model.</returns>
    public static DeformationKnnClassifier FitNeighbours(LabeledImages training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return DeformationKnnClassifier.Fit(training, Preprocessor, Options with { Candidates = Math.Min(Options.Candidates, training.Count) });
    }
}
