using System.Globalization;
using Digits.Images;

namespace Digits.Classifiers;

/// <summary>
/// Two models that read digits differently, combined: the average of their per-digit probabilities decides.
/// The neighbour model (KNN with deformation re-ranking) explains its answer with the training images that
/// voted; the network generalises better to handwriting unlike MNIST's. The weights are equal unless
/// <see cref="NeighbourWeight"/> says otherwise. The answer's neighbours are the neighbour model's.
/// </summary>
/// <param name="neighbours">The model whose neighbours explain answers.</param>
/// <param name="network">The second opinion.</param>
public sealed class AverageClassifier(IDigitClassifier neighbours, IDigitClassifier network) : IDigitClassifier
{
    /// <summary>Gets the model whose neighbours explain answers.</summary>
    public IDigitClassifier Neighbours { get; } = neighbours ?? throw new ArgumentNullException(nameof(neighbours));

    /// <summary>Gets the second model.</summary>
    public IDigitClassifier Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <summary>
    /// Gets a cheaper neighbour model asked instead of <see cref="Neighbours"/> when the network is at least
    /// <see cref="SureAbove"/> sure (for example the same KNN re-ranking fewer candidates), or null to always ask
    /// <see cref="Neighbours"/>. Then the answer can only differ from the network's if every neighbour voting
    /// names another digit, so the full re-ranking is kept for the images where the network has doubts.
    /// </summary>
    public IDigitClassifier? QuickNeighbours { get; init; }

    /// <summary>Gets how sure the network must be for <see cref="QuickNeighbours"/> to be asked. Defaults to 0.999.</summary>
    public double SureAbove { get; init; } = 0.999;

    /// <summary>
    /// Gets a cheaper neighbour model asked instead of <see cref="Neighbours"/> where the network is so sure that
    /// no vote of the neighbours could change the answer (above <see cref="SettledAbove"/>, and below
    /// <see cref="SureAbove"/> when <see cref="QuickNeighbours"/> is set), or null to ask <see cref="Neighbours"/>
    /// there. It gives the answer's probabilities and neighbours; the digit is the one <see cref="Neighbours"/> would give.
    /// </summary>
    public IDigitClassifier? SettledNeighbours { get; init; }

    /// <summary>
    /// Gets the network's confidence above which no vote of the neighbours can change the answer: when the
    /// neighbours weigh w (the larger of <see cref="NeighbourWeight"/> and <see cref="PersonalWeight"/>), the
    /// network's digit keeps at least (1 - w) times its confidence c, and any other digit gets at most
    /// w + (1 - w)(1 - c), so the answer is settled once c exceeds 1 / (2 (1 - w)): 0.8333 at w = 0.4, never at 0.5.
    /// </summary>
    public double SettledAbove => 1 / (2 * (1 - Math.Max(NeighbourWeight, PersonalWeight)));

    /// <summary>Gets the weight of the neighbour model's vote shares in the average (the network's being one minus it). Defaults to 0.5.</summary>
    public double NeighbourWeight { get; init; } = 0.5;

    /// <summary>
    /// Gets the weight of the neighbour model's vote shares (the network's being one minus it) when one of the
    /// neighbours that voted is the user's own example (<see cref="Search.Neighbor.Personal"/>); otherwise
    /// <see cref="NeighbourWeight"/>. Defaults to 0.5.
    /// </summary>
    public double PersonalWeight { get; init; } = 0.5;

    /// <inheritdoc/>
    public string Description
    {
        get
        {
            string description = $"average of [{Neighbours.Description}]{Share} and [{Network.Description}]";
            if (SettledNeighbours is not null && SettledAbove < 1)
            {
                description += $", with {Shortened(SettledNeighbours)} where no vote can change the network's answer (it is {SettledAbove.ToString("0.##%", CultureInfo.InvariantCulture)} sure)";
            }

            if (QuickNeighbours is not null)
            {
                description += $", {(SettledNeighbours is null ? "with " : "")}{Shortened(QuickNeighbours)} where the network is {SureAbove.ToString("0.##%", CultureInfo.InvariantCulture)} sure";
            }

            return description;
        }
    }

