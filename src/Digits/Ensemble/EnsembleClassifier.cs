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
    {
        ArgumentNullException.ThrowIfNull(images);
        byte[] predictions = new byte[images.Count];
        const int Block = 64;
        int done = 0;
        Parallel.For(0, (images.Count + Block - 1) / Block, new ParallelOptions { CancellationToken = cancellationToken }, block =>
        {
            int end = Math.Min(images.Count, (block + 1) * Block);
            for (int i = block * Block; i < end; i++)
            {
                predictions[i] = (byte)Classify(images[i]).Digit;
            }

            progress?.Report(Interlocked.Add(ref done, end - (block * Block)));
        });
        return predictions;
    }

    /// <inheritdoc/>
    public DigitPrediction Classify(ReadOnlySpan<byte> image)
    {
        DigitPrediction first = Neighbours.Classify(image);
        DigitPrediction second = Network.Classify(image);
        double[] probabilities = new double[first.Probabilities.Length];
        int best = first.Digit;
        for (int d = 0; d < probabilities.Length; d++)
        {
            probabilities[d] = (first.Probabilities[d] + second.Probabilities[d]) / 2;
        }

        // A tie keeps the neighbour model's answer.
        for (int d = 0; d < probabilities.Length; d++)
        {
            best = probabilities[d] > probabilities[best] ? d : best;
        }

        return new DigitPrediction(best, probabilities, first.Neighbors);
    }
}
