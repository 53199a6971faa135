using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Finds the digits in an ink map: a threshold that adapts to the photo (Otsu, raised above faint marks such
/// as show-through), removal of specks, ruled or grid lines and paper edges, then connected components
/// grouped into digits (broken strokes of one digit join, noise dots are dropped), left to right. Marks where
/// digits touch are split by <see cref="TouchingDigits"/>.
/// </summary>
public static class DigitSegmenter
{
    /// <summary>The share of the writing's threshold at which a table's faint lines are looked for.</summary>
    public const double FaintLines = 0.6;

    /// <summary>Thresholds the ink map.</summary>
    /// <param name="ink">8-bit ink map (bright = ink).</param>
    /// <param name="options">Pipeline settings.</param>
    /// <returns>The binary image (255 = ink); the caller disposes it.</returns>
    public static Mat Threshold(Mat ink, PhotoOptions options)
    {
        Mat binary = Threshold(ink, options, out Mat? grid);
        grid?.Dispose();
        return binary;
    }

    /// <summary>Thresholds the ink map, and says where a table's grid was erased from it.</summary>
    /// <param name="ink">8-bit ink map (bright = ink).</param>
    /// <param name="options">Pipeline settings.</param>
    /// <param name="grid">The table's lines (255 where erased), or null when there is no table; the caller disposes it.</param>
    /// <param name="sheet">Where the sheet is (non-zero) when a desk round it was painted over (<see cref="SheetOnDesk"/>), or null: the threshold is measured on the sheet alone.</param>
    /// <returns>The binary image (255 = ink); the caller disposes it.</returns>
    public static Mat Threshold(Mat ink, PhotoOptions options, out Mat? grid, Mat? sheet = null)
    {
        ArgumentNullException.ThrowIfNull(ink);
        ArgumentNullException.ThrowIfNull(options);
        float[] histogram = InkHistogram.Of(ink, sheet);
        double otsu = InkHistogram.Otsu(histogram);
        double strongest = InkHistogram.Percentile(histogram, 0.998);
        double grain = InkHistogram.Percentile(histogram, 0.5); // most of a photo is paper: its typical distance from the estimate is the grain
        double floor = Math.Max(options.MinimumContrast, options.GrainMultiple * grain);
        double threshold = Math.Max(otsu, Math.Max(options.FaintFraction * strongest, floor));
        var binary = new Mat();
        Cv2.Threshold(ink, binary, threshold, 255, ThresholdTypes.Binary);
        RemoveRuledLines(binary);
        // A table's hand-ruled lines are fainter than the writing: they are looked for in the ink at a lower threshold.
        using var faint = new Mat();
        Cv2.Threshold(ink, faint, FaintLines * threshold, 255, ThresholdTypes.Binary);
        grid = TableGrid.Remove(binary, faint);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));
        Cv2.MorphologyEx(binary, binary, MorphTypes.Close, kernel);
        return binary;
    }

    /// <summary>Groups the ink into digits.</summary>
    /// <param name="binary">Binary ink image from <see cref="Threshold(Mat, PhotoOptions)"/>.</param>
    /// <param name="options">Pipeline settings.</param>
    /// <returns>The digits, left to right, with their boxes and masks; the caller disposes it.</returns>
    public static FoundMarks Find(Mat binary, PhotoOptions options)
    {
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(options);
        var labels = new Mat(); // owned by the marks returned, or disposed here if grouping fails
        try
        {
            return new FoundMarks(labels, Group(binary, options, labels));
        }
        catch
        {
            labels.Dispose();
            throw;
        }
    }

    // Components joined into digits: broken strokes merged, pieces given to the digit they belong to, dashes dropped.
    private static List<(Rect Box, int[] Labels)> Group(Mat binary, PhotoOptions options, Mat labels)
    {
        var (digits, pieces) = Components(binary, options, labels);
        if (digits.Count == 0)
        {
            return [];
        }

        digits = MergeOverlapping(digits);
        foreach (Mark piece in pieces)
        {
            int best = -1;
            double bestOverlap = 0;
            for (int d = 0; d < digits.Count; d++)
            {
                // Overlap over the narrower of the two: a loop under a thin stem overlaps all of the stem.
                double overlap = Overlap(piece.Box, digits[d].Box) / (double)Math.Min(piece.Box.Width, digits[d].Box.Width);
                int gap = VerticalGap(piece.Box, digits[d].Box);
                if (overlap > bestOverlap && gap < 0.3 * digits[d].Box.Height)
                {
                    best = d;
                    bestOverlap = overlap;
                }
            }

            if (best < 0 || bestOverlap < 0.5)
            {
                // A stroke broken off beside its digit (the loop of a 6 apart from its stem) nearly touches it.
                best = -1;
                double nearest = double.MaxValue;
                for (int d = 0; d < digits.Count; d++)
                {
                    double distance = Distance(piece.Box, digits[d].Box);
                    if (distance <= 0.15 * digits[d].Box.Height && distance < nearest)
                    {
                        best = d;
                        nearest = distance;
                    }
                }
            }

            bool stroke = best >= 0 && (piece.Area >= 0.04 * digits[best].Area || piece.Box.Height >= 0.2 * digits[best].Box.Height);
            if (best >= 0 && stroke)
            {
                digits[best] = digits[best].Join(piece);
            }
        }

        // A mark still more than six times wider than tall once broken strokes have joined is a dash: the rest of
        // a ruled line, a crossing-out, a minus sign; neither one digit nor a few touching ones.
        return digits.Where(m => m.Box.Width <= 6 * m.Box.Height).OrderBy(m => m.Box.X).Select(m => (m.Box, m.Labels)).ToList();
    }

    /// <summary>The boxes of the ink's digit-sized connected components, before broken strokes are joined into digits.</summary>
    /// <param name="binary">Binary ink image from <see cref="Threshold(Mat, PhotoOptions)"/>.</param>
    /// <param name="options">Pipeline settings.</param>
    /// <returns>The boxes, left to right.</returns>
    public static List<Rect> Marks(Mat binary, PhotoOptions options)
    {
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(options);
        using var labels = new Mat();
        return Components(binary, options, labels).Digits.Select(m => m.Box).ToList();
    }

    // The connected components that are not noise: digit-sized ones, and smaller pieces (broken strokes, dots).
    private static (List<Mark> Digits, List<Mark> Pieces) Components(Mat binary, PhotoOptions options, Mat labels)
    {
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(binary, labels, stats, centroids, PixelConnectivity.Connectivity8);
        int width = binary.Width, height = binary.Height;
        var marks = new List<Mark>();
        for (int i = 1; i < count; i++)
        {
            var box = new Rect(stats.At<int>(i, 0), stats.At<int>(i, 1), stats.At<int>(i, 2), stats.At<int>(i, 3));
            int area = stats.At<int>(i, 4);
            if (!IsNoise(box, area, width, height) && !IsAlongTheEdges(box, area, labels, i))
            {
                marks.Add(new Mark([i], box, area));
            }
        }

        // On a page, what touches the photo's border and dwarfs the marks within it is the world beyond the sheet.
        var inside = marks.Where(m => !TouchesBorder(m.Box, width, height)).Select(m => m.Box.Height).Order().ToArray();
        if (inside.Length >= 3)
        {
            int typical = inside[inside.Length / 2];
            // So is a bar along the border (the sheet's edge, a table's) longer than two digits.
            marks.RemoveAll(m => TouchesBorder(m.Box, width, height)
                && (Math.Max(m.Box.Width, m.Box.Height) > 4 * typical
                    || (Math.Max(m.Box.Width, m.Box.Height) > 2 * typical && Math.Min(m.Box.Width, m.Box.Height) < 0.25 * Math.Max(m.Box.Width, m.Box.Height))));
        }

        // On a page, a sliver far thinner than the strokes round it is the sheet's edge or a fold, not writing.
        if (marks.Count >= 5)
        {
            using Mat outline = Outline(binary);
            var strokes = marks.ToDictionary(m => m, m => 2.0 * m.Area / Math.Max(1, OutlineOf(m, labels, outline)));
            double typicalStroke = strokes.Values.Order().ElementAt(marks.Count / 2);
            marks.RemoveAll(m => strokes[m] < SliverFraction * typicalStroke);
        }

        // On a page, a small mark at the photo's very edge is the world beyond the sheet, not writing cut off.
        // Small is under 0.7 of the median height of the marks, pieces and specks included (so under about three
        // quarters of a digit's): 0.6 let a mark of 0.64 make a line of its own (make_pages.py seed 9), and
        // 0.6 and 0.7 read the same on the 120 development pages.
        if (marks.Count >= 8)
        {
            int typicalHeight = marks.Select(m => m.Box.Height).Order().ElementAt(marks.Count / 2);
            int edge = (int)Math.Ceiling(0.01 * Math.Max(width, height));
            marks.RemoveAll(m => m.Box.Height < 0.7 * typicalHeight
                && (m.Box.X <= edge || m.Box.Y <= edge || m.Box.Right >= width - edge || m.Box.Bottom >= height - edge));
        }

        if (marks.Count == 0)
        {
            return ([], []);
        }

        // The scale digits are judged by: the tallest mark, but on a busy page one of the few tallest (a wall's
        // remnant, a word run together, a blot must not make every digit beside it a piece).
        int outliers = marks.Count / 40;
        int tallest = marks.Select(m => m.Box.Height).OrderDescending().ElementAt(outliers);
        int largest = marks.Select(m => m.Area).OrderDescending().ElementAt(outliers);
        var digits = marks.Where(m => m.Box.Height >= options.MinimumRelativeHeight * tallest || m.Area >= 0.3 * largest).OrderBy(m => m.Box.X).ToList();
        return (digits, marks.Except(digits).ToList());
    }

    /// <summary>
    /// The angle of a number written on a slant: the line through the digits' centres (least squares), in
    /// degrees, positive when the line falls to the right. Zero for fewer than two digits, for a line within
    /// <paramref name="minimumDegrees"/> of level (nothing worth turning) and beyond 45 degrees (not a line of digits).
    /// </summary>
    /// <param name="boxes">The digits' boxes.</param>
    /// <param name="minimumDegrees">Slants smaller than this count as level.</param>
    /// <returns>The slant in degrees.</returns>
    public static double Slant(IReadOnlyList<Rect> boxes, double minimumDegrees = 5)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        if (boxes.Count < 2)
        {
            return 0;
        }

        double degrees = LineLayout.Slant(boxes.Select(b => new[] { b.X, b.Y, b.Width, b.Height }).ToArray());
        return Math.Abs(degrees) < minimumDegrees || Math.Abs(degrees) > 45 ? 0 : degrees;
    }

    private static bool IsNoise(Rect box, int area, int width, int height)
    {
        bool speck = area < Math.Max(6, width * height * 0.00002);
        // What lies beyond the sheet's edge (a table, a background): a thin band along a border, or an L round a
        // corner of the photo, sparse in its box. A digit cropped tightly touches borders too, but neither way.
        bool left = box.X == 0, top = box.Y == 0, right = box.Right == width, bottom = box.Bottom == height;
        bool band = ((top || bottom) && box.Width > 0.5 * width && box.Height < 0.1 * height)
            || ((left || right) && box.Height > 0.5 * height && box.Width < 0.1 * width);
        bool background = band;
        bool horizontalLine = box.Width > 5 * box.Height && (box.Width > 0.6 * width || box.X == 0 || box.Right == width);
        bool verticalEdge = box.Height > 8 * box.Width && box.Height > 0.9 * height;
        bool sparse = area < 0.02 * box.Width * box.Height && box.Width * box.Height > 0.25 * width * height;
        return speck || background || horizontalLine || verticalEdge || sparse;
    }

    // What runs along the photo's edges is beyond the sheet or round it: an L round a corner of the photo, sparse
    // in its box (a table's edge), or a frame along all four edges (a window, a screen's bezel, a scanner's dark
    // border). A digit cropped tight fills the photo too, but meets its edges in a few places only.
    private static bool IsAlongTheEdges(Rect box, int area, Mat labels, int label)
    {
        int width = labels.Width, height = labels.Height;
        bool corner = box.Width > 0.5 * width && box.Height > 0.5 * height && area < 0.25 * box.Width * box.Height;
        bool frame = box.Width > 0.9 * width && box.Height > 0.9 * height;
        if (!corner && !frame)
        {
            return false;
        }

        int onEdges = 0;
        for (int x = 0; x < width; x++)
        {
            onEdges += (labels.At<int>(0, x) == label ? 1 : 0) + (labels.At<int>(height - 1, x) == label ? 1 : 0);
        }

        for (int y = 1; y < height - 1; y++)
        {
            onEdges += (labels.At<int>(y, 0) == label ? 1 : 0) + (labels.At<int>(y, width - 1) == label ? 1 : 0);
        }

        // Of the whole edge, an L along half of two sides runs along a quarter and a frame along all: corners are
        // told by more than an eighth of it, frames by more than half.
        return onEdges > (frame ? width + height : (width + height) / 4);
    }

    private static List<Mark> MergeOverlapping(List<Mark> digits)
    {
        var merged = new List<Mark>();
        foreach (Mark mark in digits.OrderBy(m => m.Box.X))
        {
            // Broken strokes of one digit overlap in x and nearly touch in y; digits of the lines above and
            // below overlap in x too, but stand a line's spacing away.
            int into = merged.FindIndex(m => Overlap(m.Box, mark.Box) >= 0.5 * Math.Min(m.Box.Width, mark.Box.Width)
                && VerticalGap(m.Box, mark.Box) < 0.3 * Math.Max(m.Box.Height, mark.Box.Height));
            if (into >= 0)
            {
                merged[into] = merged[into].Join(mark);
            }
            else
            {
                merged.Add(mark);
            }
        }

        return merged;
    }

    // How much thinner than the page's typical stroke a mark may be and still count as writing. On 120 synthetic
    // pages (make_pages.py seeds 2, 4, 6) 0.4 read 1,642 of 1,866 numbers right against 1,600 without the rule;
    // 0.35 and 0.5 read 1,639 and 1,637, 0.3 and 0.6 1,617 and 1,574 (a fine 1 beside bold loops goes first).
    private const double SliverFraction = 0.4;

    // The ink's outline: ink with a 4-neighbour that is not ink. A mark's stroke width is twice its ink over its
    // outline (a stroke L long and T wide has 2L of outline).
    private static Mat Outline(Mat binary)
    {
        using var cross = Cv2.GetStructuringElement(MorphShapes.Cross, new Size(3, 3));
        using var inner = new Mat();
        Cv2.Erode(binary, inner, cross, borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
        var outline = new Mat();
        Cv2.Subtract(binary, inner, outline);
        return outline;
    }

    // How many pixels of the outline are the mark's own (a single component's).
    private static int OutlineOf(Mark mark, Mat labels, Mat outline)
    {
        using var region = new Mat(labels, mark.Box);
        using var edge = new Mat(outline, mark.Box);
        using var mine = new Mat();
        Cv2.Compare(region, mark.Labels[0], mine, CmpTypes.EQ);
        Cv2.BitwiseAnd(mine, edge, mine);
        return Cv2.CountNonZero(mine);
    }

    // How far apart two boxes are: the larger of their horizontal and vertical gaps (0 when they overlap).
    private static int Distance(Rect a, Rect b) => Math.Max(0, Math.Max(Math.Max(a.X, b.X) - Math.Min(a.Right, b.Right), Math.Max(a.Y, b.Y) - Math.Min(a.Bottom, b.Bottom)));

    private static int Overlap(Rect a, Rect b) => Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X));

    private static bool TouchesBorder(Rect box, int width, int height) => box.X == 0 || box.Y == 0 || box.Right == width || box.Bottom == height;

    private static int VerticalGap(Rect a, Rect b) => Math.Max(0, Math.Max(a.Y - b.Bottom, b.Y - a.Bottom));

    /// <summary>
    /// Erases ruled lines: two or more thin, straight lines within about 30 degrees of horizontal (a page may be
    /// photographed turned) that each cross at least 70% of the photo (a digit's own bar is neither that long,
    /// nor one of a parallel set). Dashes of a line broken by the threshold are bridged first, lines are found by
    /// a probabilistic Hough transform (and the parallel lines it missed, by their ink along the same slope),
    /// erased along their length (also where they cross a digit), and strokes a line crossed are rejoined by a
    /// short vertical closing inside the erased lines only.
    /// </summary>
    /// <param name="binary">The thresholded image, changed in place.</param>
    internal static void RemoveRuledLines(Mat binary)
    {
        int width = binary.Width, height = binary.Height;
        if (width < 60 || height < 20)
        {
            return;
        }

        using var bridged = new Mat();
        using (var bridge = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(Math.Max(3, width / 60), 1)))
        {
            Cv2.MorphologyEx(binary, bridged, MorphTypes.Close, bridge);
        }

        // The Hough transform runs at half size (its cost grows with the ink pixels), segments scaled back.
        using var half = new Mat();
        Cv2.Resize(bridged, half, new Size(width / 2, height / 2), 0, 0, InterpolationFlags.Area);
        Cv2.Threshold(half, half, 0, 255, ThresholdTypes.Binary);
        LineSegmentPoint[] segments = Cv2.HoughLinesP(half, 1, Math.PI / 360, (int)(0.25 * width), 0.35 * width, width / 80.0)
            .Select(l => new LineSegmentPoint(new Point(l.P1.X * 2, l.P1.Y * 2), new Point(l.P2.X * 2, l.P2.Y * 2)))
            .Where(l => l.P2.X != l.P1.X && Math.Abs((double)(l.P2.Y - l.P1.Y) / (l.P2.X - l.P1.X)) <= 0.6)
            .ToArray();
        if (segments.Length < 2)
        {
            return;
        }

        int thinnest = Math.Max(4, height / 60);
        var lines = new List<(LineSegmentPoint Segment, int Thickness)>();
        bridged.GetArray(out byte[] pixels);
        foreach (LineSegmentPoint segment in segments)
        {
            int thickness = Thickness(pixels, width, height, segment);
            if (thickness <= thinnest && !lines.Any(l => Math.Abs(Middle(l.Segment) - Middle(segment)) <= thinnest))
            {
                lines.Add((segment, thickness));
            }
        }

        if (lines.Count < 2)
        {
            return;
        }

        AddHiddenLines(pixels, width, height, lines, thinnest);

        using var mask = new Mat(binary.Size(), MatType.CV_8UC1, Scalar.All(0));
        foreach (var (segment, thickness) in lines)
        {
            // Extended to the photo's edges: a ruled line crosses the page.
            double slope = Slope(segment);
            double y0 = YAt(segment, 0);
            Cv2.Line(mask, new Point(0, (int)Math.Round(y0)), new Point(width - 1, (int)Math.Round(y0 + (slope * (width - 1)))), Scalar.All(255), thickness + 2);
        }

        Cv2.Subtract(binary, mask, binary);

        // Only where a line was erased: closed everywhere, the holes of small digits (a 0, the loops of an 8)
        // filled up as well, and they read as blobs.
        using var rejoin = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(1, lines.Max(l => l.Thickness) + 5));
        using var rejoined = new Mat();
        Cv2.MorphologyEx(binary, rejoined, MorphTypes.Close, rejoin);
        Cv2.BitwiseAnd(rejoined, mask, rejoined);
        Cv2.BitwiseOr(binary, rejoined, binary);
    }

    // The Hough transform misses a line that is faint, or broken up where a digit crosses it. A page's lines are
    // parallel, so every other thin line along the found lines' median slope whose ink covers most of the
    // photo's width (allowing for a one-pixel wobble) is a ruled line too.
    private static void AddHiddenLines(byte[] pixels, int width, int height, List<(LineSegmentPoint Segment, int Thickness)> lines, int thinnest)
    {
        double slope = lines.Select(l => Slope(l.Segment)).Order().ElementAt(lines.Count / 2);
        int rise = (int)Math.Ceiling(Math.Abs(slope) * width);
        int intercepts = height + (2 * rise);
        var covered = new int[intercepts];
        for (int i = 0; i < intercepts; i++)
        {
            for (int x = 0; x < width; x += 2)
            {
                int y = (int)Math.Round(i - rise + (slope * x));
                if ((uint)y < (uint)height && (pixels[(y * width) + x] != 0 || (y > 0 && pixels[((y - 1) * width) + x] != 0) || (y + 1 < height && pixels[((y + 1) * width) + x] != 0)))
                {
                    covered[i]++;
                }
            }
        }

        int samples = (width + 1) / 2;
        for (int i = 0; i < intercepts; i++)
        {
            bool peak = (i == 0 || covered[i - 1] <= covered[i]) && (i + 1 == intercepts || covered[i + 1] < covered[i]);
            if (!peak || covered[i] < 0.6 * samples)
            {
                continue;
            }

            var line = new LineSegmentPoint(new Point(0, i - rise), new Point(width - 1, (int)Math.Round(i - rise + (slope * (width - 1)))));
            if (lines.Any(l => Math.Abs(YAt(l.Segment, width / 2) - YAt(line, width / 2)) <= thinnest))
            {
                continue;
            }

            int thickness = Thickness(pixels, width, height, line);
            if (thickness <= thinnest)
            {
                lines.Add((line, thickness));
            }
        }
    }

    private static double Slope(LineSegmentPoint segment) => (double)(segment.P2.Y - segment.P1.Y) / (segment.P2.X - segment.P1.X);

    private static double YAt(LineSegmentPoint segment, int x) => segment.P1.Y + (Slope(segment) * (x - segment.P1.X));

    private static double Middle(LineSegmentPoint segment) => (segment.P1.Y + segment.P2.Y) / 2.0;

    // The median height of the ink run through the segment, sampled at 41 points along it.
    private static int Thickness(byte[] pixels, int width, int height, LineSegmentPoint segment)
    {
        var runs = new List<int>();
        for (int k = 0; k <= 40; k++)
        {
            int x = segment.P1.X + ((segment.P2.X - segment.P1.X) * k / 40);
            int y = segment.P1.Y + ((segment.P2.Y - segment.P1.Y) * k / 40);
            if ((uint)x >= width || (uint)y >= height || pixels[(y * width) + x] == 0)
            {
                continue;
            }

            int up = y, down = y;
            while (up > 0 && pixels[((up - 1) * width) + x] != 0 && y - up < 64)
            {
                up--;
            }

            while (down < height - 1 && pixels[((down + 1) * width) + x] != 0 && down - y < 64)
            {
                down++;
            }

            runs.Add(down - up + 1);
        }

        return runs.Count == 0 ? int.MaxValue : runs.Order().ElementAt(runs.Count / 2);
    }

    private sealed record Mark(int[] Labels, Rect Box, int Area)
    {
        public Mark Join(Mark other) => new([.. Labels, .. other.Labels], Box | other.Box, Area + other.Area);
    }
}
