namespace Digits.Photos;

/// <summary>
/// Brings a drawing (grey values, 0 = background, any size from 28x28 up) into MNIST form: the ink's bounding box
/// is fitted into 20x20 keeping its aspect ratio (area-averaged when shrinking, bilinear when enlarging) and placed
/// in 28x28 with its centre of mass at the centre. Unlike a photo, a drawing has no paper to estimate and its
/// grey levels are kept.
/// </summary>
/// <remarks>
/// The phone app runs the same steps on the device (<c>wwwroot/drawing-normalizer.js</c>), so this is written in
/// plain double arithmetic, in an order the JavaScript repeats operation for operation, with one rounding at the
/// end (half up): both give the same 784 bytes for the same drawing. Change the two together.
/// </remarks>
public static class DrawingNormalizer
{
    private const int Side = 28;
    private const int Fit = 20;

    /// <summary>Normalises a drawing.</summary>
    /// <param name="pixels">Row-major grey values, <paramref name="width"/> x <paramref name="height"/>.</param>
    /// <param name="width">The drawing's width.</param>
    /// <param name="height">The drawing's height.</param>
    /// <param name="box">Receives the ink's bounding box in the drawing: x, y, width, height (all zero when blank).</param>
    /// <returns>784 bytes, row-major 28x28; all zero when nothing is drawn.</returns>
    public static byte[] Normalize(ReadOnlySpan<byte> pixels, int width, int height, out int[] box)
    {
        if (width < 1 || height < 1 || pixels.Length != width * height)
        {
            throw new ArgumentException($"A {width}x{height} drawing has {(long)width * height} pixels, got {pixels.Length}.", nameof(pixels));
        }

        int left = width, top = height, right = -1, bottom = -1;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = pixels.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                if (row[x] != 0)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        if (right < 0)
        {
            box = [0, 0, 0, 0];
            return new byte[Side * Side];
        }

        int inkWidth = right - left + 1, inkHeight = bottom - top + 1;
        box = [left, top, inkWidth, inkHeight];
        double scale = (double)Fit / Math.Max(inkWidth, inkHeight);
        int fittedWidth = Math.Max(1, (int)Math.Floor((inkWidth * scale) + 0.5));
        int fittedHeight = Math.Max(1, (int)Math.Floor((inkHeight * scale) + 0.5));
        double[] small = Resample(pixels, width, left, top, inkWidth, inkHeight, fittedWidth, fittedHeight);
        return Centre(small, fittedWidth, fittedHeight);
    }

    // The box (left, top, w x h) of the drawing resampled to fw x fh: each axis separately, by the weights of Taps.
    private static double[] Resample(ReadOnlySpan<byte> pixels, int stride, int left, int top, int w, int h, int fw, int fh)
    {
        (int[] First, double[][] Weights) columns = Taps(w, fw), rows = Taps(h, fh);
        double[] across = new double[h * fw];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = pixels.Slice(((top + y) * stride) + left, w);
            for (int x = 0; x < fw; x++)
            {
                double sum = 0;
                double[] weights = columns.Weights[x];
                for (int t = 0; t < weights.Length; t++)
                {
                    sum += weights[t] * row[columns.First[x] + t];
                }

                across[(y * fw) + x] = sum;
            }
        }

        double[] small = new double[fw * fh];
        for (int y = 0; y < fh; y++)
        {
            double[] weights = rows.Weights[y];
            for (int x = 0; x < fw; x++)
            {
                double sum = 0;
                for (int t = 0; t < weights.Length; t++)
                {
                    sum += weights[t] * across[((rows.First[y] + t) * fw) + x];
                }

                small[(y * fw) + x] = sum;
            }
        }

        return small;
    }

    // For each of `to` output pixels along an axis of `from` input pixels: the first input pixel it reads and the
    // weights of it and the ones after. Shrinking, an output pixel is the average of the input it covers (a pixel
    // partly covered counts by the part); enlarging, it is the linear interpolation at its centre, edges clamped.
    private static (int[] First, double[][] Weights) Taps(int from, int to)
    {
        var first = new int[to];
        var weights = new double[to][];
        double ratio = (double)from / to;
        for (int o = 0; o < to; o++)
        {
            if (from > to)
            {
                double start = o * ratio, end = (o + 1) * ratio;
                int lo = (int)Math.Floor(start), hi = Math.Min(from, (int)Math.Ceiling(end));
                first[o] = lo;
                weights[o] = new double[hi - lo];
                for (int i = lo; i < hi; i++)
                {
                    double covered = Math.Min(end, i + 1) - Math.Max(start, i);
                    weights[o][i - lo] = covered / ratio;
                }
            }
            else
            {
                double at = ((o + 0.5) * ratio) - 0.5;
                at = Math.Min(Math.Max(at, 0), from - 1);
                int lo = (int)Math.Floor(at);
                double fraction = at - lo;
                first[o] = lo;
                weights[o] = lo + 1 < from ? [1 - fraction, fraction] : [1];
            }
        }

        return (first, weights);
    }

    // The fitted digit placed in 28x28 with its centre of mass (pixel centres at whole coordinates) on (14, 14),
    // sampled bilinearly, zero outside it; then rounded half up into bytes.
    private static byte[] Centre(double[] small, int fw, int fh)
    {
        double mass = 0, mx = 0, my = 0;
        for (int y = 0; y < fh; y++)
        {
            for (int x = 0; x < fw; x++)
            {
                double v = small[(y * fw) + x];
                mass += v;
                mx += x * v;
                my += y * v;
            }
        }

        double cx = mass > 0 ? mx / mass : fw / 2.0;
        double cy = mass > 0 ? my / mass : fh / 2.0;
        double dx = cx - (Side / 2), dy = cy - (Side / 2);
        double Value(int x, int y) => x >= 0 && x < fw && y >= 0 && y < fh ? small[(y * fw) + x] : 0;
        byte[] output = new byte[Side * Side];
        for (int y = 0; y < Side; y++)
        {
            double sy = y + dy;
            int y0 = (int)Math.Floor(sy);
            double fy = sy - y0;
            for (int x = 0; x < Side; x++)
            {
                double sx = x + dx;
                int x0 = (int)Math.Floor(sx);
                double fx = sx - x0;
                double top = (Value(x0, y0) * (1 - fx)) + (Value(x0 + 1, y0) * fx);
                double bottom = (Value(x0, y0 + 1) * (1 - fx)) + (Value(x0 + 1, y0 + 1) * fx);
                double v = (top * (1 - fy)) + (bottom * fy);
                output[(y * Side) + x] = (byte)Math.Clamp(Math.Floor(v + 0.5), 0, 255);
            }
        }

        return output;
    }
}
