using OpenCvSharp;

namespace Digits.Benchmarks;

/// <summary>
/// A 28x28 grey image (0 = background) written on paper and photographed, roughly: enlarged to a size a photo or a
/// scan gives (about 28 to 150 pixels), in strokes as thin as a fine pen's or as thick as a marker's, laid as ink of a pen's colour on paper with grain and a lighting gradient,
/// sometimes blurred, and saved as JPEG or PNG. Some are crisp black on white, as a drawing program or a clean scan
/// gives. Training data for the photo path's not-a-digit score; not a test of reading.
/// </summary>
internal static class SyntheticPhoto
{
    public static byte[] Write(ReadOnlySpan<byte> image, Random random)
    {
        int size = random.Next(28, 150);
        using var small = new Mat(28, 28, MatType.CV_8UC1);
        small.SetArray(image.ToArray());
        using var ink = new Mat();
        Cv2.Resize(small, ink, new Size(size, size), 0, 0, InterpolationFlags.Cubic);
        double pen = random.NextDouble();
        if (pen < 0.4)
        {
            // A felt pen or marker: strokes up to a third of the digit's height thick.
            int radius = Math.Max(1, (int)(size * random.NextDouble() / 12));
            using Mat round = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size((2 * radius) + 1, (2 * radius) + 1));
            Cv2.Dilate(ink, ink, round);
        }
        else if (pen < 0.55 && size > 56)
        {
            using Mat round = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(3, 3));
            Cv2.Erode(ink, ink, round); // a fine pen
        }

        int canvas = Math.Max(96, (int)(size * (1.6 + random.NextDouble())));
        bool crisp = random.NextDouble() < 0.2;
        double paper = crisp ? 255 : 170 + (random.NextDouble() * 80);
        double grain = crisp ? 0 : random.NextDouble() * 8, slope = crisp ? 0 : (random.NextDouble() - 0.5) * 50;
        double[] colour = random.Next(3) switch
        {
            0 => [20 + (random.NextDouble() * 50), 20 + (random.NextDouble() * 50), 20 + (random.NextDouble() * 50)],
            1 => [110 + (random.NextDouble() * 60), 40 + (random.NextDouble() * 30), 20 + (random.NextDouble() * 30)], // blue ballpoint (BGR)
            _ => [40, 40, 40],
        };
        int left = random.Next(canvas - size + 1), top = random.Next(canvas - size + 1);
        ink.GetArray(out byte[] alpha);
        var pixels = new byte[canvas * canvas * 3];
        for (int y = 0; y < canvas; y++)
        {
            for (int x = 0; x < canvas; x++)
            {
                double background = paper + (slope * x / canvas) + ((random.NextDouble() - 0.5) * 2 * grain);
                int ix = x - left, iy = y - top;
                double a = ix >= 0 && iy >= 0 && ix < size && iy < size ? alpha[(iy * size) + ix] / 255.0 : 0;
                if (crisp)
                {
                    a = a > 0.5 ? 1 : 0;
                }

                for (int c = 0; c < 3; c++)
                {
                    pixels[(((y * canvas) + x) * 3) + c] = (byte)Math.Clamp((background * (1 - a)) + (colour[c] * a), 0, 255);
                }
            }
        }

        using var photo = Mat.FromPixelData(canvas, canvas, MatType.CV_8UC3, pixels);
        if (!crisp && random.NextDouble() < 0.5)
        {
            Cv2.GaussianBlur(photo, photo, new Size(0, 0), 0.5 + (random.NextDouble() * 1.0));
        }

        return crisp || random.NextDouble() < 0.3
            ? photo.ImEncode(".png")
            : photo.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, random.Next(60, 95)));
    }
}
