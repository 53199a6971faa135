namespace Digits.Lines;

/// <summary>
/// A line of writing as a line reader sees it: ink 0..1 (0 = paper) on <see cref="LineShape.Height"/> rows, as wide
/// as the line's proportions make it. Made from a crop of an ink map by <see cref="FromInk(ReadOnlySpan{byte}, int, int, int)"/>, which the synthetic
/// training lines and the photos' lines both go through.
/// </summary>
public sealed class LineImage
{
    private LineImage(float[] pixels, int width)
    {
        Pixels = pixels;
        Width = width;
    }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the ink, row-major, <see cref="LineShape.Height"/> rows of <see cref="Width"/>.</summary>
    public float[] Pixels { get; }

    /// <summary>Gets how many source pixels one of this image's pixels stands for.</summary>
    public double Scale { get; private init; } = 1;

    /// <summary>
    /// Scales a crop of an ink map (0 = paper, 255 = strongest ink) to the line height, keeping its proportions
    /// (averaging when it shrinks, interpolating when it grows), and stretches its contrast so that the strong
    /// strokes reach 1: faint pencil and dark marker look alike, and paper stays 0.
    /// </summary>
    /// <param name="ink">The crop, row-major.</param>
    /// <param name="width">Its width.</param>
    /// <param name="height">Its height.</param>
    /// <param name="maximumWidth">The widest image made (a longer line is squeezed to it).</param>
    /// <exception cref="ArgumentException">The size does not match the values, or a side is zero.</exception>
    public static LineImage FromInk(ReadOnlySpan<byte> ink, int width, int height, int maximumWidth = 2048) => FromInk(ink, width, height, 1, maximumWidth);

    /// <summary>As <see cref="FromInk(ReadOnlySpan{byte}, int, int, int)"/>, the width also stretched by <paramref name="stretch"/> (a training distortion).</summary>
    internal static LineImage FromInk(ReadOnlySpan<byte> ink, int width, int height, double stretch, int maximumWidth = 2048)
    {
        if (width < 1 || height < 1 || ink.Length != width * height)
        {
            throw new ArgumentException($"a {width}x{height} crop has {Math.Max(0, width) * Math.Max(0, height)} values, got {ink.Length}");
        }

        double scale = (double)height / LineShape.Height;
        int target = Math.Clamp((int)Math.Round(width * stretch / scale), 1, maximumWidth);
        float[] rows = new float[LineShape.Height * width];
        float[] source = new float[width * height];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = ink[i] / 255f;
        }

        // Rows first (each column resampled), then columns.
        Resample(source, width, height, rows, LineShape.Height, vertical: true);
        float[] pixels = new float[LineShape.Height * target];
        Resample(rows, width, LineShape.Height, pixels, target, vertical: false);
        Stretch(pixels);
        return new LineImage(pixels, target) { Scale = (double)width / target };
    }

    /// <summary>Wraps pixels already at line height (0..1), for tests and synthetic lines.</summary>
    /// <exception cref="ArgumentException">The number of values is not a whole number of columns.</exception>
    public static LineImage Of(float[] pixels, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return width >= 1 && pixels.Length == width * LineShape.Height ? new LineImage(pixels, width)
            : throw new ArgumentException($"a line image {width} wide has {width * LineShape.Height} values, got {pixels.Length}");
    }

    // Area resampling along one axis: each target pixel averages the source interval it covers (or, growing,
    // interpolates linearly between source pixels).
    private static void Resample(float[] source, int width, int height, float[] target, int length, bool vertical)
    {
        int from = vertical ? height : width, across = vertical ? width : height;
        double ratio = (double)from / length;
        for (int o = 0; o < length; o++)
        {
            double start = o * ratio, end = start + ratio;
            for (int a = 0; a < across; a++)
            {
                double sum = 0, weight = 0;
                if (ratio <= 1)
                {
                    double centre = Math.Clamp(((o + 0.5) * ratio) - 0.5, 0, from - 1);
                    int low = (int)centre, high = Math.Min(from - 1, low + 1);
                    double f = centre - low;
                    sum = ((1 - f) * At(low)) + (f * At(high));
                    weight = 1;
                }
                else
                {
                    for (int s = (int)start; s < Math.Min(from, (int)Math.Ceiling(end)); s++)
                    {
                        double w = Math.Min(end, s + 1) - Math.Max(start, s);
                        sum += w * At(s);
                        weight += w;
                    }
                }

                int index = vertical ? (o * width) + a : (a * length) + o;
                target[index] = (float)(sum / Math.Max(weight, 1e-9));

                float At(int s) => vertical ? source[(s * width) + a] : source[(a * width) + s];
            }
        }
    }

    // The 99th percentile of the inked pixels becomes 1 (a crop with little ink is left as it is).
    private static void Stretch(float[] pixels)
    {
        float[] inked = pixels.Where(p => p > 0.05f).ToArray();
        if (inked.Length < 8)
        {
            return;
        }

        Array.Sort(inked);
        float top = Math.Max(inked[(int)(0.99 * (inked.Length - 1))], 0.2f);
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = Math.Min(1f, pixels[i] / top);
        }
    }
}
