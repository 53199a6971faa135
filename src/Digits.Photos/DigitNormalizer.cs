using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Brings one digit into MNIST form: strokes thickened or thinned towards MNIST's thickness relative to the
/// digit's size, the digit fitted into 20x20 keeping its aspect ratio (anti-aliased by area averaging), then
/// placed in a 28x28 field with its centre of mass at the centre. White ink on black, as the model expects.
/// </summary>
public static class DigitNormalizer
{
    /// <summary>
    /// The stroke thickness aimed at, as a fraction of the digit's larger side. MNIST's median is 0.12 (quartiles
    /// 0.10 and 0.14); 0.15 was chosen on drawings by 43 writers who are not MNIST's (bench/other_writers.py:
    /// 94.9% read right against 93.9% at 0.12), and reads synthetic photos of MNIST digits as well as 0.12 did.
    /// </summary>
    public const double TargetStrokeRatio = 0.15;

    /// <summary>Normalises a binary mask of one digit (non-zero = ink), tightly or loosely cropped.</summary>
    /// <param name="mask">8-bit mask.</param>
    /// <param name="adjustStrokes">Whether to bring the stroke thickness near MNIST's.</param>
    /// <param name="strokeRatio">The stroke thickness aimed at, as a fraction of the digit's larger side.</param>
    /// <returns>784 bytes, row-major 28x28; all zero when the mask is empty.</returns>
    public static byte[] Normalize(Mat mask, bool adjustStrokes = true, double strokeRatio = TargetStrokeRatio)
    {
        ArgumentNullException.ThrowIfNull(mask);
        Rect box = Cv2.BoundingRect(mask);
        if (box.Width == 0 || box.Height == 0)
        {
            return new byte[784];
        }

        int size = Math.Max(box.Width, box.Height);
        int pad = Math.Max(2, size / 4);
        using var padded = new Mat(box.Height + (2 * pad), box.Width + (2 * pad), MatType.CV_8UC1, Scalar.All(0));
        using (var crop = new Mat(mask, box))
        {
            crop.CopyTo(padded[new Rect(pad, pad, box.Width, box.Height)]);
        }

        using var binary = new Mat();
        Cv2.Threshold(padded, binary, 0, 255, ThresholdTypes.Binary);
        if (adjustStrokes)
        {
            AdjustStrokes(binary, size, strokeRatio);
        }

        Rect inkBox = Cv2.BoundingRect(binary);
        return inkBox.Width == 0 ? new byte[784] : FitAndCentre(binary, inkBox);
    }

    /// <summary>
    /// The last step for photos and drawings alike: the ink's box of <paramref name="image"/> fitted into 20x20
    /// keeping its aspect ratio (area-averaged when shrinking), placed in 28x28 with its centre of mass at the centre.
    /// </summary>
    /// <param name="image">8-bit image, 0 = background (binary for photos, grey for drawings).</param>
    /// <param name="inkBox">The ink's bounding box in <paramref name="image"/> (not empty).</param>
    /// <returns>784 bytes, row-major 28x28.</returns>
    internal static byte[] FitAndCentre(Mat image, Rect inkBox)
    {
        double scale = 20.0 / Math.Max(inkBox.Width, inkBox.Height);
        var fitted = new Size(Math.Max(1, (int)Math.Round(inkBox.Width * scale)), Math.Max(1, (int)Math.Round(inkBox.Height * scale)));
        using var inkCrop = new Mat(image, inkBox);
        using var small = new Mat();
        Cv2.Resize(inkCrop, small, fitted, 0, 0, scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        Moments m = Cv2.Moments(small);
        double cx = m.M00 > 0 ? m.M10 / m.M00 : small.Width / 2.0;
        double cy = m.M00 > 0 ? m.M01 / m.M00 : small.Height / 2.0;
        using var shift = new Mat(2, 3, MatType.CV_64FC1);
        shift.SetArray(new double[] { 1, 0, 14 - cx, 0, 1, 14 - cy });
        using var placed = new Mat();
        Cv2.WarpAffine(small, placed, shift, new Size(28, 28), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        placed.GetArray(out byte[] pixels);
        return pixels;
    }

    /// <summary>Turns the ink of one digit about its box's centre, on a canvas large enough to hold it turned.</summary>
    /// <param name="mask">8-bit mask holding the digit (non-zero = ink), any size.</param>
    /// <param name="box">The digit's box in <paramref name="mask"/>.</param>
    /// <param name="degrees">Counter-clockwise angle as seen in the image.</param>
    /// <returns>A new binary mask of the turned digit; the caller disposes it.</returns>
    public static Mat Rotate(Mat mask, Rect box, double degrees)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int side = (int)Math.Ceiling(Math.Sqrt((box.Width * (double)box.Width) + (box.Height * (double)box.Height))) + 4;
        using var canvas = new Mat(side, side, MatType.CV_8UC1, Scalar.All(0));
        using (var crop = new Mat(mask, box))
        {
            crop.CopyTo(canvas[new Rect((side - box.Width) / 2, (side - box.Height) / 2, box.Width, box.Height)]);
        }

        using Mat turn = Cv2.GetRotationMatrix2D(new Point2f(side / 2f, side / 2f), degrees, 1);
        var turned = new Mat();
        Cv2.WarpAffine(canvas, turned, turn, new Size(side, side), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        Cv2.Threshold(turned, turned, 127, 255, ThresholdTypes.Binary);
        return turned;
    }

    /// <summary>Estimates stroke width as twice the mean distance from ink to paper along the stroke centres.</summary>
    /// <param name="binary">8-bit mask.</param>
    /// <returns>The width in pixels (0 for an empty mask).</returns>
    public static double StrokeWidth(Mat binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        using var distance = new Mat();
        Cv2.DistanceTransform(binary, distance, DistanceTypes.L2, DistanceTransformMasks.Mask3);
        using var dilated = new Mat();
        Cv2.Dilate(distance, dilated, null);
        using var ridge = new Mat();
        Cv2.Compare(distance, dilated, ridge, CmpTypes.GE);
        using var onInk = new Mat();
        Cv2.BitwiseAnd(ridge, binary, onInk);
        if (Cv2.CountNonZero(onInk) == 0)
        {
            return 0;
        }

        return 2 * Cv2.Mean(distance, onInk).Val0;
    }

    private static void AdjustStrokes(Mat binary, int size, double strokeRatio)
    {
        double width = StrokeWidth(binary);
        if (width <= 0)
        {
            return;
        }

        double target = strokeRatio * size;
        int radius = (int)Math.Round((target - width) / 2);
        if (radius == 0 || (radius < 0 && width < 0.2 * size))
        {
            return; // close enough, or thick but not so thick that thinning is worth the risk of breaking strokes
        }

        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size((2 * Math.Abs(radius)) + 1, (2 * Math.Abs(radius)) + 1));
        if (radius > 0)
        {
            Cv2.Dilate(binary, binary, kernel);
        }
        else
        {
            // A blob that is all stroke (a thick dot, a short fat bar) would be thinned away entirely: keep it as it is.
            using var thinned = new Mat();
            Cv2.Erode(binary, thinned, kernel);
            if (Cv2.CountNonZero(thinned) > 0)
            {
                thinned.CopyTo(binary);
            }
        }
    }
}
