namespace Digits.Lines;

/// <summary>
/// Distorts a real line's ink map for training, so that a few hundred real lines stand for many writers and
/// cameras: trimmed or padded above and below, slanted (each row shifted), thickened or thinned, waved,
/// brighter or fainter, blurred, noisy, stretched or squeezed, or set beside another line (two amounts read as one
/// longer line teach the reader characters in new company).
/// </summary>
public static class LineDistortion
{
    /// <summary>Distorts an ink map crop (0 = paper) and makes it a line image.</summary>
    /// <param name="ink">The crop, row-major.</param>
    /// <param name="width">Its width.</param>
    /// <param name="height">Its height.</param>
    /// <param name="random">The random source.</param>
    public static LineImage Distort(ReadOnlySpan<byte> ink, int width, int height, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        float[] source = new float[width * height];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = ink[i] / 255f;
        }

        // Above and below: trimmed by up to a tenth or padded by up to a fifth.
        int top = random.NextDouble() < 0.5 ? -(int)(height * random.NextDouble() * 0.1) : (int)(height * random.NextDouble() * 0.2);
        int bottom = random.NextDouble() < 0.5 ? -(int)(height * random.NextDouble() * 0.1) : (int)(height * random.NextDouble() * 0.2);
        int rows = Math.Max(8, height + top + bottom);
        double shear = (random.NextDouble() - 0.5) * 0.6, wave = random.NextDouble() < 0.3 ? random.NextDouble() * height * 0.05 : 0, period = (0.5 + random.NextDouble()) * height;
        int slack = (int)Math.Ceiling(Math.Abs(shear) * rows) + (int)Math.Ceiling(wave) + 1;
        int columns = width + slack;
        float[] target = new float[columns * rows];
        for (int y = 0; y < rows; y++)
        {
            int sy = y - top;
            if (sy < 0 || sy >= height)
            {
                continue;
            }

            double shift = (shear * (rows - y)) + (wave * Math.Sin(y / period * 2 * Math.PI)) + (shear < 0 ? slack - 1 : 0);
            int offset = (int)Math.Round(shift);
            for (int x = 0; x < width; x++)
            {
                int tx = x + offset;
                if ((uint)tx < (uint)columns)
                {
                    target[(y * columns) + tx] = source[(sy * width) + x];
                }
            }
        }

        double thickness = random.NextDouble();
        if (thickness < 0.2)
        {
            target = Filter(target, columns, rows, Math.Max);
        }
        else if (thickness < 0.35)
        {
            target = Filter(target, columns, rows, Math.Min);
        }

        if (random.NextDouble() < 0.25)
        {
            target = Blur(target, columns, rows);
        }

        float gain = (float)(0.5 + (random.NextDouble() * 0.9));
        double noise = random.NextDouble() < 0.3 ? random.NextDouble() * 0.1 : 0;
        byte[] bytes = new byte[target.Length];
        for (int i = 0; i < target.Length; i++)
        {
            double value = (target[i] * gain) + (noise * Math.Abs(random.NextGaussian()));
            bytes[i] = (byte)Math.Clamp(value * 255, 0, 255);
        }

        return LineImage.FromInk(bytes, columns, rows, 0.75 + (random.NextDouble() * 0.5));
    }

    /// <summary>Two lines side by side, a blank of <paramref name="gap"/> pixels between them, as one line.</summary>
    public static LineImage Beside(LineImage left, LineImage right, int gap)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        int width = left.Width + gap + right.Width;
        float[] pixels = new float[LineShape.Height * width];
        for (int y = 0; y < LineShape.Height; y++)
        {
            left.Pixels.AsSpan(y * left.Width, left.Width).CopyTo(pixels.AsSpan(y * width, left.Width));
            right.Pixels.AsSpan(y * right.Width, right.Width).CopyTo(pixels.AsSpan((y * width) + left.Width + gap, right.Width));
        }

        return LineImage.Of(pixels, width);
    }

    // A 3x3 maximum (thicker strokes) or minimum (thinner).
    private static float[] Filter(float[] image, int width, int height, Func<float, float, float> pick)
    {
        float[] result = new float[image.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float value = image[(y * width) + x];
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        if ((uint)yy < (uint)height && (uint)xx < (uint)width && (dx == 0 || dy == 0))
                        {
                            value = pick(value, image[(yy * width) + xx]);
                        }
                    }
                }

                result[(y * width) + x] = value;
            }
        }

        return result;
    }

    private static float[] Blur(float[] image, int width, int height)
    {
        float[] result = new float[image.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float sum = 4 * image[(y * width) + x];
                float weight = 4;
                foreach (var (dx, dy) in new[] { (-1, 0), (1, 0), (0, -1), (0, 1) })
                {
                    int yy = y + dy, xx = x + dx;
                    if ((uint)yy < (uint)height && (uint)xx < (uint)width)
                    {
                        sum += image[(yy * width) + xx];
                        weight++;
                    }
                }

                result[(y * width) + x] = sum / weight;
            }
        }

        return result;
    }
}
