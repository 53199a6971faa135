namespace Digits.Photos;

/// <summary>
/// Groups the digits found on a page into lines and numbers, in reading order: lines top to bottom, numbers
/// within a line left to right, split where the gap between two digits is wide for the line's writing. It
/// works on boxes alone, so it is the same for photos, scans and drawings.
/// </summary>
public static class LineLayout
{
    /// <summary>
    /// A line's blanks between digits fall into narrow ones (within numbers) and wide ones (between numbers) when
    /// the narrowest wide blank is at least this many times the widest narrow one; the wide ones then split.
    /// So close and spaced-out handwriting each split at their own gaps, not at a fixed one.
    /// </summary>
    public const double RelativeGap = 2.5;

    /// <summary>A blank this many digit heights wide always splits, whatever the line's other blanks.</summary>
    public const double AbsoluteGap = 2.0;

    /// <summary>
    /// The page's blanks (each over its line's digit height, on a log scale, see <see cref="LogOffset"/>) fall into
    /// narrow and wide ones when the groups' typical blanks differ by at least this factor; the page's wide blanks
    /// then split every line, so a line of two numbers splits like its neighbours. On 120 synthetic pages
    /// (make_pages.py seeds 2, 4, 6) this read 1,685 of 1,866 numbers against 1,670 with each line alone (seed 3:
    /// 543 of 624 against 522); factors from 2 to 6 read the same.
    /// </summary>
    public const double PageSeparation = 3;

    /// <summary>What is added to a blank (in digit heights, touching digits counting 0) before its log is taken.</summary>
    public const double LogOffset = 0.25;

    /// <summary>A blank narrower than this many digit heights never splits.</summary>
    public const double MinimumGap = 0.5;

    /// <summary>
    /// A digit joins a line when its centre is within this many times the line's digit height of the line's
    /// nearest digit, vertically (so a line written on a slant stays one line).
    /// </summary>
    public const double LineTolerance = 0.5;

    /// <summary>Groups digits into lines and numbers.</summary>
    /// <param name="digits">The digits found, in any order.</param>
    /// <returns>The lines, top to bottom, each with its numbers left to right.</returns>
    public static IReadOnlyList<FoundLine> Group(IReadOnlyList<FoundDigit> digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        return Group(digits, digits.Select(d => d.Box).ToArray());
    }

    /// <summary>Groups digits into lines and numbers by boxes of a page turned upright (the digits keep their own boxes).</summary>
    /// <param name="digits">The digits found, in any order.</param>
    /// <param name="boxes">Each digit's box in the upright page: x, y, width, height.</param>
    /// <returns>The lines, top to bottom of the upright page, each with its numbers left to right.</returns>
    public static IReadOnlyList<FoundLine> Group(IReadOnlyList<FoundDigit> digits, IReadOnlyList<int[]> boxes)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentNullException.ThrowIfNull(boxes);
        if (boxes.Count != digits.Count)
        {
            throw new ArgumentException($"{digits.Count} digits need {digits.Count} boxes, got {boxes.Count}", nameof(boxes));
        }

        var lines = Lines(boxes, out double angle);
        if (lines.Count >= 3)
        {
            // On a page, a line of a mark or two, every one refused, is a smudge or the world beyond the sheet.
            lines.RemoveAll(line => line.Count <= 2 && line.All(i => digits[i].Digit is null));
        }

