using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// A sheet of paper photographed on a darker desk, table or floor: the desk around it is no paper to measure ink
/// against (the paper estimate took the desk for the paper and the whole sheet for ink, so a table of marks read
/// as one blot). The sheet is the largest bright region, between a sixth and nine tenths of the photo, filling
/// most of its own bounding box, much brighter than what surrounds it across a sharp edge, with that surround touching the photo's
/// border; everything outside it, and a thin rim of its edge, is painted the sheet's own colour before the ink
/// is measured. A photo with no such sheet is left as it is.
/// </summary>
public static class SheetOnDesk
{
    /// <summary>The least share of the photo the sheet covers.</summary>
    public const double MinimumShare = 1.0 / 6;

    /// <summary>The largest share of the photo the sheet covers (more is a photo of the paper alone).</summary>
    public const double MaximumShare = 0.9;

    /// <summary>How much brighter (0-255 grey) the sheet's median is than the desk's.</summary>
    public const double MinimumContrast = 50;

    /// <summary>Paints the desk round a sheet the sheet's colour.</summary>
    /// <param name="bgr">The photo at working size (not modified).</param>
    /// <returns>The photo with the desk painted over, or null when it shows no sheet on a desk; the caller disposes it.</returns>
    public static Mat? Clear(Mat bgr)
    {
        Mat? cleared = Clear(bgr, out Mat? sheetMask);
        sheetMask?.Dispose();
        return cleared;
    }

    /// <summary>Paints the desk round a sheet the sheet's colour, and says where the sheet is.</summary>
    /// <param name="bgr">The photo at working size (not modified).</param>
    /// <param name="sheetMask">The sheet, shrunk by its rim (255 on it, same size as the photo), or null when there is no sheet on a desk; the caller disposes it. Ink and paper are measured there: the flat paint round it would pass for paper.</param>
    /// <returns>The photo with the desk painted over, or null when it shows no sheet on a desk; the caller disposes it.</returns>
    public static Mat? Clear(Mat bgr, out Mat? sheetMask)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        sheetMask = null;
        double scale = Math.Min(1.0, 256.0 / Math.Max(bgr.Width, bgr.Height));
        using var small = new Mat();
        Cv2.Resize(bgr, small, new Size(Math.Max(1, (int)(bgr.Width * scale)), Math.Max(1, (int)(bgr.Height * scale))), 0, 0, InterpolationFlags.Area);
        using var grey = new Mat();
        Cv2.CvtColor(small, grey, ColorConversionCodes.BGR2GRAY);
        using var bright = new Mat();
        Cv2.Threshold(grey, bright, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        // Writing on the sheet must not cut it apart: close the bright region over strokes.
        using var close = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(5, 5));
        Cv2.MorphologyEx(bright, bright, MorphTypes.Close, close);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(bright, labels, stats, centroids, PixelConnectivity.Connectivity4);
        int sheet = -1, largest = 0;
        for (int i = 1; i < count; i++)
        {
            int area = stats.At<int>(i, (int)ConnectedComponentsTypes.Area);
            if (area > largest)
            {
                (sheet, largest) = (i, area);
            }
        }

        double share = (double)largest / (small.Width * small.Height);
        if (sheet < 0 || share < MinimumShare || share > MaximumShare)
        {
            return null;
        }

        int w = stats.At<int>(sheet, (int)ConnectedComponentsTypes.Width), h = stats.At<int>(sheet, (int)ConnectedComponentsTypes.Height);
        if (largest < 0.6 * w * h)
        {
            return null; // not a sheet's shape: a pattern, a lit patch
        }

        using var mask = new Mat();
        Cv2.Compare(labels, new Scalar(sheet), mask, CmpTypes.EQ);
        // Holes inside the sheet (dark writing, a photo printed on it) belong to it.
        using var filled = FillHoles(mask);
        using var desk = new Mat();
        Cv2.BitwiseNot(filled, desk);
        if (!TouchesBorder(desk) || Cv2.CountNonZero(desk) < MinimumShare / 2 * small.Width * small.Height)
        {
            return null;
        }

        double sheetGrey = Cv2.Mean(grey, filled).Val0, deskGrey = Cv2.Mean(grey, desk).Val0;
        if (sheetGrey - deskGrey < MinimumContrast || EdgeStep(grey, filled) < MinimumContrast)
        {
            return null;
        }

        // Back at working size, the sheet shrunk by a rim (its edge's shadow and torn border are no writing).
        var full = new Mat();
        Cv2.Resize(filled, full, bgr.Size(), 0, 0, InterpolationFlags.Nearest);
        int rim = Math.Max(3, Math.Max(bgr.Width, bgr.Height) / 100) | 1;
        using var erode = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(rim, rim));
        Cv2.Erode(full, full, erode);
        using var outside = new Mat();
        Cv2.BitwiseNot(full, outside);
        Scalar colour = Cv2.Mean(bgr, full);
        var result = bgr.Clone();
        result.SetTo(colour, outside);
        sheetMask = full;
        return result;
    }

    // How much brighter the sheet is just inside its edge than the desk just outside it: a sheet's edge is a
    // sharp step, where the dim corner of a vignetted photo or a shadow fades in over many pixels.
    private static double EdgeStep(Mat grey, Mat sheet)
    {
        using var ring = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(7, 7));
        using var grown = new Mat();
        using var shrunk = new Mat();
        Cv2.Dilate(sheet, grown, ring);
        Cv2.Erode(sheet, shrunk, ring);
        using var outer = new Mat();
        using var inner = new Mat();
        Cv2.Subtract(grown, sheet, outer);
        Cv2.Subtract(sheet, shrunk, inner);
        return Cv2.CountNonZero(outer) == 0 || Cv2.CountNonZero(inner) == 0 ? 0 : Cv2.Mean(grey, inner).Val0 - Cv2.Mean(grey, outer).Val0;
    }

    private static Mat FillHoles(Mat mask)
    {
        // The background reached from the border by a flood fill; whatever it does not reach is the sheet.
        using var padded = new Mat();
        Cv2.CopyMakeBorder(mask, padded, 1, 1, 1, 1, BorderTypes.Constant, Scalar.All(0));
        using var flood = padded.Clone();
        Cv2.FloodFill(flood, new Point(0, 0), Scalar.All(255));
        using var inverse = new Mat();
        Cv2.BitwiseNot(flood, inverse);
        using var union = new Mat();
        Cv2.BitwiseOr(padded, inverse, union);
        return new Mat(union, new Rect(1, 1, mask.Width, mask.Height)).Clone();
    }

    private static bool TouchesBorder(Mat desk)
    {
        int w = desk.Width, h = desk.Height;
        using Mat top = desk.Row(0), bottom = desk.Row(h - 1), left = desk.Col(0), right = desk.Col(w - 1);
        int border = Cv2.CountNonZero(top) + Cv2.CountNonZero(bottom) + Cv2.CountNonZero(left) + Cv2.CountNonZero(right);
        return border > 0.25 * 2 * (w + h);
    }
}
