using Digits.Images;

namespace Digits.Classifiers;

/// <summary>
/// Two models that read digits differently, combined: the average of their per-digit probabilities decides.
/// The neighbour model (KNN with deformation re-ranking) explains its answer with the training images that
/// voted; the network generalises better to handwriting unlike MNIST's. Averaging with equal weights
/// needs no tuning. The answer's neighbours are the neighbour model's.
/// </summary>
/// <param name="neighbours">The model whose neighbours explain answers.</param>
/// <param name="network">The second opinion.</param>
public sealed class AverageClassifier(IDigitClassifier neighbours, IDigitClassifier network) : IDigitClassifier
{
    /// <summary>Gets the model whose neighbours explain answers.</summary>
    public IDigitClassifier Neighbours { get; } = neighbours ?? throw new ArgumentNullException(nameof(neighbours));

    /// <summary>Gets the second model.</summary>
    public IDigitClassifier Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <inheritdoc/>
    public string Description => $"average of [{Neighbours.Description}] and [{Network.Description}]";

    /// <inheritdoc/>
    public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => ClassifyAll(images, progress, cancellationToken).Select(answer => (byte)answer.Digit).ToArray();

    /// <inheritdoc/>
    /// <remarks>Each model reads all the images its own batched way (most of the time goes to the neighbour
    /// model: progress counts its images as nine tenths of the work, the network's as the last tenth).</remarks>
    public DigitPrediction[] ClassifyAll(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = images.Count;
        IProgress<int>? first = progress is null ? null : new Progress(done => progress.Report((int)(done * 9L / 10)));
        IProgress<int>? second = progress is null ? null : new Progress(done => progress.Report((int)((n * 9L / 10) + (done / 10))));
        DigitPrediction[] neighbours = Neighbours.ClassifyAll(images, first, cancellationToken);
        DigitPrediction[] network = Network.ClassifyAll(images, second, cancellationToken);
        var answers = new DigitPrediction[n];
        for (int i = 0; i < n; i++)
        {
            answers[i] = Combine(neighbours[i], network[i]);
        }

        progress?.Report(n);
        return answers;
    }

    /// <inheritdoc/>
    public DigitPrediction Classify(ReadOnlySpan<byte> image) => Combine(Neighbours.Classify(image), Network.Classify(image));

    // The average of both models' probabilities decides; a tie at the top keeps the neighbour model's answer.
    private static DigitPrediction Combine(DigitPrediction first, DigitPrediction second)
    {
        double[] probabilities = new double[first.Probabilities.Length];
        for (int d = 0; d < probabilities.Length; d++)
        {
            probabilities[d] = (first.Probabilities[d] + second.Probabilities[d]) / 2;
        }

        int best = first.Digit;
        for (int d = 0; d < probabilities.Length; d++)
        {
            if (probabilities[d] > probabilities[best])
            {
                best = d;
            }
        }

        return new DigitPrediction(best, probabilities, first.Neighbors) { Members = [first, second] };
    }

    // Reports synchronously on the calling thread (System.Progress would post to the thread pool, out of order).
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
