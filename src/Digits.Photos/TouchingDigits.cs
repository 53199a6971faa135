using Digits.Classifiers;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Splits a mark much wider than tall, where digits touch, by letting the model judge the cuts: candidate cuts
/// are the columns where the ink is thinnest, each stretch between two cuts that could be a digit is read, and
/// the split whose parts the model reads most surely (the highest product of confidences, each part weighed by
/// how plausible its shape is, each cut by whether it crosses a loop) wins, the whole mark included as one
/// candidate unless it is too wide to be one digit. When no split stands surely (see
/// <see cref="SureSplit"/>), the cuts are sought along two slants as well, as slanted writing touches along a slant
/// no column follows, and the surest split of the three wins. When a cheaper model can screen the parts,
/// the full model reads only those in splits the screen scores near its best.
/// </summary>
internal static class TouchingDigits
{
    /// <summary>The most candidate cuts tried in one mark (the split is found over all subsets of them).</summary>
    public const int MaximumCuts = 10;

    /// <summary>
    /// How far below the best split, in log confidence, a part's best split may score under the screening read and
    /// still be read by the full model: ln 5, so a part is dropped when every split through it is at least five
    /// times less sure than the best. On the synthetic pages this reads as many numbers right as reading every part
    /// with the full model (ln 2 lost one of 602; the network alone choosing, 19), with a quarter fewer full reads.
    /// </summary>
    public static readonly double ScreenMargin = Math.Log(5);

    /// <summary>
    /// How much less plausible a part is when the refusal rule would refuse it (not digit-shaped, or too
    /// uncertain): two touching digits read whole are often still read as one digit with some confidence, but as a
    /// shape unlike any digit, and a split into two parts that stand beats it.
    /// </summary>
    public const double RefusedPlausibility = 0.05;

    /// <summary>
    /// The score (product of the parts' confidences and plausibilities) below which a mark's straight split is
    /// tried again along slanted cuts: 0.8, so a split whose parts all stand surely is kept as it is.
    /// </summary>
    public const double SureSplit = 0.8;

    /// <summary>
    /// How much less plausible a split is for each cut that crosses two strokes or more: such a cut usually runs
    /// through a loop (the middle of a 0, 6, 8 or 9), where digits that touch mostly meet at one point. The model
    /// reads half a 0 as a sure 7 or 6, so without this the split through a 0 often won. On 120 synthetic pages
    /// (`make_pages.py` seeds 2, 4, 6) 0.3, 0.5 and 0.7 each read 1,600 of 1,866 numbers right, against 1,583
    /// without; 0.1 kept digits that touch at two points whole.
    /// </summary>
    public const double CrossedLoop = 0.5;

    /// <summary>
    /// The width over height above which a part, the whole mark included, is less plausible as one digit (by
    /// <see cref="WidePlausibility"/>): handwritten digits are seldom that wide, and two touching digits read
    /// whole often still read as one digit quite surely. On 120 synthetic pages (seeds 2, 4, 6) 1.4 read 1,706 of
    /// 1,866 numbers right against 1,691 without (1.3: 1,702; 1.5: 1,702); seeds 3, 8, 9 and 10, measured once
    /// after: 2,294 of 2,546 against 2,283.
    /// </summary>
    public const double WideAspect = 1.4;

    /// <summary>How much less plausible a part wider than <see cref="WideAspect"/> is: 0.5 (0.35: 1,692; 0.7: 1,703).</summary>
    public const double WidePlausibility = 0.5;

    /// <summary>The slants tried for cuts, as the horizontal shift per unit of height (about 14 degrees either way).</summary>
    private static readonly double[] Shears = [0.25, -0.25];

