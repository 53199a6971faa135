using System.Numerics.Tensors;
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
        var levelled = new byte[values.Length];
        Span<double> terms = stackalloc double[6];
        for (int y = 0, i = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++, i++)
            {
                Terms(Coordinate(x, width), Coordinate(y, height), terms);
                double trend = TensorPrimitives.Dot<double>(surface, terms);
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
    /// <returns>a, b, c, d, e, f.</returns>
    internal static double[] Fit(byte[] values, int width, int height)
    {
        // Normal equations: (AᵀA) w = Aᵀv, with A's rows the six terms of each pixel.
        var normal = new double[6, 6];
        var right = new double[6];
        Span<double> terms = stackalloc double[6];
        for (int y = 0, i = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++, i++)
            {
                Terms(Coordinate(x, width), Coordinate(y, height), terms);
                for (int r = 0; r < 6; r++)
                {
                    right[r] += terms[r] * values[i];
                    for (int c = 0; c < 6; c++)
                    {
                        normal[r, c] += terms[r] * terms[c];
                    }
                }
            }
        }

        return Solve(normal, right);
    }

    private static double Coordinate(int position, int size) => size > 1 ? ((2.0 * position) / (size - 1)) - 1 : 0;

    private static void Terms(double x, double y, Span<double> terms)
    {
        terms[0] = 1;
        terms[1] = x;
        terms[2] = y;
        terms[3] = x * x;
        terms[4] = x * y;
        terms[5] = y * y;
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
