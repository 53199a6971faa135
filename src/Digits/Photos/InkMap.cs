using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// How far each pixel's colour is from the paper around it (0 = paper, 255 = strongest contrast). The paper
/// is estimated by a wide median filter, which ignores thin strokes but follows shadows, gradients and tinted
/// or coloured paper; measuring colour distance rather than darkness makes dark ink on light paper, light
/// strokes on a dark board and coloured ink on coloured paper all come out as bright strokes on black.
/// </summary>
public static class InkMap
{
    /// <summary>Estimates the paper colour at every pixel.</summary>
    /// <param name="bgr">The photo at working size.</param>
    /// <returns>The paper (same size, BGR); the caller disposes it.</returns>
    public static Mat Paper(Mat bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        double scale = Math.Min(1.0, 160.0 / Math.Max(bgr.Width, bgr.Height));
        using var small = new Mat();
        Cv2.Resize(bgr, small, new Size(Math.Max(1, (int)(bgr.Width * scale)), Math.Max(1, (int)(bgr.Height * scale))), 0, 0, InterpolationFlags.Area);
        int window = Math.Max(3, (Math.Min(small.Width, small.Height) / 3) | 1);
        window = Math.Min(window, 255 | 1);
        using var median = new Mat();
        Cv2.MedianBlur(small, median, window);
        var paper = new Mat();
        Cv2.Resize(median, paper, bgr.Size(), 0, 0, InterpolationFlags.Linear);
        return paper;
    }

    /// <summary>Computes the ink map: the colour distance between each pixel and the paper, scaled to 0-255.</summary>
    /// <param name="bgr">The photo at working size.</param>
    /// <param name="paper">The paper estimate from <see cref="Paper"/>.</param>
    /// <returns>An 8-bit single-channel map; the caller disposes it.</returns>
    public static Mat Compute(Mat bgr, Mat paper)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        ArgumentNullException.ThrowIfNull(paper);
        using var a = new Mat();
        using var b = new Mat();
        bgr.ConvertTo(a, MatType.CV_32FC3);
        paper.ConvertTo(b, MatType.CV_32FC3);
        using var difference = new Mat();
        Cv2.Subtract(a, b, difference);
        using var squared = new Mat();
        Cv2.Multiply(difference, difference, squared);
        using var sum = new Mat();
        using var ones = new Mat(1, 3, MatType.CV_32F, Scalar.All(1));
        Cv2.Transform(squared, sum, ones);
        using var distance = new Mat();
        Cv2.Sqrt(sum, distance);
        var ink = new Mat();
        distance.ConvertTo(ink, MatType.CV_8U, 1 / Math.Sqrt(3));
        return ink;
    }
}
