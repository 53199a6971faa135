namespace Digits.Ensemble;

/// <summary>
/// Two models that read digits differently, combined: the average of their per-digit probabilities decides.
/// The neighbour model (KNN with deformation re-ranking) explains its answer with the training images that
/// voted; the network generalises better to handwriting unlike MNIST's. Averaging with equal weights
/// needs no tuning. The answer's neighbours are the neighbour model's.
/// </summary>
/// <param name="neighbours">The model whose neighbours explain answers.</param>
/// <param name="network">The second opinion.</param>
public sealed class EnsembleClassifier(IDigitClassifier neighbours, IDigitClassifier network) : IDigitClassifier
{
    /// <summary>Gets the model whose neighbours explain answers.</summary>
    public IDigitClassifier Neighbours { get; } = neighbours ?? throw new ArgumentNullException(nameof(neighbours));

    /// <summary>Gets the second model.</summary>
    public IDigitClassifier Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <inheritdoc/>
    public string Description => $"average of [{Neighbours.Description}] and [{Network.Description}]";

    /// <inheritdoc/>
    public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => ParallelClassify.Predict(this, images, progress, cancellationToken);

    /// <inheritdoc/>
    public DigitPrediction Classify(ReadOnlySpan<byte> image)
    {
        DigitPrediction first = Neighbours.Classify(image);
        DigitPrediction second = Network.Classify(image);
        double[] probabilities = new double[first.Probabilities.Length];
        for (int d = 0; d < probabilities.Length; d++)
        {
            probabilities[d] = (first.Probabilities[d] + second.Probabilities[d]) / 2;
        }

        // A tie at the top keeps the neighbour model's answer.
        int best = Knn.KnnVote.Winner(probabilities, [first.Digit], Knn.TieBreak.Nearest);
        return new DigitPrediction(best, probabilities, first.Neighbors);
    }
}