        double pageWide = PageWideGap(lines.Select(line => Blanks(line.Select(i => boxes[i]).ToList(), angle)).ToList());
        return lines.Select(line => Line(line.Select(i => digits[i]).ToList(), line.Select(i => boxes[i]).ToList(), angle, pageWide)).ToArray();
    }

    /// <summary>
    /// The slant of the writing in degrees (positive when lines fall to the right, as image y grows downwards):
    /// the lines' own slopes pooled, each line found by the rule of <see cref="Group(IReadOnlyList{FoundDigit})"/>. One line gives the slope of
    /// the straight line through its digits' centres.
    /// </summary>
    /// <param name="boxes">The digits' boxes: x, y, width, height.</param>
    /// <returns>The slant, or 0 with fewer than two digits in any line.</returns>
    public static double Slant(IReadOnlyList<int[]> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        double sxy = 0, sxx = 0;
        foreach (List<int> line in Lines(boxes, out _))
        {
            if (line.Count < 2)
            {
                continue;
            }

            double meanX = line.Average(i => CentreX(boxes[i])), meanY = line.Average(i => CentreY(boxes[i]));
            sxy += line.Sum(i => (CentreX(boxes[i]) - meanX) * (CentreY(boxes[i]) - meanY));
            sxx += line.Sum(i => Math.Pow(CentreX(boxes[i]) - meanX, 2));
        }

        return sxx <= 0 ? 0 : Math.Atan(sxy / sxx) * 180 / Math.PI;
    }

    /// <summary>The text of a reading: lines separated by newlines, numbers by spaces, '?' for a refused digit.</summary>
    /// <param name="lines">The lines.</param>
    /// <returns>The text ("" when there are no lines).</returns>
    public static string TextOf(IReadOnlyList<FoundLine> lines) => string.Join('\n', lines.Select(l => l.Text));

    // Lines as lists of box indices, in reading order. The writing's direction comes first, from each digit's
    // link to its nearest neighbour on the right; along that direction, a digit joins the line whose latest
    // digit is level with it (so a gently curving line stays one line).
    private static List<List<int>> Lines(IReadOnlyList<int[]> boxes, out double angle)
    {
        angle = Direction(boxes);
        double a = angle;
        var lines = new List<List<int>>();
        var across = new List<List<double>>();
        foreach (int i in Enumerable.Range(0, boxes.Count).OrderBy(i => Along(boxes[i], a)))
        {
            double v = Across(boxes[i], a);
            int best = -1;
            double bestOffset = double.MaxValue;
            for (int l = 0; l < lines.Count; l++)
            {
                double height = Math.Max(Median(lines[l].Select(j => (double)boxes[j][3])), boxes[i][3]);
                double offset = Math.Abs(v - across[l][^1]);
                if (offset <= LineTolerance * height && offset < bestOffset)
                {
                    best = l;
                    bestOffset = offset;
                }
            }

            if (best < 0)
            {
                lines.Add([i]);
                across.Add([v]);
            }
            else
            {
                lines[best].Add(i);
                across[best].Add(v);
            }
        }

        return Enumerable.Range(0, lines.Count).OrderBy(l => Median(across[l])).Select(l => lines[l]).ToList();
    }

    // The writing's direction in radians: the median angle of the links from each digit to its nearest
    // neighbour to the right (within 45 degrees of level and three digit heights), 0 when there are none.
    private static double Direction(IReadOnlyList<int[]> boxes)
    {
        var angles = new List<double>();
        for (int i = 0; i < boxes.Count; i++)
        {
            double best = double.MaxValue, bestAngle = 0;
            for (int j = 0; j < boxes.Count; j++)
            {
                double dx = CentreX(boxes[j]) - CentreX(boxes[i]), dy = CentreY(boxes[j]) - CentreY(boxes[i]);
                double reach = 3 * Math.Max(boxes[i][3], boxes[j][3]);
                double distance = Math.Sqrt((dx * dx) + (dy * dy));
                if (j != i && dx > 0 && Math.Abs(dy) <= dx && distance <= reach && distance < best)
                {
                    best = distance;
                    bestAngle = Math.Atan2(dy, dx);
                }
            }

            if (best < double.MaxValue)
            {
                angles.Add(bestAngle);
            }
        }

        return angles.Count == 0 ? 0 : Median(angles);
    }

    private static FoundLine Line(List<FoundDigit> digits, List<int[]> boxes, double angle, double pageWide)
    {
        var (gaps, height) = Blanks(boxes, angle);
        double wide = Math.Min(WideGap(gaps, height), pageWide * height);
        var numbers = new List<FoundNumber>();
        var current = new List<FoundDigit> { digits[0] };
        for (int i = 1; i < digits.Count; i++)
        {
            double gap = gaps[i - 1];
            if (gap > MinimumGap * height && (gap > AbsoluteGap * height || gap >= wide))
            {
                numbers.Add(Number(current));
                current = [];
            }

            current.Add(digits[i]);
        }

        numbers.Add(Number(current));
        return new FoundLine(string.Join(' ', numbers.Select(n => n.Text)), Union(digits), numbers);
    }

    // The blanks between a line's neighbouring digits along the writing's direction, and the line's digit height.
    private static (double[] Gaps, double Height) Blanks(List<int[]> boxes, double angle)
    {
        double[] gaps = new double[boxes.Count - 1];
        for (int i = 1; i < boxes.Count; i++)
        {
            gaps[i - 1] = Along(boxes[i], angle) - Along(boxes[i - 1], angle) - ((Extent(boxes[i - 1], angle) + Extent(boxes[i], angle)) / 2);
        }

        return (gaps, Median(boxes.Select(b => (double)b[3])));
    }

    // The narrowest blank that counts as wide on the whole page, in digit heights: a line of two numbers has one
    // blank and cannot tell a wide one by itself, and one very wide blank (between columns) hides the others from
    // its line's split. All the page's blanks, each over its line's height, are cut in two where the groups differ
    // most on a log scale (so the columns' blanks do not draw the cut towards them), halfway between the two
    // groups' nearest blanks; the cut holds when the groups' typical blanks differ by a factor of PageSeparation.
    // Infinity with fewer than four blanks or no such cut.
    private static double PageWideGap(List<(double[] Gaps, double Height)> lines)
    {
        double[] logs = lines.SelectMany(l => l.Gaps.Select(g => Math.Log(Math.Max(g / l.Height, 0) + LogOffset))).Order().ToArray();
        if (logs.Length < 4)
        {
            return double.PositiveInfinity;
        }

        int cut = OtsuCut(logs);
        double narrow = logs[..cut].Average(), wide = logs[cut..].Average();
        return wide - narrow >= Math.Log(PageSeparation)
            ? ((Math.Exp(logs[cut]) + Math.Exp(logs[cut - 1])) / 2) - LogOffset
            : double.PositiveInfinity;
    }

    // The place that cuts sorted values into the two groups that differ most (Otsu's rule on one dimension).
    private static int OtsuCut(double[] sorted)
    {
        int bestCut = 1;
        double bestSpread = -1;
        for (int cut = 1; cut < sorted.Length; cut++)
        {
            double narrow = sorted[..cut].Average(), wide = sorted[cut..].Average();
            double spread = (double)cut * (sorted.Length - cut) * (wide - narrow) * (wide - narrow);
            if (spread > bestSpread)
            {
                bestSpread = spread;
                bestCut = cut;
            }
        }

        return bestCut;
    }

    // The narrowest blank that counts as wide: the line's blanks are cut in two where the two groups differ most
    // (Otsu's rule on one dimension), and the cut holds when the wide group stands clear of the narrow one.
    // Infinity when the blanks do not fall into two groups.
    /// <summary>
    /// Which of a line's blanks end a number, by the rule lines of digits are split by (narrow and wide blanks, or
    /// wider than <see cref="AbsoluteGap"/> digit heights; never narrower than <see cref="MinimumGap"/>).
    /// </summary>
    /// <param name="gaps">The blanks between neighbouring characters, left to right.</param>
    /// <param name="height">The line's digit height.</param>
    internal static bool[] Splits(double[] gaps, double height)
    {
        double wide = WideGap(gaps, height);
        return gaps.Select(gap => gap > MinimumGap * height && (gap > AbsoluteGap * height || gap >= wide)).ToArray();
    }

    private static double WideGap(double[] gaps, double height)
    {
        if (gaps.Length < 2)
        {
            return double.PositiveInfinity;
        }

        double[] sorted = gaps.Order().ToArray();
        int bestCut = OtsuCut(sorted);
        double widestNarrow = Math.Max(sorted[bestCut - 1], 0.4 * height);
        return sorted[bestCut] >= RelativeGap * widestNarrow ? sorted[bestCut] : double.PositiveInfinity;
    }

    // A box's centre along the writing's direction, and across it.
    private static double Along(int[] box, double angle) => (CentreX(box) * Math.Cos(angle)) + (CentreY(box) * Math.Sin(angle));

    private static double Across(int[] box, double angle) => (CentreY(box) * Math.Cos(angle)) - (CentreX(box) * Math.Sin(angle));

    // How far a box reaches along the writing's direction.
    private static double Extent(int[] box, double angle) => (box[2] * Math.Abs(Math.Cos(angle))) + (box[3] * Math.Abs(Math.Sin(angle)));

    private static FoundNumber Number(List<FoundDigit> digits)
        => new(string.Concat(digits.Select(d => d.Digit?.ToString() ?? "?")), Union(digits), digits.ToArray());

    private static int[] Union(IEnumerable<FoundDigit> digits)
    {
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        foreach (FoundDigit d in digits)
        {
            left = Math.Min(left, d.Box[0]);
            top = Math.Min(top, d.Box[1]);
            right = Math.Max(right, d.Box[0] + d.Box[2]);
            bottom = Math.Max(bottom, d.Box[1] + d.Box[3]);
        }

        return [left, top, right - left, bottom - top];
    }

    private static double CentreX(int[] box) => box[0] + (box[2] / 2.0);

    private static double CentreY(int[] box) => box[1] + (box[3] / 2.0);

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
