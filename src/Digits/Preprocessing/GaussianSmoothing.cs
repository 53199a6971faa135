namespace Digits.Preprocessing;

/// <summary>
/// Blurs a small image with a separable Gaussian (the kernel is cut at 2 sigma and normalised), so that
/// strokes a pixel apart still overlap: distances then tolerate small shifts and thickness changes.
/// </summary>
internal static class GaussianSmoothing
{
    /// <summary>Blurs <paramref name="source"/> into <paramref name="target"/> (both rows x columns, row-major).</summary>
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> target, int rows, int columns, double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(2 * sigma));
        Span<double> kernel = stackalloc double[(2 * radius) + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = Math.Exp(-(i * i) / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }

        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        Span<double> horizontal = rows * columns <= 4096 ? stackalloc double[rows * columns] : new double[rows * columns];
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                double acc = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    int xx = x + k;
                    if (xx >= 0 && xx < columns)
                    {
                        acc += kernel[k + radius] * source[(y * columns) + xx];
                    }
                }

                horizontal[(y * columns) + x] = acc;
            }
        }

        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                double acc = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    int yy = y + k;
                    if (yy >= 0 && yy < rows)
                    {
                        acc += kernel[k + radius] * horizontal[(yy * columns) + x];
                    }
                }

                target[(y * columns) + x] = (byte)Math.Clamp((int)Math.Round(acc), 0, 255);
            }
        }
    }
}
