using Digits.Classifiers;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Splits a mark much wider than tall, where digits touch, by letting the model judge the cuts: candidate cuts
/// are the columns where the ink is thinnest, each stretch between two cuts that could be a digit is read, and
/// the split whose parts the model reads most surely (the highest product of confidences) wins, the whole mark
/// included as one candidate unless it is too wide to be one digit.
/// </summary>
internal static class TouchingDigits
{
    /// <summary>The most candidate cuts tried in one mark (the split is found over all subsets of them).</summary>
    public const int MaximumCuts = 10;

    /// <summary>Splits a wide mark, or returns it whole.</summary>
    /// <param name="mask">The mark's mask (image-sized, non-zero = ink).</param>
    /// <param name="box">The mark's box.</param>
    /// <param name="read">Reads one part given a mask and the part's box within that mask: the model's input and answer.</param>
    /// <returns>The digits, left to right.</returns>
    public static List<(Rect Box, byte[] Input, DigitPrediction Prediction)> Read(Mat mask, Rect box, Func<Mat, Rect, (byte[] Input, DigitPrediction Prediction)> read)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(read);
        int[] cuts = [0, .. Cuts(mask, box), box.Width];
        int n = cuts.Length;
        var parts = new (Rect Box, byte[] Input, DigitPrediction Prediction)?[n, n];
        var best = new double[n];
        var from = new int[n];
        Array.Fill(best, double.NegativeInfinity);
        best[0] = 0;
        for (int end = 1; end < n; end++)
        {
            for (int start = 0; start < end; start++)
            {
                int width = cuts[end] - cuts[start];
                bool whole = start == 0 && end == n - 1;
                bool plausible = width >= 0.08 * box.Height && (width <= 1.2 * box.Height || (whole && width <= 1.8 * box.Height));
                if (double.IsNegativeInfinity(best[start]) || !plausible)
                {
                    continue;
                }

                parts[start, end] ??= ReadPart(mask, box, cuts[start], cuts[end], read);
                if (parts[start, end] is not { } part)
                {
                    continue;
                }

                double score = best[start] + Math.Log(Math.Max(1e-6, part.Prediction.Confidence)) + Math.Log(Plausibility(part.Box, part.Prediction.Digit, box.Height));
                if (score > best[end])
                {
                    best[end] = score;
                    from[end] = start;
                }
            }
        }

        if (double.IsNegativeInfinity(best[n - 1]))
        {
            var (input, prediction) = read(mask, box);
            return [(box, input, prediction)];
        }

        var digits = new List<(Rect Box, byte[] Input, DigitPrediction Prediction)>();
        for (int end = n - 1; end > 0; end = from[end])
        {
            digits.Add(parts[from[end], end]!.Value);
        }

        digits.Reverse();
        return digits;
    }

    /// <summary>
    /// Candidate cuts: columns (relative to the box) where the ink is locally thinnest and crosses less than 0.7 of the mark's height, at most
    /// <see cref="MaximumCuts"/> of them (the thinnest first), at least a tenth of the height apart and from the
    /// ends, left to right.
    /// </summary>
    /// <param name="mask">The mark's mask.</param>
    /// <param name="box">The mark's box.</param>
    /// <returns>The columns.</returns>
    internal static List<int> Cuts(Mat mask, Rect box)
    {
        using var crop = new Mat(mask, box);
        using var columns = new Mat();
        Cv2.Reduce(crop, columns, ReduceDimension.Row, ReduceTypes.Sum, MatType.CV_32S);
        columns.GetArray(out int[] sums);
        int spacing = Math.Max(2, box.Height / 10);
        int thin = 255 * box.Height * 7 / 10; // where digits touch, little ink crosses the column; through a blob, it all does
        var minima = new List<int>();
        for (int x = spacing; x < box.Width - spacing; x++)
        {
            int left = x, right = x;
            while (right + 1 < box.Width && sums[right + 1] == sums[x])
            {
                right++; // a flat run counts once, at its middle
            }

            if (sums[left - 1] > sums[x] && right + 1 < box.Width && sums[right + 1] > sums[x] && sums[x] <= thin)
            {
                minima.Add((left + right) / 2);
            }

            x = right;
        }

        var chosen = new List<int>();
        foreach (int x in minima.OrderBy(x => sums[x]).ThenBy(x => x))
        {
            if (chosen.Count < MaximumCuts && chosen.All(c => Math.Abs(c - x) >= spacing))
            {
                chosen.Add(x);
            }
        }

        chosen.Sort();
        return chosen;
    }

    // The model is sure of itself on pieces too (half a 0 reads as a confident 1), so a part's shape counts as
    // well: digits other than 1 are rarely narrower than a third of their height, and a digit is rarely much
    // shorter than the mark it shares with its neighbours.
    private static double Plausibility(Rect part, int digit, int height)
    {
        double plausibility = 1;
        if (digit != 1 && part.Width < 0.3 * part.Height)
        {
            plausibility *= 0.2;
        }

        if (part.Height < 0.6 * height)
        {
            plausibility *= 0.2;
        }

        return plausibility;
    }

    private static (Rect Box, byte[] Input, DigitPrediction Prediction)? ReadPart(Mat mask, Rect box, int start, int end, Func<Mat, Rect, (byte[] Input, DigitPrediction Prediction)> read)
    {
        var region = new Rect(box.X + start, box.Y, end - start, box.Height);
        using var view = new Mat(mask, region);
        using Mat part = view.Clone();
        Rect tight = Cv2.BoundingRect(part);
        if (tight.Width == 0 || tight.Height < 0.3 * box.Height)
        {
            return null; // no ink, or only the end of a stroke from the next digit
        }

        var (input, prediction) = read(part, tight);
        return (new Rect(region.X + tight.X, region.Y + tight.Y, tight.Width, tight.Height), input, prediction);
    }
}
