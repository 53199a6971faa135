using Digits.Classifiers;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Which way up a page was photographed, when the file says nothing (no EXIF orientation, as many phone apps
/// and scanners save): each of the four quarter turns is tried on a sample of the page's single marks, and the
/// turn the model reads most surely wins, if clearly. Digits read surely only the right way up; on its side a
/// digit is wider than tall and is not sampled at all. Two cues from the layout weigh in: lines run across (a
/// mark's nearest neighbour is beside it, not above it), and lines start at a margin and end anywhere.
/// </summary>
public static class PageOrientation
{
    /// <summary>
    /// A page is turned only with at least this many marks, as given or turned a quarter. A short number says too
    /// little (6666 and 9999 are the same marks, one turned half round), so it is read the way up it was photographed.
    /// </summary>
    public const int MinimumMarks = 8;

    /// <summary>
    /// At most this many marks (the largest single ones) are read for each turn. A page turned half round reads
    /// almost as surely as upright (0, 1 and 8 read the same, 6 and 9 swap), so the turn is told by the mean of many
    /// small differences: 32 instead of 16 turned all of 120 synthetic pages right (118 before; seeds 2, 4, 6).
    /// </summary>
    public const int SampleSize = 32;

    /// <summary>
    /// How much surer the model must be of another turn than of the photo as it is, in mean log-probability of
    /// each sampled mark's answer, before that turn is taken. With 32 samples, 0.01-0.02 read 1,670 of 1,866 numbers
    /// on the synthetic pages, 0.05 1,639 (half turns fell short of it).
    /// </summary>
    public const double Margin = 0.02;

    /// <summary>
    /// How much a turn gains for each share of marks whose nearest mark lies along its lines (see
    /// <see cref="AlongTheLines"/>): a page of touching digits on its side shows merged marks that read as surely
    /// as single ones, but its lines still run up the photo. 0.1 is small beside what the digits say on most pages
    /// (a mean log-probability 0.3-0.5 better the right way up than on the side): on 200 synthetic pages (seeds
    /// 2-6) it turned the only two pages still read on their side, and no other, and any weight from 0.05 to 0.2
    /// turned the same.
    /// </summary>
    public const double LineWeight = 0.1;

    /// <summary>
    /// How much a turn gains for each typical mark height by which its lines' starts line up better than their
    /// ends (see <see cref="StartAlignment"/>), counted up to 2 heights: a tie-breaker between a page and the same
    /// page upside down (they read almost as surely, as 0, 1 and 8 read the same and 6 and 9 swap), at most the
    /// <see cref="Margin"/>. On 200 synthetic pages 0.01 turned the last two pages read upside down; 0.05 turned
    /// three others wrong.
    /// </summary>
    public const double AlignmentWeight = 0.01;

    /// <summary>Chooses the turn to read a page by.</summary>
    /// <param name="binary">The thresholded page (255 = ink).</param>
    /// <param name="marks">Finds the digit-sized marks of a binary image.</param>
    /// <param name="read">Reads one mark: a binary crop holding it.</param>
    /// <returns>0, 90, 180 or 270: how far to turn the page clockwise.</returns>
    public static int Choose(Mat binary, Func<Mat, IReadOnlyList<Rect>> marks, Func<Mat, DigitPrediction> read)
    {
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(read);
        // On its side, a line's digits stand one above the next and may be taken for the broken strokes of one mark,
        // so a sideways page can show few marks as given: it is counted both ways up before it is called short.
        IReadOnlyList<Rect> asGiven = marks(binary);
        using Mat quarter = Turn(binary, 90);
        IReadOnlyList<Rect> quarterMarks = marks(quarter);
        if (Math.Max(asGiven.Count, quarterMarks.Count) < MinimumMarks)
        {
            return 0;
        }

        // Every turn is judged on as many samples as the turn with the most marks offers, so a turn that shows few
        // marks (a sideways page's merged ones) cannot win on the few it shows.
        int expected = Math.Min(SampleSize, Math.Max(asGiven.Count, quarterMarks.Count));
        double across = AlongTheLines(asGiven);
        double startsLeft = Math.Clamp(StartAlignment(asGiven, sideways: false), -2, 2), startsBelow = Math.Clamp(StartAlignment(asGiven, sideways: true), -2, 2);
        int best = 0;
        double upright = Sureness(binary, asGiven, read, expected) + (LineWeight * across) + (AlignmentWeight * startsLeft), bestScore = upright;
        foreach (int turn in (int[])[90, 180, 270])
        {
            using Mat? turned = turn == 90 ? null : Turn(binary, turn);
            double score = Sureness(turned ?? quarter, turned is null ? quarterMarks : marks(turned), read, expected) + turn switch
            {
                90 => (LineWeight * (1 - across)) + (AlignmentWeight * startsBelow),
                180 => (LineWeight * across) - (AlignmentWeight * startsLeft),
                _ => (LineWeight * (1 - across)) - (AlignmentWeight * startsBelow),
            };
            if (score > bestScore)
            {
                (best, bestScore) = (turn, score);
            }
        }

        return best != 0 && bestScore >= upright + Margin ? best : 0;
    }

    // The mean log-probability of the model's answers for the largest marks shaped like one upright digit:
    // taller than wide but not thin (a 1 reads as 1 either way up, and a run of touching digits on its side is
    // as thin); minus infinity with fewer than three such marks.
    private static double Sureness(Mat binary, IReadOnlyList<Rect> marks, Func<Mat, DigitPrediction> read, int expected)
    {
        var sample = marks.Where(m => m.Width <= m.Height && m.Width >= 0.4 * m.Height)
            .OrderByDescending(m => m.Width * m.Height)
            .Take(SampleSize)
            .ToList();
        if (sample.Count < 3)
        {
            return double.NegativeInfinity;
        }

        var logs = new double[sample.Count]; // read on every core, summed in order so that the score never depends on timing
        Parallel.For(0, sample.Count, i =>
        {
            using var crop = new Mat(binary, sample[i]);
            logs[i] = Math.Log(Math.Max(read(crop).Confidence, 1e-6));
        });
        double total = 0;
        foreach (double log in logs)
        {
            total += log;
        }

        // A turn in which few marks look like digits is also less likely: each missing sample counts as a doubt.
        return (total + (Math.Max(0, expected - sample.Count) * Math.Log(0.5))) / Math.Max(expected, sample.Count);
    }

    /// <summary>
    /// The share of marks whose nearest mark (centre to centre) lies more across than up or down: near 1 on a
    /// page of lines as photographed (or upside down), near 0 on a page on its side; one half for fewer than two marks.
    /// </summary>
    /// <param name="marks">The marks' boxes.</param>
    /// <returns>A share from 0 to 1.</returns>
    public static double AlongTheLines(IReadOnlyList<Rect> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        if (marks.Count < 2)
        {
            return 0.5;
        }

        int across = 0;
        for (int i = 0; i < marks.Count; i++)
        {
            double nearest = double.MaxValue;
            bool isAcross = false;
            for (int j = 0; j < marks.Count; j++)
            {
                if (j == i)
                {
                    continue;
                }

                double dx = Centre(marks[j]).X - Centre(marks[i]).X, dy = Centre(marks[j]).Y - Centre(marks[i]).Y;
                double squared = (dx * dx) + (dy * dy);
                if (squared < nearest)
                {
                    (nearest, isAcross) = (squared, Math.Abs(dx) > Math.Abs(dy));
                }
            }

            across += isAcross ? 1 : 0;
        }

        return (double)across / marks.Count;
    }

    /// <summary>
    /// How much better the starts of the page's lines line up than their ends, in typical mark heights: the ends'
    /// spread less the starts' (each the median distance from their median). Lines run across and start at the
    /// left, or, <paramref name="sideways"/>, run up the photo and start at the bottom (the page turned a quarter
    /// clockwise reads upright). Positive when the lines start at a margin and end anywhere, as people write;
    /// negative for the page turned half round; 0 with fewer than three lines.
    /// </summary>
    /// <param name="marks">The marks' boxes.</param>
    /// <param name="sideways">Whether the lines run up the photo.</param>
    /// <returns>The difference in typical mark heights.</returns>
    public static double StartAlignment(IReadOnlyList<Rect> marks, bool sideways)
    {
        ArgumentNullException.ThrowIfNull(marks);
        // Sideways, the photo is read transposed: its columns become lines, its top their start (so the sign turns).
        var boxes = marks.Select(m => sideways ? new Rect(m.Y, m.X, m.Height, m.Width) : m).OrderBy(b => b.X).ToList();
        if (boxes.Count < 3)
        {
            return 0;
        }

        // A mark joins the line whose last mark's centre is within half a typical height of its own, so a line
        // written on a slant stays one.
        double typical = boxes.Select(b => (double)b.Height).Order().ElementAt(boxes.Count / 2);
        var lines = new List<(double Start, double End, double Y)>();
        foreach (Rect box in boxes)
        {
            double y = Centre(box).Y;
            int line = lines.FindIndex(l => Math.Abs(l.Y - y) < 0.5 * typical);
            lines.Add(line < 0 ? (box.X, box.Right, y) : (lines[line].Start, Math.Max(lines[line].End, box.Right), y));
            if (line >= 0)
            {
                lines.RemoveAt(line);
            }
        }

        if (lines.Count < 3)
        {
            return 0;
        }

        double difference = (Spread(lines.Select(l => l.End)) - Spread(lines.Select(l => l.Start))) / typical;
        return sideways ? -difference : difference;
    }

    // The median distance of values from their median.
    private static double Spread(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        double median = sorted[sorted.Length / 2];
        return sorted.Select(v => Math.Abs(v - median)).Order().ElementAt(sorted.Length / 2);
    }

    private static (double X, double Y) Centre(Rect box) => (box.X + (box.Width / 2.0), box.Y + (box.Height / 2.0));

    /// <summary>The image turned clockwise by a multiple of 90 degrees (a copy, even for 0).</summary>
    /// <param name="image">The image.</param>
    /// <param name="degrees">0, 90, 180 or 270 (any multiple of 90).</param>
    /// <returns>The turned image; the caller disposes it.</returns>
    public static Mat Turn(Mat image, int degrees)
    {
        ArgumentNullException.ThrowIfNull(image);
        var turned = new Mat();
        switch (Quarter(degrees))
        {
            case 0:
                image.CopyTo(turned);
                break;
            case 90:
                Cv2.Rotate(image, turned, RotateFlags.Rotate90Clockwise);
                break;
            case 180:
                Cv2.Rotate(image, turned, RotateFlags.Rotate180);
                break;
            case 270:
                Cv2.Rotate(image, turned, RotateFlags.Rotate90Counterclockwise);
                break;
            default:
                turned.Dispose();
                throw new ArgumentException($"a page turns by a multiple of 90 degrees, not {degrees}", nameof(degrees));
        }

        return turned;
    }

    /// <summary>Maps a box found in the image turned by <paramref name="degrees"/> back to the image as given.</summary>
    /// <param name="box">The box in the turned image.</param>
    /// <param name="degrees">How far the image was turned clockwise: 0, 90, 180 or 270.</param>
    /// <param name="width">The width of the image as given.</param>
    /// <param name="height">The height of the image as given.</param>
    /// <returns>The same box in the image as given.</returns>
    public static Rect ToUnturned(Rect box, int degrees, int width, int height) => Quarter(degrees) switch
    {
        0 => box,
        90 => new Rect(box.Y, height - box.X - box.Width, box.Height, box.Width),
        180 => new Rect(width - box.X - box.Width, height - box.Y - box.Height, box.Width, box.Height),
        270 => new Rect(width - box.Y - box.Height, box.X, box.Height, box.Width),
        _ => throw new ArgumentException($"a page turns by a multiple of 90 degrees, not {degrees}", nameof(degrees)),
    };

    // A turn of any sign brought into 0-359 degrees.
    private static int Quarter(int degrees) => ((degrees % 360) + 360) % 360;
}