    /// <summary>Splits a wide mark, or returns it whole.</summary>
    /// <param name="mask">The mark's mask (image-sized, non-zero = ink).</param>
    /// <param name="box">The mark's box.</param>
    /// <param name="read">Reads one part given a mask and the part's box within that mask: the model's input and answer.</param>
    /// <param name="confirm">
    /// The full model, when <paramref name="read"/> answers with a cheaper one (the network of an average): every
    /// candidate part is screened by <paramref name="read"/>, and only the parts of splits that score near the best
    /// are read again by <paramref name="confirm"/> (given the part's input and the screen's answer for it, so that
    /// the screen need not read it twice), which then chooses among them. Null when
    /// <paramref name="read"/> is the model itself.
    /// </param>
    /// <param name="refused">
    /// Whether the refusal rule would refuse a part (its box in the mask, its input and the full model's answer); such
    /// a part counts <see cref="RefusedPlausibility"/> times less. Null to judge by confidence and shape alone.
    /// </param>
    /// <param name="wideAspect">
    /// The width over height above which a part counts <see cref="WidePlausibility"/> times less: <see cref="WideAspect"/>
    /// for level writing; infinity where the mark is read on a slant, as its parts' boxes are not upright.
    /// </param>
    /// <returns>The digits, left to right.</returns>
    public static List<(Rect Box, byte[] Input, DigitPrediction Prediction)> Read(
        Mat mask,
        Rect box,
        Func<Mat, Rect, (byte[] Input, DigitPrediction Prediction)> read,
        Func<byte[], DigitPrediction, DigitPrediction>? confirm = null,
        Func<Rect, byte[], DigitPrediction, bool>? refused = null,
        double wideAspect = WideAspect)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(read);
        List<int> straight = Cuts(mask, box);
        var (digits, score, screened) = Split(straight, Crossings(mask, box, straight), box.Width, box.Height, (from, to) => ReadPart(mask, box, from, to, read), confirm, refused, wideAspect);
        if (score < Math.Log(SureSplit))
        {
            // Digits written on a slant touch along a slanted line no column follows: cut along the slant too.
            foreach (double shear in Shears)
            {
                int pad = (int)Math.Ceiling(Math.Abs(shear) * box.Height / 2);
                using Mat transform = ShearTransform(shear, box.Height, pad);
                using Mat sheared = Shear(mask, box, transform, pad);
                var full = new Rect(0, 0, sheared.Width, sheared.Height);
                // With a screen, the full model reads a slant's parts only when the screen scores its best split above
                // the straight one's.
                List<int> cuts = Cuts(sheared, full);
                var (slanted, slantedScore, _) = Split(cuts, Crossings(sheared, full, cuts), full.Width, box.Height, (from, to) => ReadShearedPart(sheared, box, transform, from, to, read), confirm, refused, wideAspect, screened);
                if (slantedScore > score)
                {
                    (digits, score) = (slanted, slantedScore);
                }
            }
        }

        if (digits is null)
        {
            var (input, prediction) = read(mask, box);
            return [(box, input, confirm is null ? prediction : confirm(input, prediction))];
        }

