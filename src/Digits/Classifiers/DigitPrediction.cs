using Digits.Search;

namespace Digits.Classifiers;

/// <summary>The answer for one 28x28 image: digit, per-digit probabilities, and the training images behind it.</summary>
/// <param name="Digit">The predicted digit.</param>
/// <param name="Probabilities">Ten per-digit probabilities (the weighted vote shares), index = digit.</param>
/// <param name="Neighbors">The training images that voted, nearest first (empty for models without neighbours).</param>
public sealed record DigitPrediction(int Digit, double[] Probabilities, Neighbor[] Neighbors)
{
    /// <summary>Gets the probability of the predicted digit.</summary>
    public double Confidence => Probabilities[Digit];

    /// <summary>
    /// Gets the answers this one was made from, when it is an average of models (<see cref="AverageClassifier"/>:
    /// the neighbours' first, the network's second); empty otherwise.
    /// </summary>
    public IReadOnlyList<DigitPrediction> Members { get; init; } = [];
}