    // The neighbours' weight when the two do not weigh the same.
    private string Share => NeighbourWeight == 0.5 ? "" : string.Create(CultureInfo.InvariantCulture, $" x {NeighbourWeight:0.##}");

    // A cheaper neighbour model's description, without what it shares with the full one (" on" the same data).
    private string Shortened(IDigitClassifier cheaper)
    {
        string description = cheaper.Description;
        int on = description.IndexOf(" on ", StringComparison.Ordinal);
        return on > 0 && Neighbours.Description.EndsWith(description[on..], StringComparison.Ordinal) ? $"[{description[..on]} on the same]" : $"[{description}]";
    }

    // The neighbour model to ask where the network is this sure.
    private IDigitClassifier NeighboursFor(double networkConfidence)
    {
        if (QuickNeighbours is not null && networkConfidence >= SureAbove)
        {
            return QuickNeighbours;
        }

        return SettledNeighbours is not null && networkConfidence > SettledAbove ? SettledNeighbours : Neighbours;
    }

    /// <inheritdoc/>
    public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => ClassifyAll(images, progress, cancellationToken).Select(answer => (byte)answer.Digit).ToArray();

    /// <inheritdoc/>
    /// <remarks>Each model reads all the images its own batched way, the network first (most of the time goes to
    /// the neighbour model: progress counts the network's images as the first tenth of the work).</remarks>
    public DigitPrediction[] ClassifyAll(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = images.Count;
        IProgress<int>? first = progress is null ? null : new InlineProgress(done => progress.Report(done / 10));
        DigitPrediction[] network = Network.ClassifyAll(images, first, cancellationToken);
        var neighbours = new DigitPrediction[n];
        int doneBefore = 0;
        foreach (IGrouping<IDigitClassifier, int> group in Enumerable.Range(0, n).GroupBy(i => NeighboursFor(network[i].Confidence)))
        {
            IDigitClassifier model = group.Key;
            int[] part = [.. group];
            int offset = doneBefore;
            IProgress<int>? second = progress is null ? null : new InlineProgress(done => progress.Report((int)((n / 10) + ((offset + done) * 9L / 10))));
            DigitPrediction[] answers = model.ClassifyAll(part.Length == n ? images : images.Select(part), second, cancellationToken);
            for (int j = 0; j < part.Length; j++)
            {
                neighbours[part[j]] = answers[j];
            }

            doneBefore += part.Length;
        }

        var combined = new DigitPrediction[n];
        for (int i = 0; i < n; i++)
        {
            combined[i] = Combine(neighbours[i], network[i]);
        }

        progress?.Report(n);
        return combined;
    }

    /// <inheritdoc/>
    public DigitPrediction Classify(ReadOnlySpan<byte> image) => Classify(image, Network.Classify(image));

    /// <summary>
    /// Reads one image whose <see cref="Network"/> answer is already known (the caller read the same image with it
    /// before, for example to screen candidates): only the neighbour model is asked, and the answer is the one
    /// <see cref="Classify(ReadOnlySpan{byte})"/> gives.
    /// </summary>
    /// <param name="image">The image, as <see cref="Classify(ReadOnlySpan{byte})"/> takes it.</param>
    /// <param name="network"><see cref="Network"/>'s answer for this very image.</param>
    /// <returns>The answer.</returns>
    public DigitPrediction Classify(ReadOnlySpan<byte> image, DigitPrediction network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Combine(NeighboursFor(network.Confidence).Classify(image), network);
    }

    // The average of both models' probabilities decides; a tie at the top keeps the neighbour model's answer.
    private DigitPrediction Combine(DigitPrediction first, DigitPrediction second)
    {
        double weight = Array.Exists(first.Neighbors, n => n.Personal) ? PersonalWeight : NeighbourWeight;
        double[] probabilities = new double[first.Probabilities.Length];
        for (int d = 0; d < probabilities.Length; d++)
        {
            probabilities[d] = (weight * first.Probabilities[d]) + ((1 - weight) * second.Probabilities[d]);
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
}