        return digits;
    }

    // The best split of a mark width wide at the candidate cuts, and its score (log); null and minus infinity when
    // no split covers it. readPart reads the stretch between two columns.
    private static (List<(Rect Box, byte[] Input, DigitPrediction Prediction)>? Digits, double Score, double Screened) Split(
        List<int> candidates,
        int[] crossings,
        int width,
        int height,
        Func<int, int, (Rect Box, byte[] Input, DigitPrediction Prediction)?> readPart,
        Func<byte[], DigitPrediction, DigitPrediction>? confirm,
        Func<Rect, byte[], DigitPrediction, bool>? refused,
        double wideAspect,
        double mustBeat = double.NegativeInfinity)
    {
        int[] cuts = [0, .. candidates, width];
        int n = cuts.Length;
        var parts = new (Rect Box, byte[] Input, DigitPrediction Prediction)?[n, n];
        var reached = new bool[n]; // whether some split of the mark's first stretch ends at this cut
        reached[0] = true;
        for (int end = 1; end < n; end++)
        {
            for (int start = 0; start < end; start++)
            {
                if (reached[start] && Plausible(cuts[end] - cuts[start], start == 0 && end == n - 1, height))
                {
                    parts[start, end] = readPart(cuts[start], cuts[end]);
                    reached[end] |= parts[start, end] is not null;
                }
            }
        }

        // The screen's reads are judged by confidence and shape; refusal needs the full model's view.
        double[] cutScores = [0, .. crossings.Select(c => c > 1 ? Math.Log(CrossedLoop) : 0), 0];
        double[,] scores = Scores(parts, cutScores, height, confirm is null ? refused : null, wideAspect);
        double[] forward = Forward(scores, out int[] from);
        double screened = forward[n - 1];
        if (confirm is not null && screened <= mustBeat)
        {
            return (null, double.NegativeInfinity, screened); // the screen's best is no better than a split already read
        }

        if (confirm is not null && !double.IsNegativeInfinity(forward[n - 1]))
        {
            // Keep the parts of the splits the screen scores near its best, and let the full model choose among them.
            double[] backward = Backward(scores);
            for (int end = 1; end < n; end++)
            {
                for (int start = 0; start < end; start++)
                {
                    if (parts[start, end] is not { } part)
                    {
                        continue;
                    }

                    if (forward[start] + scores[start, end] + backward[end] < forward[n - 1] - ScreenMargin)
                    {
                        parts[start, end] = null;
                        continue;
                    }

                    parts[start, end] = part with { Prediction = confirm(part.Input, part.Prediction) };
                }
            }

            scores = Scores(parts, cutScores, height, refused, wideAspect);
            forward = Forward(scores, out from);
        }

        if (double.IsNegativeInfinity(forward[n - 1]))
        {
            return (null, double.NegativeInfinity, screened);
        }

        var digits = new List<(Rect Box, byte[] Input, DigitPrediction Prediction)>();
        for (int end = n - 1; end > 0; end = from[end])
        {
            digits.Add(parts[from[end], end]!.Value);
        }

        digits.Reverse();
        return (digits, forward[n - 1], screened);
    }

    // The mark's box, sheared by transform (ShearTransform) so that lines slanted by its shear stand upright: a
    // column of the result is a slanted line of the mark.
    private static Mat Shear(Mat mask, Rect box, Mat transform, int pad)
    {
        using var crop = new Mat(mask, box);
        var sheared = new Mat();
        Cv2.WarpAffine(crop, sheared, transform, new Size(box.Width + (2 * pad), box.Height), InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.All(0));
        return sheared;
    }

    // x' = x + shear * (y - height / 2) + pad: x shifts by shear per row about the middle row, pad keeps it in the image.
    private static Mat ShearTransform(double shear, int height, int pad)
    {
        var transform = new Mat(2, 3, MatType.CV_64FC1);
        transform.Set(0, 0, 1.0);
        transform.Set(0, 1, shear);
        transform.Set(0, 2, pad - (shear * height / 2.0));
        transform.Set(1, 0, 0.0);
        transform.Set(1, 1, 1.0);
        transform.Set(1, 2, 0.0);
        return transform;
    }

    // The stretch between two columns of the sheared mark, sheared back: its ink in the mark's own geometry.
    private static (Rect Box, byte[] Input, DigitPrediction Prediction)? ReadShearedPart(Mat sheared, Rect box, Mat transform, int start, int end, Func<Mat, Rect, (byte[] Input, DigitPrediction Prediction)> read)
    {
        using Mat stretch = Mat.Zeros(sheared.Size(), MatType.CV_8UC1);
        using (var from = new Mat(sheared, new Rect(start, 0, end - start, sheared.Height)))
        using (var to = new Mat(stretch, new Rect(start, 0, end - start, sheared.Height)))
        {
            from.CopyTo(to);
        }

        using var part = new Mat();
        Cv2.WarpAffine(stretch, part, transform, new Size(box.Width, box.Height), InterpolationFlags.Nearest | InterpolationFlags.WarpInverseMap, BorderTypes.Constant, Scalar.All(0));
        Rect tight = Cv2.BoundingRect(part);
        if (tight.Width == 0 || tight.Height < 0.3 * box.Height)
        {
            return null;
        }

        var (input, prediction) = read(part, tight);
        return (new Rect(box.X + tight.X, box.Y + tight.Y, tight.Width, tight.Height), input, prediction);
    }

    // A stretch between two cuts can be a digit when it is not a sliver, and no wider than a digit (the whole mark may be a little wider).
    private static bool Plausible(int width, bool whole, int height) =>
        width >= 0.08 * height && (width <= 1.2 * height || (whole && width <= 1.8 * height));

    // Each part's score: its log confidence, the log of how plausible its shape is for the digit read (and
    // whether it would be refused), and the score of the cut it starts at (cutScores, by cut index: 0 for the
    // mark's ends); minus infinity where no part is.
    private static double[,] Scores((Rect Box, byte[] Input, DigitPrediction Prediction)?[,] parts, double[] cutScores, int height, Func<Rect, byte[], DigitPrediction, bool>? refused, double wideAspect)
    {
        int n = parts.GetLength(0);
        var scores = new double[n, n];
        for (int start = 0; start < n; start++)
        {
            for (int end = 0; end < n; end++)
            {
                scores[start, end] = parts[start, end] is { } part
                    ? Math.Log(Math.Max(1e-6, part.Prediction.Confidence)) + Math.Log(Plausibility(part.Box, part.Prediction.Digit, height, wideAspect))
                      + (refused is not null && refused(part.Box, part.Input, part.Prediction) ? Math.Log(RefusedPlausibility) : 0)
                      + cutScores[start]
                    : double.NegativeInfinity;
            }
        }

        return scores;
    }

    // forward[i]: the best score of a split of the mark's first stretch, up to cut i; from[i]: the cut where that
    // split's last part starts.
    private static double[] Forward(double[,] scores, out int[] from)
    {
        int n = scores.GetLength(0);
        var forward = new double[n];
        from = new int[n];
        Array.Fill(forward, double.NegativeInfinity);
        forward[0] = 0;
        for (int end = 1; end < n; end++)
        {
            for (int start = 0; start < end; start++)
            {
                double score = forward[start] + scores[start, end];
                if (score > forward[end])
                {
                    forward[end] = score;
                    from[end] = start;
                }
            }
        }

        return forward;
    }

    // backward[i]: the best score of a split of the rest of the mark, from cut i.
    private static double[] Backward(double[,] scores)
    {
        int n = scores.GetLength(0);
        var backward = new double[n];
        Array.Fill(backward, double.NegativeInfinity);
        backward[n - 1] = 0;
        for (int start = n - 2; start >= 0; start--)
        {
            for (int end = start + 1; end < n; end++)
            {
                backward[start] = Math.Max(backward[start], scores[start, end] + backward[end]);
            }
        }

        return backward;
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

    /// <summary>How many separate strokes each cut crosses: the runs of ink down its column.</summary>
    /// <param name="mask">The mark's mask.</param>
    /// <param name="box">The mark's box.</param>
    /// <param name="cuts">Columns relative to the box.</param>
    /// <returns>The count of runs for each cut.</returns>
    internal static int[] Crossings(Mat mask, Rect box, IReadOnlyList<int> cuts)
    {
        var crossings = new int[cuts.Count];
        for (int c = 0; c < cuts.Count; c++)
        {
            bool inside = false;
            for (int y = box.Y; y < box.Bottom; y++)
            {
                bool ink = mask.At<byte>(y, box.X + cuts[c]) != 0;
                crossings[c] += ink && !inside ? 1 : 0;
                inside = ink;
            }
        }

        return crossings;
    }

    // The model is sure of itself on pieces too (half a 0 reads as a confident 1), so a part's shape counts as
    // well: digits other than 1 are rarely narrower than a third of their height or wider than 1.4 heights, a
    // digit is rarely much shorter than the mark it shares with its neighbours, and a 1 clearly shorter than the mark is usually a
    // piece of a 0, 4 or 9 rather than a digit of its own.
    private static double Plausibility(Rect part, int digit, int height, double wideAspect)
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

        if (part.Width > wideAspect * part.Height)
        {
            plausibility *= WidePlausibility;
        }

        if (digit == 1 && part.Height < 0.85 * height)
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
