using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Brings a drawing (grey values, 0 = background, any size from 28x28 up) into MNIST form: the ink's bounding
/// box is fitted into 20x20 keeping its aspect ratio (area-averaged when shrinking), then placed in 28x28 with
/// its centre of mass at the centre. Unlike a photo, a drawing has no paper to estimate and its grey levels are
/// kept.
/// </summary>
public static class DrawingNormalizer
{
    /// <summary>Normalises a drawing.</summary>
    /// <param name="pixels">Row-major grey values, <paramref name="width"/> x <paramref name="height"/>.</param>
    /// <param name="width">The drawing's width.</param>
    /// <param name="height">The drawing's height.</param>
    /// <param name="box">Receives the ink's bounding box in the drawing: x, y, width, height (all zero when blank).</param>
    /// <returns>784 bytes, row-major 28x28; all zero when nothing is drawn.</returns>
    public static byte[] Normalize(ReadOnlySpan<byte> pixels, int width, int height, out int[] box)
    {
        using var image = new Mat(height, width, MatType.CV_8UC1);
        image.SetArray(pixels.ToArray());
        using var mask = new Mat();
        Cv2.Threshold(image, mask, 0, 255, ThresholdTypes.Binary);
        Rect ink = Cv2.BoundingRect(mask);
        box = [ink.X, ink.Y, ink.Width, ink.Height];
        if (ink.Width == 0 || ink.Height == 0)
        {
            return new byte[784];
        }

        double scale = 20.0 / Math.Max(ink.Width, ink.Height);
        var size = new Size(Math.Max(1, (int)Math.Round(ink.Width * scale)), Math.Max(1, (int)Math.Round(ink.Height * scale)));
        using var crop = new Mat(image, ink);
        using var fitted = new Mat();
        Cv2.Resize(crop, fitted, size, 0, 0, scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        Moments m = Cv2.Moments(fitted);
        double cx = m.M00 > 0 ? m.M10 / m.M00 : fitted.Width / 2.0;
        double cy = m.M00 > 0 ? m.M01 / m.M00 : fitted.Height / 2.0;
        using var shift = new Mat(2, 3, MatType.CV_64FC1);
        shift.SetArray(new double[] { 1, 0, 14 - cx, 0, 1, 14 - cy });
        using var placed = new Mat();
        Cv2.WarpAffine(fitted, placed, shift, new Size(28, 28), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        placed.GetArray(out byte[] result);
        return result;
    }
}
