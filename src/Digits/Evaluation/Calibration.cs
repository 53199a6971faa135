using Digits.Classifiers;

namespace Digits.Evaluation;

/// <summary>One confidence bin of a reliability diagram.</summary>
/// <param name="Low">The bin's lowest confidence.</param>
/// <param name="High">The bin's highest confidence.</param>
/// <param name="Count">How many answers fall in it.</param>
/// <param name="MeanConfidence">Their mean confidence.</param>
/// <param name="Accuracy">The share of them that is right.</param>
public sealed record ReliabilityBin(double Low, double High, int Count, double MeanConfidence, double Accuracy);

/// <summary>One point of a risk-coverage curve: answering only the surest <paramref name="Coverage"/> of the images.</summary>
/// <param name="Coverage">The share of images answered (0-1), surest first.</param>
/// <param name="Error">The share of those answers that is wrong.</param>
public readonly record struct RiskPoint(double Coverage, double Error);

/// <summary>
/// How far a model's confidence can be taken at its word: the expected calibration error (the gap between
/// confidence and accuracy, weighted over equal-width confidence bins), a reliability diagram, and the error
/// left when only the surest answers are given (risk against coverage).
/// </summary>
/// <param name="ExpectedCalibrationError">The weighted mean gap between confidence and accuracy (0-1).</param>
/// <param name="ErrorAt99">The error when the surest 99% are answered.</param>
/// <param name="ErrorAt95">The error when the surest 95% are answered.</param>
/// <param name="Bins">The reliability diagram's bins, lowest confidence first.</param>
/// <param name="Curve">The risk-coverage curve, from answering few to answering all.</param>
public sealed record Calibration(double ExpectedCalibrationError, double ErrorAt99, double ErrorAt95, IReadOnlyList<ReliabilityBin> Bins, IReadOnlyList<RiskPoint> Curve)
{
    /// <summary>Measures the calibration of answers against the true digits.</summary>
    /// <param name="answers">One answer per image.</param>
    /// <param name="labels">The true digits, in the same order.</param>
    /// <param name="bins">How many equal-width confidence bins the diagram has. Defaults to 15.</param>
    /// <returns>The measures.</returns>
    /// <exception cref="ArgumentException">The counts differ, or there are no answers.</exception>
    public static Calibration Measure(IReadOnlyList<DigitPrediction> answers, IReadOnlyList<byte> labels, int bins = 15)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(labels);
        if (answers.Count != labels.Count || answers.Count == 0)
        {
            throw new ArgumentException($"need one label per answer and at least one answer, got {answers.Count} answers and {labels.Count} labels");
        }

        int n = answers.Count;
        var count = new int[bins];
        var confidence = new double[bins];
        var right = new int[bins];
        for (int i = 0; i < n; i++)
        {
            int b = Math.Min(bins - 1, (int)(answers[i].Confidence * bins));
            count[b]++;
            confidence[b] += answers[i].Confidence;
            right[b] += answers[i].Digit == labels[i] ? 1 : 0;
        }

        double ece = 0;
        var diagram = new List<ReliabilityBin>();
        for (int b = 0; b < bins; b++)
        {
            if (count[b] == 0)
            {
                continue;
            }

            double meanConfidence = confidence[b] / count[b], accuracy = (double)right[b] / count[b];
            ece += (double)count[b] / n * Math.Abs(meanConfidence - accuracy);
            diagram.Add(new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], meanConfidence, accuracy));
        }

        // Surest first; ties keep the set's order, so the curve is the same on every run.
        int[] order = Enumerable.Range(0, n).OrderByDescending(i => answers[i].Confidence).ThenBy(i => i).ToArray();
        var errorsSoFar = new int[n + 1];
        for (int k = 0; k < n; k++)
        {
            errorsSoFar[k + 1] = errorsSoFar[k] + (answers[order[k]].Digit == labels[order[k]] ? 0 : 1);
        }

        double ErrorAt(double coverage)
        {
            int answered = Math.Max(1, (int)Math.Round(coverage * n));
            return (double)errorsSoFar[answered] / answered;
        }

        var curve = Enumerable.Range(1, 100).Select(p => new RiskPoint(p / 100.0, ErrorAt(p / 100.0))).ToArray();
        return new Calibration(ece, ErrorAt(0.99), ErrorAt(0.95), diagram, curve);
    }
}
