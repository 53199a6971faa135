using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Erases the ruled lines of a table (a mark sheet, a form's boxes): long straight runs of ink, near vertical and
/// near horizontal, thin for their length, that cross each other. A lone long stroke is left alone (a close-up's 1 can be longer than a
/// cell's wall); a grid is at least two lines each way with crossings. Hand-ruled lines on a photographed sheet
/// are faint, broken and bent with the paper: they are looked for in the ink at a lower threshold than the writing's,
/// their gaps bridged, and lines on a slant (up to 15 degrees) found by a probabilistic Hough transform beside the
/// straight runs. Strokes that a line crossed are rejoined inside the erased lines only, so a digit written over a
/// cell's wall keeps its shape.
/// </summary>
public static class TableGrid
{
    /// <summary>The shortest run of a grid line, as a share of the photo's longer side.</summary>
    public const double MinimumLength = 1.0 / 12;

    /// <summary>The shortest run of a grid line, in typical mark heights.</summary>
    public const double LinesPerDigit = 2.5;

    /// <summary>The steepest slant of a grid line found by the Hough transform, in degrees from its axis.</summary>
    public const double SteepestSlant = 15;

    /// <summary>Erases a table's grid from a thresholded image.</summary>
    /// <param name="binary">The thresholded image (255 = ink), changed in place.</param>
    /// <param name="faint">The same ink at a lower threshold, where faint ruled lines are whole (not changed), or null to look for them in <paramref name="binary"/>.</param>
    /// <returns>The grid's lines as erased for good (255 on them; not where a stroke crossing them was rejoined), or null when there is no grid; the caller disposes it.</returns>
    public static Mat? Remove(Mat binary, Mat? faint = null)
    {
        ArgumentNullException.ThrowIfNull(binary);
        Mat source = faint ?? binary;
        int longer = Math.Max(binary.Width, binary.Height);
        int length = Math.Max(15, (int)(longer * MinimumLength)), thickest = Math.Max(4, longer / 150);
        // A grid line is also much longer than the writing is tall (a 1 standing on a ruled line is no table).
        double typical = TypicalHeight(binary);
        length = Math.Max(length, (int)(LinesPerDigit * typical));
        int gap = Math.Max(3, (int)(typical / 4)); // a faint line's breaks, far shorter than the space between two digits
        using Mat vertical = Runs(source, new Size(3, 1), new Size(1, length), new Size(1, gap));
        using Mat horizontal = Runs(source, new Size(1, 3), new Size(length, 1), new Size(gap, 1));
        AddSlantedLines(source, vertical, horizontal, length, gap, thickest);
        int columns = ThinLines(vertical, length, thickest, byHeight: true), rows = ThinLines(horizontal, length, thickest, byHeight: false);
        if (columns < 2 || rows < 2)
        {
            return null;
        }

        using var crossings = new Mat();
        Cv2.BitwiseAnd(vertical, horizontal, crossings);
        using var labels = new Mat();
        if (Cv2.ConnectedComponents(crossings, labels) - 1 < 4)
        {
            return null;
        }

        var lines = new Mat();
        Cv2.BitwiseOr(vertical, horizontal, lines);
        using var widen = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));
        Cv2.Dilate(lines, lines, widen);
        Cv2.Subtract(binary, lines, binary);

        // Rejoin strokes the lines cut, inside the lines only (everywhere, a small 0's hole would fill too).
        using var rejoin = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(7, 7));
        using var rejoined = new Mat();
        Cv2.MorphologyEx(binary, rejoined, MorphTypes.Close, rejoin);
        Cv2.BitwiseAnd(rejoined, lines, rejoined);
        Cv2.BitwiseOr(binary, rejoined, binary);

        // What was erased for good: the lines where no stroke was rejoined across them.
        Cv2.Subtract(lines, rejoined, lines);
        return lines;
    }

    // The median height of the ink's marks (connected components of a few pixels or more).
    private static double TypicalHeight(Mat binary)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(binary, labels, stats, centroids);
        var heights = new List<int>();
        for (int i = 1; i < count; i++)
        {
            if (stats.At<int>(i, (int)ConnectedComponentsTypes.Area) >= 10)
            {
                heights.Add(stats.At<int>(i, (int)ConnectedComponentsTypes.Height));
            }
        }

        heights.Sort();
        return heights.Count == 0 ? 0 : heights[heights.Count / 2];
    }

    // Ink that runs on along one direction: its breaks along it bridged, widened a little across it (a hand-ruled
    // line wobbles), opened by a long line, then kept only where the original has ink.
    private static Mat Runs(Mat binary, Size across, Size along, Size bridge)
    {
        using var widened = new Mat();
        using (var close = Cv2.GetStructuringElement(MorphShapes.Rect, bridge))
        {
            Cv2.MorphologyEx(binary, widened, MorphTypes.Close, close);
        }

        using (var widen = Cv2.GetStructuringElement(MorphShapes.Rect, across))
        {
            Cv2.Dilate(widened, widened, widen);
        }

        var runs = new Mat();
        using (var line = Cv2.GetStructuringElement(MorphShapes.Rect, along))
        {
            Cv2.MorphologyEx(widened, runs, MorphTypes.Open, line);
        }

        using var grown = new Mat();
        using (var widen = Cv2.GetStructuringElement(MorphShapes.Rect, across))
        {
            Cv2.Dilate(runs, grown, widen);
        }

        Cv2.BitwiseAnd(grown, binary, runs);
        return runs;
    }

    // A sheet bent or photographed at an angle tilts its lines out of the straight runs' reach: the Hough
    // transform (at half size, its cost grows with the ink) finds long straight segments at any angle; those
    // within SteepestSlant of an axis join that axis's runs, as the ink along them.
    private static void AddSlantedLines(Mat source, Mat vertical, Mat horizontal, int length, int gap, int thickest)
    {
        using var half = new Mat();
        Cv2.Resize(source, half, new Size(Math.Max(1, source.Width / 2), Math.Max(1, source.Height / 2)), 0, 0, InterpolationFlags.Area);
        Cv2.Threshold(half, half, 0, 255, ThresholdTypes.Binary);
        LineSegmentPoint[] segments = Cv2.HoughLinesP(half, 1, Math.PI / 360, Math.Max(8, (int)(0.3 * length)), length / 2.0, Math.Max(1, gap / 2));
        if (segments.Length == 0)
        {
            return;
        }

        double steepest = Math.Tan(SteepestSlant * Math.PI / 180);
        using var alongRows = new Mat(source.Size(), MatType.CV_8UC1, Scalar.All(0));
        using var alongColumns = new Mat(source.Size(), MatType.CV_8UC1, Scalar.All(0));
        foreach (LineSegmentPoint segment in segments)
        {
            int dx = Math.Abs(segment.P2.X - segment.P1.X), dy = Math.Abs(segment.P2.Y - segment.P1.Y);
            Mat? target = dy <= steepest * dx ? alongRows : dx <= steepest * dy ? alongColumns : null;
            if (target is not null)
            {
                Cv2.Line(target, segment.P1 * 2, segment.P2 * 2, Scalar.All(255), Math.Max(3, thickest / 2));
            }
        }

        Cv2.BitwiseAnd(alongRows, source, alongRows);
        Cv2.BitwiseAnd(alongColumns, source, alongColumns);
        Cv2.BitwiseOr(horizontal, alongRows, horizontal);
        Cv2.BitwiseOr(vertical, alongColumns, vertical);
    }

    // Keeps the runs that are lines: long, and thin for their length (a marker's thick stroke is neither a
    // wall nor a rule); returns how many there are.
    private static int ThinLines(Mat runs, int length, int thickest, bool byHeight)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(runs, labels, stats, centroids);
        var keep = new bool[count];
        int lines = 0;
        for (int i = 1; i < count; i++)
        {
            int extent = stats.At<int>(i, byHeight ? (int)ConnectedComponentsTypes.Height : (int)ConnectedComponentsTypes.Width);
            int area = stats.At<int>(i, (int)ConnectedComponentsTypes.Area);
            keep[i] = extent >= length && area <= (long)thickest * extent;
            lines += keep[i] ? 1 : 0;
        }

        labels.GetArray(out int[] label);
        runs.GetArray(out byte[] pixels);
        for (int p = 0; p < pixels.Length; p++)
        {
            pixels[p] = keep[label[p]] ? pixels[p] : (byte)0;
        }

        runs.SetArray(pixels);
        return lines;
    }
}
