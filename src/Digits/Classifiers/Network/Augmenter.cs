using Digits.Images;

namespace Digits.Classifiers.Network;

/// <summary>
/// Random small distortions of a training digit, so the network learns what stays the same when a person
/// writes a digit differently: rotation, scaling, shear and shift by random amounts within
/// <see cref="AugmentationOptions"/>, applied with bilinear sampling about the image centre, with an elastic
/// displacement field on top when asked, then strokes made a little thicker or thinner. A share of the digits is
/// first redrawn in another writing style (<see cref="WritingStyles"/>), a share of 6s, 8s and 9s has its small
/// loops filled in when asked, and a share is last coarsened as a low-resolution scan shows it (<see cref="Coarsen"/>).
/// </summary>
internal static class Augmenter
{
    /// <summary>
    /// Writes a randomly distorted copy of <paramref name="image"/> (bytes) as 0..1 floats into <paramref name="target"/>;
    /// <paramref name="label"/> (the digit, or -1 when unknown) lets a share of some digits be redrawn in another writing style first.
    /// </summary>
    public static void Distort(ReadOnlySpan<byte> image, int side, Random random, AugmentationOptions options, Span<float> target, int label = -1)
    {
        double angle = Uniform(random, options.RotationDegrees) * Math.PI / 180;
        double scale = 1 + Uniform(random, options.Scale);
        double aspect = 1 + Uniform(random, options.Scale / 2);
        double shear = Uniform(random, options.Shear);
        double dx = Uniform(random, options.Shift), dy = Uniform(random, options.Shift);

        // Forward map: rotate, shear and scale about the centre, then shift; sampling uses its inverse.
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        double a = scale * aspect * cos, b = scale * ((shear * cos) - sin);
        double c = scale * aspect * sin, d = scale * ((shear * sin) + cos);
        double det = (a * d) - (b * c);
        double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
        double centre = (side - 1) / 2.0;
        double thickness = Uniform(random, options.Thickness);
        int pixels = side * side;
        float[]? field = options.Elastic > 0 ? ElasticField(side, random, random.NextDouble() * options.Elastic, options.ElasticSigma) : null;

        // Drawn only when asked, so recipes without styles see the same random numbers as before they existed.
        if (options.Styles > 0 && WritingStyles.Has(label) && random.NextDouble() < options.Styles)
        {
            byte[] styled = image.ToArray();
            if (WritingStyles.Apply(styled, side, label, random))
            {
                image = styled;
            }
        }

        // Drawn only when asked, so recipes without filled loops see the same random numbers as before they existed.
        if (options.FilledLoops > 0 && WritingStyles.HasLoops(label) && random.NextDouble() < options.FilledLoops)
        {
            byte[] filled = image.ToArray();
            if (WritingStyles.FillLoops(filled, side, label, random))
            {
                image = filled;
            }
        }

        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                double u = x - centre - dx, v = y - centre - dy;
                double sx = (ia * u) + (ib * v) + centre, sy = (ic * u) + (id * v) + centre;
                if (field is not null)
                {
                    sx += field[(y * side) + x];
                    sy += field[pixels + (y * side) + x];
                }

                target[(y * side) + x] = Sample(image, side, sx, sy) / 255f;
            }
        }

        if (thickness != 0)
        {
            ChangeThickness(target, side, (float)thickness);
        }

        // Drawn last, and only when asked, so recipes without it see the same random numbers as before it existed.
        if (options.Coarse > 0 && random.NextDouble() < options.Coarse)
        {
            Coarsen(target, side, cells: 6 + random.Next(5), threshold: 0.2f + (0.25f * random.NextSingle()));
        }
    }

    /// <summary>
    /// Makes <paramref name="image"/> look like a coarse scan of itself: the ink's bounding box is averaged over a
    /// grid of <paramref name="cells"/> cells along its longer side, enlarged again bilinearly and thresholded at
    /// <paramref name="threshold"/> times the darkest cell, with a soft edge a little over one pixel wide (as resampling a sharp blob gives).
    /// </summary>
    internal static void Coarsen(Span<float> image, int side, int cells, float threshold)
    {
        if (!InkBox.TryFind<float>(image, side, 0.2f, out InkBox box))
        {
            return;
        }

        (int left, int top, int right, int bottom) = box;
        int width = box.Width, height = box.Height;
        float cell = Math.Max(1.5f, Math.Max(width, height) / (float)cells);
        int columns = Math.Max(1, (int)Math.Ceiling(width / cell)), rows = Math.Max(1, (int)Math.Ceiling(height / cell));
        Span<float> grid = stackalloc float[columns * rows];
        Span<int> counts = stackalloc int[columns * rows];
        grid.Clear();
        counts.Clear();
        for (int y = top; y <= bottom; y++)
        {
            int row = Math.Min(rows - 1, (int)((y - top) / cell));
            for (int x = left; x <= right; x++)
            {
                int column = Math.Min(columns - 1, (int)((x - left) / cell));
                grid[(row * columns) + column] += image[(y * side) + x];
                counts[(row * columns) + column]++;
            }
        }

        float peak = 0;
        for (int i = 0; i < grid.Length; i++)
        {
            grid[i] = counts[i] > 0 ? grid[i] / counts[i] : 0;
            peak = Math.Max(peak, grid[i]);
        }

        // The threshold is a share of the darkest cell, so thin strokes, which cover little of a cell, still show.
        threshold *= peak;

        const float edge = 0.12f;
        for (int y = top; y <= bottom; y++)
        {
            float gy = Math.Clamp(((y - top + 0.5f) / cell) - 0.5f, 0, rows - 1);
            int y0 = (int)gy, y1 = Math.Min(rows - 1, y0 + 1);
            float fy = gy - y0;
            for (int x = left; x <= right; x++)
            {
                float gx = Math.Clamp(((x - left + 0.5f) / cell) - 0.5f, 0, columns - 1);
                int x0 = (int)gx, x1 = Math.Min(columns - 1, x0 + 1);
                float fx = gx - x0;
                float value = ((1 - fy) * (((1 - fx) * grid[(y0 * columns) + x0]) + (fx * grid[(y0 * columns) + x1])))
                    + (fy * (((1 - fx) * grid[(y1 * columns) + x0]) + (fx * grid[(y1 * columns) + x1])));
                image[(y * side) + x] = Math.Clamp(((value - threshold) / (2 * edge)) + 0.5f, 0, 1);
            }
        }
    }

    // An elastic displacement field: x then y displacement of every pixel, uniform noise in -1..1 smoothed by a
    // normalised Gaussian of sigma (separably, zero beyond the border) and scaled by strength.
    private static float[] ElasticField(int side, Random random, double strength, double sigma)
    {
        int pixels = side * side;
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[(2 * radius) + 1];
        for (int i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = (float)Math.Exp(-(i * i) / (2 * sigma * sigma));
        }

        float total = kernel.Sum();
        var field = new float[2 * pixels];
        var noise = new float[pixels];
        var rows = new float[pixels];
        for (int plane = 0; plane < 2; plane++)
        {
            for (int i = 0; i < pixels; i++)
            {
                noise[i] = (random.NextSingle() * 2) - 1;
            }

            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    float sum = 0;
                    for (int k = Math.Max(-radius, -x); k <= Math.Min(radius, side - 1 - x); k++)
                    {
                        sum += kernel[k + radius] * noise[(y * side) + x + k];
                    }

                    rows[(y * side) + x] = sum;
                }
            }

            float scale = (float)(strength / (total * total));
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    float sum = 0;
                    for (int k = Math.Max(-radius, -y); k <= Math.Min(radius, side - 1 - y); k++)
                    {
                        sum += kernel[k + radius] * rows[((y + k) * side) + x];
                    }

                    field[(plane * pixels) + (y * side) + x] = sum * scale;
                }
            }
        }

        return field;
    }

    // Thicker (amount > 0) or thinner (amount < 0) strokes: a blend of the image with its 3x3 grey-level
    // dilation or erosion, by |amount|.
    private static void ChangeThickness(Span<float> image, int side, float amount)
    {
        Span<float> original = image.Length <= 4096 ? stackalloc float[image.Length] : new float[image.Length];
        image.CopyTo(original);
        bool thicker = amount > 0;
        float weight = Math.Abs(amount);
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                float extreme = original[(y * side) + x];
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        float value = (uint)yy < (uint)side && (uint)xx < (uint)side ? original[(yy * side) + xx] : 0;
                        extreme = thicker ? Math.Max(extreme, value) : Math.Min(extreme, value);
                    }
                }

                image[(y * side) + x] = ((1 - weight) * original[(y * side) + x]) + (weight * extreme);
            }
        }
    }

    /// <summary>Writes <paramref name="image"/> unchanged as 0..1 floats.</summary>
    public static void Copy(ReadOnlySpan<byte> image, Span<float> target)
    {
        for (int i = 0; i < image.Length; i++)
        {
            target[i] = image[i] / 255f;
        }
    }

    private static double Uniform(Random random, double range) => ((random.NextDouble() * 2) - 1) * range;

    private static float Sample(ReadOnlySpan<byte> image, int side, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        float top = ((1 - fx) * Pixel(image, side, x0, y0)) + (fx * Pixel(image, side, x0 + 1, y0));
        float bottom = ((1 - fx) * Pixel(image, side, x0, y0 + 1)) + (fx * Pixel(image, side, x0 + 1, y0 + 1));
        return ((1 - fy) * top) + (fy * bottom);
    }

    private static float Pixel(ReadOnlySpan<byte> image, int side, int x, int y)
        => (uint)x < (uint)side && (uint)y < (uint)side ? image[(y * side) + x] : 0;
}
