namespace Digits.Classifiers.Knn;

/// <summary>Turns one query's sorted neighbours into per-digit probabilities and a predicted digit.</summary>
internal static class KnnVote
{
    /// <summary>Votes with one query's neighbours: looks up their digits, weighs them and picks the winner.</summary>
    /// <param name="indices">The voters' training indices, nearest first.</param>
    /// <param name="distances">Their distances, nearest first.</param>
    /// <param name="trainingLabels">The digit of every training image.</param>
    /// <param name="weighting">Uniform, or 1 / distance.</param>
    /// <param name="tie">The tie rule.</param>
    /// <param name="labels">Receives the voters' digits (one per index).</param>
    /// <param name="votes">Receives ten probabilities.</param>
    /// <returns>The predicted digit.</returns>
    public static int FromNeighbors(ReadOnlySpan<int> indices, ReadOnlySpan<double> distances, byte[] trainingLabels, KnnWeighting weighting, TieBreak tie, Span<int> labels, Span<double> votes)
    {
        for (int j = 0; j < indices.Length; j++)
        {
            labels[j] = trainingLabels[indices[j]];
        }

        Probabilities(labels[..indices.Length], distances[..indices.Length], weighting, votes);
        return Winner(votes, labels[..indices.Length], tie);
    }

    /// <summary>Adds each neighbour's weight to its digit and normalises the ten sums to probabilities.</summary>
    /// <param name="labels">Neighbour digits, nearest first.</param>
    /// <param name="distances">Neighbour distances, nearest first.</param>
    /// <param name="weighting">Uniform, or 1 / distance with exact matches taking all the weight.</param>
    /// <param name="probabilities">Receives ten probabilities that sum to 1.</param>
    public static void Probabilities(ReadOnlySpan<int> labels, ReadOnlySpan<double> distances, KnnWeighting weighting, Span<double> probabilities)
    {
        probabilities[..10].Clear();
        bool anyExact = weighting == KnnWeighting.Distance && distances.Contains(0.0);
        double total = 0;
        for (int j = 0; j < labels.Length; j++)
        {
            double weight = weighting == KnnWeighting.Uniform ? 1.0
                : anyExact ? (distances[j] == 0.0 ? 1.0 : 0.0)
                : 1.0 / distances[j];
            probabilities[labels[j]] += weight;
            total += weight;
        }

        for (int d = 0; d < 10; d++)
        {
            probabilities[d] /= total;
        }
    }

    /// <summary>Picks the digit with the largest vote, settling ties by <paramref name="tie"/>.</summary>
    /// <param name="votes">Ten vote totals (or probabilities).</param>
    /// <param name="labels">Neighbour digits, nearest first (for <see cref="TieBreak.Nearest"/>).</param>
    /// <param name="tie">The tie rule.</param>
    /// <returns>The predicted digit.</returns>
    public static int Winner(ReadOnlySpan<double> votes, ReadOnlySpan<int> labels, TieBreak tie)
    {
        int best = 0;
        for (int d = 1; d < 10; d++)
        {
            if (votes[d] > votes[best])
            {
                best = d;
            }
        }

        if (tie == TieBreak.Lowest)
        {
            return best;
        }

        // Nearest: of the digits tied at the top, the one met first in distance order.
        foreach (int label in labels)
        {
            if (votes[label] == votes[best])
            {
                return label;
            }
        }

        return best;
    }
}
