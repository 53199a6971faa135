using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Brings a drawing (grey values, 0 = background, any size from 28x28 up) into MNIST form with the photo
/// pipeline's last step (<see cref="DigitNormalizer.FitAndCentre"/>). Unlike a photo, a drawing has no paper to
/// estimate and its grey levels are kept.
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
        return ink.Width == 0 || ink.Height == 0 ? new byte[784] : DigitNormalizer.FitAndCentre(image, ink);
    }
}
