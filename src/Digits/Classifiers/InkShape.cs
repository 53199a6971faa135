namespace Digits.Classifiers;

/// <summary>
/// How a mark's ink lies in its box, measured on the mark as found (before it is brought into MNIST form, which
/// evens out stroke thickness): digits are thin strokes, while clothes, blots and filled shapes are solid.
/// </summary>
/// <param name="Fill">The share of the ink's bounding box that is ink (0-1).</param>
/// <param name="Thickness">The mean stroke thickness (twice the area over the outline) as a share of the box's longer side.</param>
public readonly record struct InkShape(double Fill, double Thickness)
{
    /// <summary>Gets whether there was any ink at all.</summary>
    public bool IsBlank => Fill == 0;

    /// <summary>Measures the ink of a grey or binary image: pixels above half the brightest count as ink.</summary>
    /// <param name="pixels">Row-major values, 0 = background.</param>
    /// <param name="width">The image's width.</param>
    /// <param name="height">The image's height.</param>
    /// <returns>The shape; blank (all zero) when nothing is brighter than zero.</returns>
    /// <exception cref="ArgumentException">The number of values does not match the size.</exception>
    public static InkShape Measure(ReadOnlySpan<byte> pixels, int width, int height)
    {
        if (width <= 0 || height <= 0 || pixels.Length != width * height)
        {
            throw new ArgumentException($"a {width}x{height} image has {Math.Max(0, width) * Math.Max(0, height)} values, got {pixels.Length}", nameof(pixels));
        }

        int brightest = 0;
        foreach (byte p in pixels)
        {
            brightest = Math.Max(brightest, p);
        }

        if (brightest == 0)
        {
            return default;
        }

        int threshold = brightest / 2;
        int left = width, top = height, right = -1, bottom = -1, area = 0, outline = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (pixels[(y * width) + x] <= threshold)
                {
                    continue;
                }

                area++;
                (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                bool edge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                    || pixels[(y * width) + x - 1] <= threshold || pixels[(y * width) + x + 1] <= threshold
                    || pixels[((y - 1) * width) + x] <= threshold || pixels[((y + 1) * width) + x] <= threshold;
                outline += edge ? 1 : 0;
            }
        }

        double boxWidth = right - left + 1, boxHeight = bottom - top + 1;
        return new InkShape(area / (boxWidth * boxHeight), 2.0 * area / Math.Max(1, outline) / Math.Max(boxWidth, boxHeight));
    }
}
