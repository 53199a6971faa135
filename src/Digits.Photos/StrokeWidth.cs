using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// How wide a writing's pen is: the median length of the runs of ink across each row of a binary image (a stroke
/// crossed square on is its width; the few long runs along horizontal strokes leave the median alone).
/// </summary>
public static class StrokeWidth
{
    /// <summary>The median run of ink (non-zero pixels) along the rows of a box of a binary image; 0 when it holds no ink.</summary>
    /// <param name="binary">The binary image (8-bit, one channel, ink non-zero).</param>
    /// <param name="box">Where the writing is (clipped to the image).</param>
    public static int Median(Mat binary, Rect box)
    {
        ArgumentNullException.ThrowIfNull(binary);
        Rect inside = box.Intersect(new Rect(0, 0, binary.Width, binary.Height));
        if (inside.Width < 1 || inside.Height < 1)
        {
            return 0;
        }

        using var view = new Mat(binary, inside);
        using Mat copy = view.Clone();
        copy.GetArray(out byte[] pixels);
        return Median(pixels, inside.Width, inside.Height);
    }

    /// <summary>As <see cref="Median(Mat, Rect)"/>, over a whole row-major image.</summary>
    public static int Median(ReadOnlySpan<byte> pixels, int width, int height)
    {
        var runs = new List<int>();
        for (int y = 0; y < height; y++)
        {
            int run = 0;
            for (int x = 0; x <= width; x++)
            {
                if (x < width && pixels[(y * width) + x] != 0)
                {
                    run++;
                }
                else if (run > 0)
                {
                    runs.Add(run);
                    run = 0;
                }
            }
        }

        if (runs.Count == 0)
        {
            return 0;
        }

        runs.Sort();
        return runs[runs.Count / 2];
    }
}
