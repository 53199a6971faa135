namespace Digits.Evaluation;

/// <summary>A 10x10 count of (true digit, predicted digit) pairs, with the metrics derived from it.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts = new int[10, 10];

    /// <summary>Builds the matrix from true and predicted digits.</summary>
    /// <param name="truth">True digits.</param>
    /// <param name="predicted">Predicted digits, same length.</param>
    public ConfusionMatrix(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> predicted)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"Expected as many predictions as labels ({truth.Length}), got {predicted.Length}.", nameof(predicted));
        }

        for (int i = 0; i < truth.Length; i++)
        {
            _counts[truth[i], predicted[i]]++;
        }

        Total = truth.Length;
    }

    /// <summary>Gets the number of images counted.</summary>
    public int Total { get; }

    /// <summary>Gets how many images of digit <paramref name="truth"/> were read as <paramref name="predicted"/>.</summary>
    /// <param name="truth">The true digit.</param>
    /// <param name="predicted">The predicted digit.</param>
    public int this[int truth, int predicted] => _counts[truth, predicted];

    /// <summary>Gets the number of correct predictions (the diagonal).</summary>
    public int Correct => Enumerable.Range(0, 10).Sum(d => _counts[d, d]);

    /// <summary>Gets the fraction correct.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Precision, recall, F1 and support of each digit.</summary>
    /// <returns>Ten rows, index = digit.</returns>
    public IReadOnlyList<ClassMetrics> PerClass()
    {
        var rows = new ClassMetrics[10];
        for (int d = 0; d < 10; d++)
        {
            int truePositives = _counts[d, d];
            int predicted = 0, actual = 0;
            for (int o = 0; o < 10; o++)
            {
                predicted += _counts[o, d];
                actual += _counts[d, o];
            }

            double precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            double recall = actual == 0 ? 0 : (double)truePositives / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            rows[d] = new ClassMetrics(d, precision, recall, f1, actual);
        }

        return rows;
    }
}
