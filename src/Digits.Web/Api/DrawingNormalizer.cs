using OpenCvSharp;

namespace Digits.Web.Api;

/// <summary>
/// Brings a drawn 28x28 digit into MNIST form: the ink's bounding box is fitted into 20x20 keeping its
/// aspect ratio (anti-aliased), then placed in 28x28 with its centre of mass at the centre.
/// </summary>
internal static class DrawingNormalizer
{
    public static byte[] Normalize(byte[] drawn)
    {
        using var image = new Mat(28, 28, MatType.CV_8UC1);
        image.SetArray(drawn);
        using var mask = new Mat();
        Cv2.Threshold(image, mask, 0, 255, ThresholdTypes.Binary);
        Rect box = Cv2.BoundingRect(mask);
        if (box.Width == 0 || box.Height == 0)
        {
            return new byte[784];
        }

        double scale = 20.0 / Math.Max(box.Width, box.Height);
        var size = new Size(Math.Max(1, (int)Math.Round(box.Width * scale)), Math.Max(1, (int)Math.Round(box.Height * scale)));
        using var crop = new Mat(image, box);
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
