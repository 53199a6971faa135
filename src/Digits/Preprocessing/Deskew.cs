namespace Digits.Preprocessing;

/// <summary>
/// Straightens a slanted digit: the image moments give the slant (mu11 / mu02), and each row is shifted
/// horizontally in proportion to its distance from the centre of mass (a shear, bilinear), so the digit's
/// main axis becomes vertical. Images with almost no vertical spread are copied unchanged.
/// </summary>
internal static class Deskew
{
    /// <summary>Deskews <paramref name="source"/> (rows x columns, row-major) into <paramref name="target"/>.</summary>
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> target, int rows, int columns)
    {
        double m00 = 0, m10 = 0, m01 = 0;
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                double v = source[(y * columns) + x];
                m00 += v;
                m10 += x * v;
                m01 += y * v;
            }
        }

        if (m00 == 0)
        {
            source.CopyTo(target);
            return;
        }

        double cx = m10 / m00, cy = m01 / m00, mu11 = 0, mu02 = 0;
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                double v = source[(y * columns) + x];
                mu11 += (x - cx) * (y - cy) * v;
                mu02 += (y - cy) * (y - cy) * v;
            }
        }

        if (mu02 < 1e-2 * m00)
        {
            source.CopyTo(target);
            return;
        }

        double skew = mu11 / mu02;
        for (int y = 0; y < rows; y++)
        {
            // The output's column x samples the source at x + skew * (y - cy), keeping the centre of mass in place.
            double offset = skew * (y - cy);
            for (int x = 0; x < columns; x++)
            {
                double sx = x + offset;
                int x0 = (int)Math.Floor(sx);
                double f = sx - x0;
                double a = x0 >= 0 && x0 < columns ? source[(y * columns) + x0] : 0;
                double b = x0 + 1 >= 0 && x0 + 1 < columns ? source[(y * columns) + x0 + 1] : 0;
                target[(y * columns) + x] = (byte)Math.Clamp((int)Math.Round((a * (1 - f)) + (b * f)), 0, 255);
            }
        }
    }
}
