using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// The slow change of brightness across a photo (a shadow, a lamp on one side, vignetting), as a quadratic
/// surface fitted by least squares to one channel: a + bx + cy + dx² + exy + fy². Strokes are too small and
/// too sharp to bend a surface this smooth much, so taking the surface out leaves the paper level and the ink
/// standing out from it, whichever side of the photo is darker.
/// </summary>
internal static class LightingTrend
{
    /// <summary>Returns the channel with its fitted quadratic trend taken out and its mean kept.</summary>
    /// <param name="channel">An 8-bit single-channel image (small: every pixel enters the fit).</param>
    /// <returns>The levelled channel, 8-bit, same size; the caller disposes it.</returns>
    public static Mat Level(Mat channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Type() != MatType.CV_8UC1)
        {
            throw new ArgumentException($"Expected an 8-bit single-channel image, got {channel.Type()}.", nameof(channel));
        }

        int width = channel.Width, height = channel.Height;
        channel.GetArray(out byte[] values);
        double[] surface = Fit(values, width, height);
        double mean = values.Average(v => (double)v);
        double[] xs = Coordinates(width);
        var levelled = new byte[values.Length];
        Span<double> perPower = stackalloc double[3];
        for (int y = 0, i = 0; y < height; y++)
        {
            // Along a row the surface is a quadratic in x: its three coefficients, then one multiply-add each.
            double v = Coordinate(y, height);
            perPower.Clear();
            for (int t = 0; t < Powers.Length; t++)
            {
                perPower[Powers[t].X] += surface[t] * Math.Pow(v, Powers[t].Y);
            }

            for (int x = 0; x < width; x++, i++)
            {
                double u = xs[x];
                double trend = perPower[0] + (u * (perPower[1] + (u * perPower[2])));
                levelled[i] = (byte)Math.Clamp(Math.Round(values[i] - trend + mean), 0, 255);
            }
        }

        var result = new Mat(height, width, MatType.CV_8UC1);
        result.SetArray(levelled);
        return result;
    }

    /// <summary>Fits the six coefficients of the quadratic surface (coordinates scaled to -1..1) by least squares.</summary>
    /// <param name="values">Row-major pixel values.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <returns>a, b, c, d, e, f: the coefficients of 1, x, y, x², xy, y².</returns>
    internal static double[] Fit(byte[] values, int width, int height)
    {
        // Normal equations (AᵀA) w = Aᵀv, A's rows the six terms x^p y^q of each pixel. On a full grid the sums
        // separate: Σ x^(p+p') y^(q+q') = (Σ_x x^(p+p')) (Σ_y y^(q+q')), and Σ v x^p y^q = Σ_y y^q (row sum of v x^p),
        // so the fit costs three multiply-adds a pixel instead of 42.
        double[] xs = Coordinates(width), ys = Coordinates(height);
        double[] xSums = PowerSums(xs), ySums = PowerSums(ys);
        var rowMoments = new double[3, height]; // Σ over row y of v x^p, p = 0..2
        for (int y = 0, i = 0; y < height; y++)
        {
            double m0 = 0, m1 = 0, m2 = 0;
            for (int x = 0; x < width; x++, i++)
            {
                double v = values[i], u = xs[x];
                m0 += v;
                m1 += v * u;
                m2 += v * u * u;
            }

            rowMoments[0, y] = m0;
            rowMoments[1, y] = m1;
            rowMoments[2, y] = m2;
        }

        var normal = new double[6, 6];
        var right = new double[6];
        for (int r = 0; r < Powers.Length; r++)
        {
            for (int c = 0; c < Powers.Length; c++)
            {
                normal[r, c] = xSums[Powers[r].X + Powers[c].X] * ySums[Powers[r].Y + Powers[c].Y];
            }

            for (int y = 0; y < height; y++)
            {
                right[r] += rowMoments[Powers[r].X, y] * Math.Pow(ys[y], Powers[r].Y);
            }
        }

        return Solve(normal, right);
    }

    // The six terms of the surface as powers of x and y: 1, x, y, x², xy, y².
    private static readonly (int X, int Y)[] Powers = [(0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2)];

    private static double Coordinate(int position, int size) => size > 1 ? ((2.0 * position) / (size - 1)) - 1 : 0;

    private static double[] Coordinates(int size) => [.. Enumerable.Range(0, size).Select(p => Coordinate(p, size))];

    // Σ c^k over the coordinates, k = 0..4 (the highest power a product of two terms reaches).
    private static double[] PowerSums(double[] coordinates)
    {
        var sums = new double[5];
        foreach (double c in coordinates)
        {
            for (int k = 0; k < 5; k++)
            {
                sums[k] += Math.Pow(c, k);
            }
        }

        return sums;
    }

    // Gaussian elimination with partial pivoting; a term the image cannot determine (a one-pixel-high image has
    // no y) gets coefficient 0.
    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var w = new double[n];
        var pivotOf = new int[n];
        Array.Fill(pivotOf, -1);
        for (int column = 0, row = 0; column < n && row < n; column++)
        {
            int pivot = row;
            for (int r = row + 1; r < n; r++)
            {
                if (Math.Abs(a[r, column]) > Math.Abs(a[pivot, column]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, column]) < 1e-9)
            {
                continue;
            }

            for (int c = 0; c < n; c++)
            {
                (a[row, c], a[pivot, c]) = (a[pivot, c], a[row, c]);
            }

            (b[row], b[pivot]) = (b[pivot], b[row]);
            for (int r = 0; r < n; r++)
            {
                if (r != row && a[r, column] != 0)
                {
                    double factor = a[r, column] / a[row, column];
                    for (int c = column; c < n; c++)
                    {
                        a[r, c] -= factor * a[row, c];
                    }

                    b[r] -= factor * b[row];
                }
            }

            pivotOf[column] = row++;
        }

        for (int column = 0; column < n; column++)
        {
            w[column] = pivotOf[column] >= 0 ? b[pivotOf[column]] / a[pivotOf[column], column] : 0;
        }

        return w;
    }
}
