namespace Digits;

/// <summary>A KNN answer for one image.</summary>
/// <param name="Digit">The predicted digit.</param>
/// <param name="Probabilities">Ten per-digit probabilities (the weighted vote shares), index = digit.</param>
/// <param name="Neighbors">The neighbours that voted, nearest first.</param>
public sealed record KnnPrediction(int Digit, double[] Probabilities, Neighbor[] Neighbors)
{
    /// <summary>Gets the probability of the predicted digit.</summary>
    public double Confidence => Probabilities[Digit];
}
