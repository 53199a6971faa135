using Digits.Images;

namespace Digits.Classifiers.Network;

/// <summary>
/// Synthetic strokes that turn an MNIST digit into a style MNIST's American writers rarely use but many others do:
/// the continental 1 (a long flag down to the left from the top), the crossed 7 (a bar through the stem), the
/// slashed zero and the closed 4 (a diagonal from the top of the stem to the left end of the bar); and, apart from
/// them, the small loops of 6, 8 and 9 filled in, as a heavy pen or a coarse scan leaves them (<see cref="FillLoops"/>). Strokes are drawn on a 28x28 byte image (ink high) with the digit's own stroke width, before the digit is
/// distorted, so they bend with it.
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

    /// <summary>Gets whether <paramref name="digit"/> has small loops to fill (6, 8 and 9).</summary>
    public static bool HasLoops(int digit) => digit is 6 or 8 or 9;

    /// <summary>
    /// Fills the small loops of a 6, 8 or 9 (holes up to a fifth or, half the time, a third of its box), as a heavy
    /// pen or a coarse scan fills them: a blob for a head or a belly. False when no loop was filled.
    /// </summary>
    public static bool FillLoops(Span<byte> image, int side, int digit, Random random)
        => HasLoops(digit) && InkBox.TryFind<byte>(image, side, 64, out InkBox box) && FillHoles(image, side, box, random.NextDouble() < 0.5 ? 0.2 : 0.35);

    /// <summary>
    /// Fills each hole of the ink (paper at or under half strength that cannot reach the border without crossing
    /// ink) whose area is at most <paramref name="largest"/> of the ink's box, as a heavy pen or a coarse scan fills
    /// a small loop; a 0's or a wide loop's larger hole stays open. False when no hole was filled.
    /// </summary>
    internal static bool FillHoles(Span<byte> image, int side, InkBox box, double largest)
    {
        // Each paper pixel gets the number of its region (4-connected); region 1 is the paper outside, reached from the border.
        int[] region = new int[side * side];
        var pending = new Stack<int>();
        for (int i = 0; i < side; i++)
        {
            Flood(image, side, region, pending, i, 1);
            Flood(image, side, region, pending, ((side - 1) * side) + i, 1);
            Flood(image, side, region, pending, i * side, 1);
            Flood(image, side, region, pending, (i * side) + side - 1, 1);
        }

        double limit = largest * box.Width * box.Height;
        bool filled = false;
        int label = 2;
        for (int start = 0; start < image.Length; start++)
        {
            if (region[start] != 0 || image[start] > 128)
            {
                continue;
            }

            if (Flood(image, side, region, pending, start, label) <= limit)
            {
                for (int i = start; i < image.Length; i++)
                {
                    image[i] = region[i] == label ? (byte)255 : image[i];
                }

                filled = true;
            }

            label++;
        }

        return filled;
    }

    // Gives every paper pixel (at or under half strength) reachable from start without crossing ink the label; returns how many.
    private static int Flood(ReadOnlySpan<byte> image, int side, int[] region, Stack<int> pending, int start, int label)
    {
        int area = 0;
        pending.Push(start);
        while (pending.Count > 0)
        {
            int at = pending.Pop();
            if (region[at] != 0 || image[at] > 128)
            {
                continue;
            }

            region[at] = label;
            area++;
            int x = at % side, y = at / side;
            if (x > 0)
            {
                pending.Push(at - 1);
            }

            if (x < side - 1)
            {
                pending.Push(at + 1);
            }

            if (y > 0)
            {
                pending.Push(at - side);
            }

            if (y < side - 1)
            {
                pending.Push(at + side);
            }
        }

        return area;
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
