using OpenCvSharp;

namespace Digits.Tests.Photos;

/// <summary>
/// Renders MNIST digits as if written on paper and photographed with a phone: the digit enlarged as dark (or
/// coloured) ink on paper with a lighting gradient and a colour cast, optionally ruled lines, slightly rotated
/// and seen in perspective, blurred, with sensor noise, then JPEG-compressed. Everything is drawn from a seeded
/// random generator, so a test sees the same photos every run.
/// </summary>
internal static class SyntheticPhotos
{
    /// <summary>Renders the digits <paramref name="digits"/> side by side (a written number) as JPEG bytes.</summary>
    /// <param name="digits">28x28 MNIST images (white ink on black), left to right.</param>
    /// <param name="random">The generator that chooses paper, ink, lighting and distortions.</param>
    /// <returns>The JPEG file's content.</returns>
    public static byte[] Render(IReadOnlyList<byte[]> digits, Random random)
    {
        int size = random.Next(220, 420);                       // rendered digit height in pixels
        int gap = (int)(size * (0.15 + (0.2 * random.NextDouble())));
        int width = (digits.Count * size) + ((digits.Count - 1) * gap) + (2 * size);
        int height = 2 * size + random.Next(0, size);

        // Paper: a tint, a lighting gradient across the page, and a shadow falling off one corner.
        var paperTint = new Vec3d(200 + random.Next(0, 50), 200 + random.Next(0, 50), 200 + random.Next(0, 50));
        double gradient = 0.25 * random.NextDouble();
        var pixels = new Vec3f[height * width];
        double angle = random.NextDouble() * Math.PI * 2;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double t = ((x * Math.Cos(angle)) + (y * Math.Sin(angle))) / Math.Max(width, height);
                double light = 1 - (gradient * (0.5 + (0.5 * t)));
                pixels[(y * width) + x] = new Vec3f((float)(paperTint.Item0 * light), (float)(paperTint.Item1 * light), (float)(paperTint.Item2 * light));
            }
        }

        using var paper = new Mat(height, width, MatType.CV_32FC3);
        paper.SetArray(pixels);
        if (random.NextDouble() < 0.3)
        {
            for (int y = random.Next(10, 40); y < height; y += size / 3)
            {
                Cv2.Line(paper, new Point(0, y), new Point(width, y), new Scalar(paperTint.Item0 * 0.75, paperTint.Item1 * 0.7, paperTint.Item2 * 0.6), 2);
            }
        }

        // Ink: dark blue, black or pencil grey, as coverage (0..1) from the enlarged digits.
        using var coverage = new Mat(height, width, MatType.CV_32FC1, Scalar.All(0));
        int left = size;
        int top = (height - size) / 2;
        foreach (byte[] digit in digits)
        {
            using var small = new Mat(28, 28, MatType.CV_8UC1);
            small.SetArray(digit);
            using var large = new Mat();
            Cv2.Resize(small, large, new Size(size, size), 0, 0, InterpolationFlags.Cubic);
            using var asFloat = new Mat();
            large.ConvertTo(asFloat, MatType.CV_32F, 1 / 255.0);
            int dy = random.Next(-size / 12, (size / 12) + 1);
            asFloat.CopyTo(coverage[new Rect(left, top + dy, size, size)]);
            left += size + gap;
        }

        Scalar ink = random.Next(3) switch
        {
            0 => new Scalar(90, 30, 20),    // blue ballpoint (BGR)
            1 => new Scalar(25, 25, 25),    // black pen
            _ => new Scalar(95, 95, 95),    // pencil
        };
        using var photo = new Mat();
        paper.GetArray(out Vec3f[] lined);
        coverage.GetArray(out float[] amount);
        for (int i = 0; i < amount.Length; i++)
        {
            float c = Math.Clamp(amount[i], 0f, 1f);
            Vec3f p = lined[i];
            lined[i] = new Vec3f((float)((p.Item0 * (1 - c)) + (ink.Val0 * c)), (float)((p.Item1 * (1 - c)) + (ink.Val1 * c)), (float)((p.Item2 * (1 - c)) + (ink.Val2 * c)));
        }

        paper.SetArray(lined);

        // The camera: a small rotation and perspective, a little blur, noise, JPEG.
        var corners = new[] { new Point2f(0, 0), new Point2f(width, 0), new Point2f(width, height), new Point2f(0, height) };
        float Jitter() => (float)((random.NextDouble() - 0.5) * 0.08 * Math.Min(width, height));
        var moved = corners.Select(c => new Point2f(c.X + Jitter(), c.Y + Jitter())).ToArray();
        using var warp = Cv2.GetPerspectiveTransform(corners, moved);
        using var seen = new Mat();
        Cv2.WarpPerspective(paper, seen, warp, paper.Size(), InterpolationFlags.Linear, BorderTypes.Replicate);
        using var blurred = new Mat();
        double sigma = 0.5 + (1.5 * random.NextDouble());
        Cv2.GaussianBlur(seen, blurred, new Size(0, 0), sigma);
        // Sensor noise from the seeded generator (OpenCV's own generator is per thread, so not repeatable here).
        double spread = 2 + (6 * random.NextDouble());
        var grain = new Vec3f[blurred.Rows * blurred.Cols];
        for (int i = 0; i < grain.Length; i++)
        {
            grain[i] = new Vec3f((float)(Gaussian(random) * spread), (float)(Gaussian(random) * spread), (float)(Gaussian(random) * spread));
        }

        using var noise = new Mat(blurred.Size(), MatType.CV_32FC3);
        noise.SetArray(grain);
        Cv2.Add(blurred, noise, blurred);
        blurred.ConvertTo(photo, MatType.CV_8UC3);
        Cv2.ImEncode(".jpg", photo, out byte[] jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, random.Next(60, 95)));
        return jpeg;
    }

    // Box-Muller: one standard normal sample.
    private static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
