using Digits.Images;

namespace Digits.Classifiers.Network;

/// <summary>
/// Synthetic strokes that turn an MNIST digit into a style MNIST's American writers rarely use but many others do:
/// the continental 1 (a long flag down to the left from the top), the crossed 7 (a bar through the stem), the
/// slashed zero and the closed 4 (a diagonal from the top of the stem to the left end of the bar). Strokes are drawn on a 28x28 byte image (ink high)
/// with the digit's own stroke width, before the digit is distorted, so they bend with it.
/// </summary>
internal static class WritingStyles
{
    /// <summary>Gets whether <paramref name="digit"/> has a style here.</summary>
    public static bool Has(int digit) => digit is 0 or 1 or 4 or 7;

    /// <summary>Draws the style of <paramref name="digit"/> into <paramref name="image"/>, with amounts drawn from <paramref name="random"/>; false when the digit has no style or no ink to place it by.</summary>
    public static bool Apply(Span<byte> image, int side, int digit, Random random)
    {
        if (!Has(digit) || !InkBox.TryFind<byte>(image, side, 64, out InkBox box))
        {
            return false;
        }

        (int left, int top, int right, int bottom) = box;

        float width = StrokeWidth(image, side, top, bottom);
        float w = box.Width, h = box.Height;
        switch (digit)
        {
            case 1:
                {
                    // The flag: from the top of the stem, down to the left at 30 to 45 degrees from the stem (so it
                    // follows the stem's slant), a fifth to two fifths of the height long (a 7's bar is level and longer).
                    float x = MeanInkX(image, side, top, top + 1), foot = MeanInkX(image, side, bottom - 1, bottom);
                    float stem = MathF.Atan2(h, x - foot), turn = (30 + (15 * random.NextSingle())) * MathF.PI / 180;
                    float angle = Math.Max(15 * MathF.PI / 180, stem - turn);
                    float length = h * (0.2f + (0.2f * random.NextSingle()));
                    DrawLine(image, side, x, top + (width / 2), x - (length * MathF.Cos(angle)), top + (width / 2) + (length * MathF.Sin(angle)), width);
                    return true;
                }

            case 7:
                {
                    // The bar: across the stem a little below the middle, a third to a half of the width long.
                    float y = top + (h * (0.5f + (0.12f * random.NextSingle())));
                    float x = MeanInkX(image, side, (int)y, (int)y);
                    float half = Math.Max(w, 8) * (0.18f + (0.12f * random.NextSingle()));
                    float tilt = half * 0.3f * ((random.NextSingle() * 2) - 1);
                    DrawLine(image, side, x - half, y + tilt, x + half, y - tilt, width);
                    return true;
                }

            case 0:
                {
                    // The slash: lower left to upper right, through the middle, about as long as the diagonal.
                    float reach = 0.45f + (0.15f * random.NextSingle());
                    float cx = (left + right) / 2f, cy = (top + bottom) / 2f;
                    DrawLine(image, side, cx - (w * reach), cy + (h * reach), cx + (w * reach), cy - (h * reach), width);
                    return true;
                }

            default:
                {
                    // The closed top: a diagonal from the top of the stem (the highest ink of the right half) down to the
                    // left end of the bar (the widest row between a third and seven tenths of the height), as printed 4s
                    // have; only for 4s whose bar crosses the stem, since a Y-shaped 4 closed so reads as a 9.
                    int middle = (left + right) / 2;
                    if (!Highest(image, side, middle + 1, right, top, bottom, out int rx, out int ry)
                        || !Bar(image, side, top + (int)(h * 0.35f), top + (int)(h * 0.7f), out int lx, out int ly, out int barEnd)
                        || rx - lx < 4 || ly - ry < 4 || barEnd < MeanInkX(image, side, Math.Min(bottom, ly + 3), Math.Min(bottom, ly + 4)) + 2)
                    {
                        return false;
                    }

                    DrawLine(image, side, lx, ly, rx, ry, width);
                    return true;
                }
        }
    }

    /// <summary>Draws a round-ended line of the given width, anti-aliased, keeping the darker of it and the image.</summary>
    internal static void DrawLine(Span<byte> image, int side, float x0, float y0, float x1, float y1, float width)
    {
        float dx = x1 - x0, dy = y1 - y0, squared = Math.Max(1e-6f, (dx * dx) + (dy * dy));
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                float t = Math.Clamp((((x - x0) * dx) + ((y - y0) * dy)) / squared, 0, 1);
                float ex = x - (x0 + (t * dx)), ey = y - (y0 + (t * dy));
                float cover = Math.Clamp((width / 2) + 0.5f - MathF.Sqrt((ex * ex) + (ey * ey)), 0, 1);
                byte value = (byte)(cover * 255);
                if (value > image[(y * side) + x])
                {
                    image[(y * side) + x] = value;
                }
            }
        }
    }

    // The median length of the ink runs across the rows of the middle half: the pen's width, 1.5 to 4 pixels.
    private static float StrokeWidth(ReadOnlySpan<byte> image, int side, int top, int bottom)
    {
        var runs = new List<int>();
        int height = bottom - top + 1;
        for (int y = top + (height / 4); y <= bottom - (height / 4); y++)
        {
            int run = 0;
            for (int x = 0; x <= side; x++)
            {
                if (x < side && image[(y * side) + x] > 128)
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
            return 2;
        }

        runs.Sort();
        return Math.Clamp(runs[runs.Count / 2], 1.5f, 4);
    }

    // The ink-weighted mean x of the rows from first to last (the middle column when they hold no ink).
    private static float MeanInkX(ReadOnlySpan<byte> image, int side, int first, int last)
    {
        double sum = 0, mass = 0;
        for (int y = Math.Max(0, first); y <= Math.Min(side - 1, last); y++)
        {
            for (int x = 0; x < side; x++)
            {
                sum += x * image[(y * side) + x];
                mass += image[(y * side) + x];
            }
        }

        return mass > 0 ? (float)(sum / mass) : side / 2f;
    }

    // The ends of the ink of the row, from first to last, whose ink spans the most columns.
    private static bool Bar(ReadOnlySpan<byte> image, int side, int first, int last, out int x, out int y, out int end)
    {
        x = -1;
        y = -1;
        end = -1;
        int widest = 0;
        for (int row = Math.Max(0, first); row <= Math.Min(side - 1, last); row++)
        {
            int from = -1, to = -1;
            for (int column = 0; column < side; column++)
            {
                if (image[(row * side) + column] > 128)
                {
                    from = from < 0 ? column : from;
                    to = column;
                }
            }

            if (from >= 0 && to - from + 1 > widest)
            {
                widest = to - from + 1;
                x = from;
                y = row;
                end = to;
            }
        }

        return x >= 0;
    }

    private static bool Highest(ReadOnlySpan<byte> image, int side, int left, int right, int top, int bottom, out int x, out int y)
    {
        for (y = top; y <= bottom; y++)
        {
            for (x = left; x <= right; x++)
            {
                if (image[(y * side) + x] > 128)
                {
                    return true;
                }
            }
        }

        x = -1;
        return false;
    }
}
