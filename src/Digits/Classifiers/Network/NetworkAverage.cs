using Digits.Images;

namespace Digits.Classifiers.Network;

/// <summary>
/// Several networks read as one: each digit's probability is the equal average of the members'. Networks trained
/// from different seeds and distortions make different mistakes, so their average errs less than any of them.
/// </summary>
public sealed class NetworkAverage : IDigitClassifier
{
    private readonly IDigitClassifier[] _members;

    /// <summary>Creates the average.</summary>
    /// <param name="members">Two or more models that give ten probabilities each.</param>
    /// <exception cref="ArgumentException">Fewer than two members.</exception>
    public NetworkAverage(IReadOnlyList<IDigitClassifier> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2 || members.Any(m => m is null))
        {
            throw new ArgumentException($"An average needs two or more networks, got {members.Count}.", nameof(members));
        }

        _members = [.. members];
    }

    /// <summary>Gets the networks averaged.</summary>
    public IReadOnlyList<IDigitClassifier> Members => _members;

    /// <inheritdoc/>
    public string Description => _members.All(m => m.Description == _members[0].Description)
        ? $"average of {_members.Length} networks, each {_members[0].Description}"
        : $"average of {_members.Length} networks: {string.Join(", ", _members.Select(m => $"[{m.Description}]"))}";

    /// <inheritdoc/>
    public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => ClassifyAll(images, progress, cancellationToken).Select(answer => (byte)answer.Digit).ToArray();

    /// <inheritdoc/>
    public DigitPrediction Classify(ReadOnlySpan<byte> image)
    {
        var answers = new DigitPrediction[_members.Length];
        for (int m = 0; m < _members.Length; m++)
        {
            answers[m] = _members[m].Classify(image);
        }

        return Average(answers);
    }

    /// <inheritdoc/>
    /// <remarks>Each member reads all the images its own batched way, one after the other.</remarks>
    public DigitPrediction[] ClassifyAll(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = images.Count;
        var all = new DigitPrediction[_members.Length][];
        for (int m = 0; m < _members.Length; m++)
        {
            int before = m * n;
            IProgress<int>? part = progress is null ? null : new InlineProgress(done => progress.Report((int)((before + (long)done) / _members.Length)));
            all[m] = _members[m].ClassifyAll(images, part, cancellationToken);
        }

        var answers = new DigitPrediction[n];
        var one = new DigitPrediction[_members.Length];
        for (int i = 0; i < n; i++)
        {
            for (int m = 0; m < _members.Length; m++)
            {
                one[m] = all[m][i];
            }

            answers[i] = Average(one);
        }

        progress?.Report(n);
        return answers;
    }

    // The equal average of the members' probabilities; the lowest digit wins a tie.
    private static DigitPrediction Average(DigitPrediction[] answers)
    {
        var probabilities = new double[answers[0].Probabilities.Length];
        foreach (DigitPrediction answer in answers)
        {
            for (int d = 0; d < probabilities.Length; d++)
            {
                probabilities[d] += answer.Probabilities[d] / answers.Length;
            }
        }

        int best = 0;
        for (int d = 1; d < probabilities.Length; d++)
        {
            if (probabilities[d] > probabilities[best])
            {
                best = d;
            }
        }

        return new DigitPrediction(best, probabilities, []);
    }
}
