using Digits.Images;

namespace Digits.Lines;

/// <summary>
/// Makes training lines for a line reader out of single handwritten digits (MNIST's training set, thousands of
/// writers): numbers as people write them (amounts with thousands separators, decimals and closing dashes, phone
/// numbers, dates, times, plain digit strings), each digit its own writer's, at a height, slant, spacing and
/// stroke width (MNIST's, heavier or finer) of the line's own, touching or widely spaced, zeros sometimes written small, with the marks drawn
/// as pen strokes and the clutter of real paper laid over them in the ink map: ruled and cheque lines, the lines
/// of a table's cell, a guilloche's faint curves, specks, noise and blur. The line is cropped round its writing
/// with a random margin and made a <see cref="LineImage"/> as a photo's line is.
/// </summary>
public sealed class LineSynthesizer
{
    private const int Canvas = 72;
    private readonly DigitPool _digits;
    private readonly DigitPool? _realDigits;
    private readonly IReadOnlyList<InkGlyph> _letters;

    /// <summary>Creates a synthesizer over single digits (28x28, white ink on black).</summary>
    /// <param name="digits">The digits lines are made of.</param>
    /// <param name="letters">Letters and symbols to write as words beside or instead of the numbers (<see cref="LetterShare"/> of the lines), or none.</param>
    /// <param name="realDigits">Digits cut from real writing (28x28 as <paramref name="digits"/>), of which <see cref="RealDigitShare"/> of the lines are made, or none.</param>
    public LineSynthesizer(LabeledImages digits, IReadOnlyList<InkGlyph>? letters = null, LabeledImages? realDigits = null)
    {
        ArgumentNullException.ThrowIfNull(digits);
        _digits = new DigitPool(digits);
        _realDigits = realDigits is { Count: > 0 } ? new DigitPool(realDigits) : null;
        _letters = letters ?? [];
        foreach (InkGlyph glyph in _letters)
        {
            glyph.Validate();
        }
    }

    /// <summary>The share of lines whose digits are real writers' (with real digits given).</summary>
    public const double RealDigitShare = 0.3;

    /// <summary>The share of lines that hold a word (with letters given): alone, or before or after the number.</summary>
    public const double LetterShare = 0.2;

    /// <summary>Draws one line and its text.</summary>
    public (LineImage Line, string Text) Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string text = Text(random);
        if (_letters.Count > 0 && random.NextDouble() < LetterShare)
        {
            string word = new(LineAlphabet.NotDigit, random.Next(1, 8));
            double where = random.NextDouble();
            text = where < 0.3 ? word : where < 0.65 ? word + " " + text : text + " " + word;
        }

        return (Draw(text, random), text.Replace(" ", "", StringComparison.Ordinal));
    }

    /// <summary>
    /// Draws a line of the given text: digits, <see cref="LineAlphabet"/> marks, <see cref="LineAlphabet.NotDigit"/>
    /// for a letter of the glyphs, and spaces, each a wide blank between words.
    /// </summary>
    public LineImage Draw(string text, Random random)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(random);
        double height = 30 + (random.NextDouble() * 14); // the line's digit height on the canvas
        double slant = (random.NextDouble() - 0.5) * 0.6;
        double stroke = height * (0.07 + (random.NextDouble() * 0.08));
        double spacing = height * (random.NextDouble() < 0.2 ? 0.35 + (random.NextDouble() * 0.6) : (random.NextDouble() * 0.3) - 0.08);
        bool smallZeros = random.NextDouble() < 0.12;
        double weight = random.NextDouble();
        bool thick = weight < 0.25, thin = weight > 0.6;
        DigitPool pool = _realDigits is not null && random.NextDouble() < RealDigitShare ? _realDigits : _digits;
        int width = (int)((text.Length + 2) * height * 1.6) + 64;
        float[] ink = new float[width * Canvas];
        double baseline = (Canvas + height) / 2;
        double x = 24;
        int top = Canvas, bottom = 0, left = width, right = 0;
        foreach (char c in text)
        {
            double gap = spacing + ((random.NextDouble() - 0.5) * height * 0.12);
            if (c == ' ')
            {
                x += height * (0.6 + random.NextDouble());
                continue;
            }

            var (l, t, r, b) = c == LineAlphabet.NotDigit ? Letter(ink, width, x, baseline, height, slant, thick, thin, random)
                : char.IsAsciiDigit(c)
                ? Digit(pool, ink, width, c - '0', x, baseline + ((random.NextDouble() - 0.5) * height * 0.1), height * (c == '0' && smallZeros ? 0.55 + (random.NextDouble() * 0.15) : 0.88 + (random.NextDouble() * 0.22)), slant, thick, thin, random)
                : Mark(ink, width, c, x + (height * 0.05), baseline, height, stroke, random);
            (left, top, right, bottom) = (Math.Min(left, l), Math.Min(top, t), Math.Max(right, r), Math.Max(bottom, b));
            x = Math.Max(x, r) + gap;
        }

        if (text.Length == 0)
        {
            (left, top, right, bottom) = (24, (int)(baseline - height), 24 + (int)(height * (1 + (random.NextDouble() * 3))), (int)baseline);
        }

        Clutter(ink, width, top, bottom, left, right, height, random);
        int lineHeight = Math.Max(8, bottom - top);
        int cropTop = Math.Max(0, top - (int)(lineHeight * random.NextDouble() * 0.35));
        int cropBottom = Math.Min(Canvas, bottom + (int)(lineHeight * random.NextDouble() * 0.35) + 1);
        int cropLeft = Math.Max(0, left - (int)(lineHeight * random.NextDouble() * 0.6));
        int cropRight = Math.Min(width, right + (int)(lineHeight * random.NextDouble() * 0.6) + 1);
        int w = cropRight - cropLeft, h = cropBottom - cropTop;
        byte[] crop = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int i = 0; i < w; i++)
            {
                crop[(y * w) + i] = (byte)Math.Clamp(ink[((cropTop + y) * width) + cropLeft + i] * 255, 0, 255);
            }
        }

        return LineImage.FromInk(crop, w, h);
    }

    // A text as people write numbers.
    private static string Text(Random random)
    {
        double kind = random.NextDouble();
        string Digits(int n) => new([.. Enumerable.Range(0, n).Select(i => (char)('0' + (i == 0 && n > 1 && random.NextDouble() < 0.85 ? random.Next(1, 10) : random.Next(10))))]);
        if (kind < 0.03)
        {
            return "";
        }

        if (kind < 0.5)
        {
            // An amount: 1..7 digits, thousands marked with '.' or ',' (or not), sometimes decimals, sometimes closed.
            string digits = Digits(random.Next(1, 8));
            if (random.NextDouble() < 0.3)
            {
                digits = RoundThousands(digits);
            }

            char separator = random.NextDouble() < 0.75 ? '.' : ',';
            string amount = random.NextDouble() < 0.55 ? Grouped(digits, separator) : digits;
            if (random.NextDouble() < 0.12)
            {
                amount += (separator == '.' ? ',' : '.') + Digits(2);
            }

            double close = random.NextDouble();
            return close < 0.08 ? amount + ".-" : close < 0.16 ? amount + "-" : close < 0.21 ? amount + "=" : close < 0.27 ? amount + "." : close < 0.31 ? amount + "," : amount;
        }

        if (kind < 0.62)
        {
            // A phone number or reference, in groups.
            char separator = "-/ ."[random.Next(4)];
            string[] groups = Enumerable.Range(0, random.Next(2, 4)).Select(_ => Digits(random.Next(2, 5))).ToArray();
            return separator == ' ' ? string.Concat(groups) : string.Join(separator, groups);
        }

        if (kind < 0.7)
        {
            string day = random.Next(1, 32).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            string month = random.Next(1, 13).ToString(random.NextDouble() < 0.5 ? "00" : "0", System.Globalization.CultureInfo.InvariantCulture);
            return random.NextDouble() < 0.6 ? $"{day}/{month}" + (random.NextDouble() < 0.5 ? "/" + Digits(2) : "")
                : $"{random.Next(0, 24)}:{random.Next(0, 60):00}";
        }

        return Digits(random.NextDouble() < 0.3 ? random.Next(1, 4) : random.Next(1, 12));
    }

    private static string RoundThousands(string digits) => digits.Length <= 2 ? digits : digits[..(digits.Length - Math.Min(3, digits.Length - 1))] + new string('0', Math.Min(3, digits.Length - 1));

    private static string Grouped(string digits, char separator)
    {
        var groups = new List<string>();
        for (int end = digits.Length; end > 0; end -= 3)
        {
            groups.Insert(0, digits[Math.Max(0, end - 3)..end]);
        }

        return string.Join(separator, groups);
    }

    // One writer's digit: its ink cropped, scaled to the height asked for, slanted, laid on the canvas (ink adds as the brighter of the two).
    private (int Left, int Top, int Right, int Bottom) Digit(DigitPool pool, float[] ink, int width, int digit, double x, double baseline, double height, double slant, bool thick, bool thin, Random random)
    {
        if (pool.ByDigit[digit].Length == 0)
        {
            pool = _digits; // real writing that holds no such digit
        }

        int[] of = pool.ByDigit[digit];
        ReadOnlySpan<byte> image = pool.Images.Images[of[random.Next(of.Length)]];
        int side = pool.Images.Images.Rows;
        int x0 = side, y0 = side, x1 = -1, y1 = -1;
        for (int y = 0; y < side; y++)
        {
            for (int i = 0; i < side; i++)
            {
                if (image[(y * side) + i] > 40)
                {
                    (x0, y0, x1, y1) = (Math.Min(x0, i), Math.Min(y0, y), Math.Max(x1, i), Math.Max(y1, y));
                }
            }
        }

        return x1 < 0 ? ((int)x, (int)(baseline - height), (int)x + 1, (int)baseline)
            : Paste(ink, width, new Crop(image, side, side, x0, y0, x1, y1), x, baseline - height, height, slant, thick, thin, random);
    }

    // Digits by their label.
    private sealed class DigitPool(LabeledImages images)
    {
        public LabeledImages Images { get; } = images;

        public int[][] ByDigit { get; } = Enumerable.Range(0, 10).Select(d => Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == d).ToArray()).ToArray();
    }

    // A letter or symbol of the glyphs, at its own size beside the line's digits, its tail below the foot.
    private (int Left, int Top, int Right, int Bottom) Letter(float[] ink, int width, double x, double baseline, double height, double slant, bool thick, bool thin, Random random)
    {
        if (_letters.Count == 0)
        {
            throw new ArgumentException($"'{LineAlphabet.NotDigit}' (a letter) needs the synthesizer's letters, and it has none");
        }

        InkGlyph glyph = _letters[random.Next(_letters.Count)];
        double size = height * glyph.Size * (0.85 + (random.NextDouble() * 0.3));
        double top = baseline - (size * (1 - glyph.Drop));
        return Paste(ink, width, new Crop(glyph.Ink, glyph.Width, glyph.Height, 0, 0, glyph.Width - 1, glyph.Height - 1), x, top, size, slant, thick, thin, random);
    }

    private readonly ref struct Crop(ReadOnlySpan<byte> image, int width, int height, int x0, int y0, int x1, int y1)
    {
        public readonly ReadOnlySpan<byte> Image = image;
        public readonly int Width = width, Height = height, X0 = x0, Y0 = y0, X1 = x1, Y1 = y1;
    }

    // A crop of ink scaled to a height (its width a little stretched or squeezed), slanted, with a heavier or finer pen.
    private static (int Left, int Top, int Right, int Bottom) Paste(float[] ink, int width, Crop crop, double x, double top, double height, double slant, bool thick, bool thin, Random random)
    {
        double scale = height / (crop.Y1 - crop.Y0 + 1);
        double stretch = scale * (0.85 + (random.NextDouble() * 0.3));
        int w = (int)Math.Ceiling((crop.X1 - crop.X0 + 1) * stretch), h = (int)Math.Ceiling(height);
        int left = int.MaxValue, right = int.MinValue;
        ReadOnlySpan<byte> image = crop.Image;
        int iw = crop.Width, ih = crop.Height;
        for (int v = -2; v < h + 2; v++)
        {
            int cy = (int)Math.Round(top + v);
            if (cy < 0 || cy >= Canvas)
            {
                continue;
            }

            double shift = slant * (h - v);
            for (int u = -2; u < w + 2; u++)
            {
                double sx = crop.X0 + ((u + 0.5) / stretch) - 0.5, sy = crop.Y0 + ((v + 0.5) / scale) - 0.5;
                float value = Bilinear(image, iw, ih, sx, sy);
                if (thick)
                {
                    value = Math.Max(value, Math.Max(Bilinear(image, iw, ih, sx + 0.5, sy), Bilinear(image, iw, ih, sx, sy + 0.5)));
                }
                else if (thin)
                {
                    // A pen finer than MNIST's: the ink's edges eaten away, its core kept.
                    value = Math.Min(value, Math.Min(Math.Min(Bilinear(image, iw, ih, sx + 0.6, sy), Bilinear(image, iw, ih, sx - 0.6, sy)), Math.Min(Bilinear(image, iw, ih, sx, sy + 0.6), Bilinear(image, iw, ih, sx, sy - 0.6))));
                }

                int cx = (int)Math.Round(x + u + shift);
                if (value <= 0.02f || cx < 0 || cx >= width)
                {
                    continue;
                }

                int at = (cy * width) + cx;
                ink[at] = Math.Max(ink[at], value);
                (left, right) = (Math.Min(left, cx), Math.Max(right, cx));
            }
        }

        int bottom = (int)(top + height);
        return left > right ? ((int)x, (int)top, (int)x + 1, bottom) : (left, (int)top, right + 1, bottom);
    }

    private static float Bilinear(ReadOnlySpan<byte> image, int width, int height, double x, double y)
    {
        if (x < -1 || y < -1 || x > width || y > height)
        {
            return 0;
        }

        int ix = (int)Math.Floor(x), iy = (int)Math.Floor(y);
        double fx = x - ix, fy = y - iy;
        return (float)((At(image, width, height, ix, iy) * (1 - fx) * (1 - fy)) + (At(image, width, height, ix + 1, iy) * fx * (1 - fy)) + (At(image, width, height, ix, iy + 1) * (1 - fx) * fy) + (At(image, width, height, ix + 1, iy + 1) * fx * fy));
    }

    private static double At(ReadOnlySpan<byte> image, int width, int height, int a, int b) => a < 0 || b < 0 || a >= width || b >= height ? 0 : image[(b * width) + a] / 255.0;

    // A mark written among the digits, as pen strokes.
    private static (int Left, int Top, int Right, int Bottom) Mark(float[] ink, int width, char c, double x, double baseline, double height, double stroke, Random random)
    {
        double j() => (random.NextDouble() - 0.5) * height * 0.06;
        double dot = Math.Max(stroke * 0.6, height * (0.05 + (random.NextDouble() * 0.05)));
        switch (c)
        {
            case '.':
                Segment(ink, width, x + dot, baseline - dot + j(), x + dot + (dot * 0.4), baseline - dot + j(), dot);
                return ((int)x, (int)(baseline - (2 * dot)), (int)(x + (2.6 * dot)), (int)baseline);
            case ',':
                Segment(ink, width, x + dot, baseline - dot, x + (dot * 0.6), baseline + (height * 0.22), dot * 0.8);
                return ((int)x, (int)(baseline - (2 * dot)), (int)(x + (2.2 * dot)), (int)(baseline + (height * 0.25)));
            case '-':
                {
                    double length = height * (0.3 + (random.NextDouble() * 0.35)), y = baseline - (height * (0.35 + (random.NextDouble() * 0.25)));
                    Segment(ink, width, x, y + j(), x + length, y + j(), stroke * 0.6);
                    return ((int)x, (int)(y - stroke), (int)(x + length + stroke), (int)(y + stroke));
                }

            case '=':
                {
                    double length = height * (0.3 + (random.NextDouble() * 0.3)), y = baseline - (height * 0.45), gap = height * (0.15 + (random.NextDouble() * 0.1));
                    Segment(ink, width, x, y - (gap / 2) + j(), x + length, y - (gap / 2) + j(), stroke * 0.6);
                    Segment(ink, width, x, y + (gap / 2) + j(), x + length, y + (gap / 2) + j(), stroke * 0.6);
                    return ((int)x, (int)(y - gap), (int)(x + length + stroke), (int)(y + gap));
                }

            case '/':
                {
                    double lean = height * (0.3 + (random.NextDouble() * 0.3));
                    Segment(ink, width, x, baseline, x + lean, baseline - height, stroke * 0.6);
                    return ((int)x, (int)(baseline - height), (int)(x + lean + stroke), (int)baseline);
                }

            case ':':
                Segment(ink, width, x + dot, baseline - (height * 0.25), x + dot + 0.5, baseline - (height * 0.25), dot);
                Segment(ink, width, x + dot, baseline - (height * 0.7), x + dot + 0.5, baseline - (height * 0.7), dot);
                return ((int)x, (int)(baseline - (height * 0.7) - dot), (int)(x + (2.6 * dot)), (int)(baseline - (height * 0.25) + dot));
            default:
                throw new ArgumentException($"'{c}' is not a mark of a number", nameof(c));
        }
    }

    // A stroke of the given radius from one point to another, its edge soft over a pixel.
    private static void Segment(float[] ink, int width, double ax, double ay, double bx, double by, double radius, float strength = 1f)
    {
        int x0 = Math.Max(0, (int)(Math.Min(ax, bx) - radius - 2)), x1 = Math.Min(width - 1, (int)(Math.Max(ax, bx) + radius + 2));
        int y0 = Math.Max(0, (int)(Math.Min(ay, by) - radius - 2)), y1 = Math.Min(Canvas - 1, (int)(Math.Max(ay, by) + radius + 2));
        double dx = bx - ax, dy = by - ay, length = (dx * dx) + (dy * dy);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                double t = length == 0 ? 0 : Math.Clamp((((x - ax) * dx) + ((y - ay) * dy)) / length, 0, 1);
                double ex = x - (ax + (t * dx)), ey = y - (ay + (t * dy));
                float value = strength * (float)Math.Clamp(radius + 0.5 - Math.Sqrt((ex * ex) + (ey * ey)), 0, 1);
                int at = (y * width) + x;
                ink[at] = Math.Max(ink[at], value);
            }
        }
    }

    // What real paper adds to the ink map: lines printed or ruled, a cell's walls, a guilloche, specks, noise, blur.
    private static void Clutter(float[] ink, int width, int top, int bottom, int left, int right, double height, Random random)
    {
        if (random.NextDouble() < 0.35)
        {
            // A cheque's or ruled paper's line, under the writing or through its foot.
            double y = bottom + (height * ((random.NextDouble() * 0.4) - 0.12));
            Segment(ink, width, 0, y, width, y + ((random.NextDouble() - 0.5) * 4), 0.5 + (random.NextDouble() * 1.5), (float)(0.25 + (random.NextDouble() * 0.75)));
        }

        if (random.NextDouble() < 0.15)
        {
            // The walls of a table's cell, just outside the writing.
            float strength = (float)(0.4 + (random.NextDouble() * 0.6));
            double pad = height * (0.1 + (random.NextDouble() * 0.4)), r = 0.5 + random.NextDouble();
            Segment(ink, width, left - pad, 0, left - pad + ((random.NextDouble() - 0.5) * 6), Canvas, r, strength);
            Segment(ink, width, right + pad, 0, right + pad + ((random.NextDouble() - 0.5) * 6), Canvas, r, strength);
            if (random.NextDouble() < 0.5)
            {
                Segment(ink, width, 0, top - (pad * 0.7), width, top - (pad * 0.7), r, strength);
            }
        }

        if (random.NextDouble() < 0.35)
        {
            // A guilloche: faint thin waves across the field.
            int waves = random.Next(3, 12);
            float strength = (float)(0.08 + (random.NextDouble() * 0.3));
            for (int k = 0; k < waves; k++)
            {
                double offset = random.NextDouble() * Canvas, amplitude = 2 + (random.NextDouble() * 10), period = 20 + (random.NextDouble() * 80), phase = random.NextDouble() * 6.3;
                for (int x = 0; x < width; x++)
                {
                    int y = (int)(offset + (amplitude * Math.Sin((x / period) + phase)));
                    if (y >= 0 && y < Canvas)
                    {
                        ink[(y * width) + x] = Math.Max(ink[(y * width) + x], strength);
                    }
                }
            }
        }

        if (random.NextDouble() < 0.3)
        {
            // Specks and dust.
            for (int k = random.Next(1, 8); k > 0; k--)
            {
                double sx = random.Next(width), sy = random.Next(Canvas);
                Segment(ink, width, sx, sy, sx + random.NextDouble(), sy, 0.3 + random.NextDouble(), (float)(0.3 + (random.NextDouble() * 0.7)));
            }
        }

        double noise = random.NextDouble() < 0.5 ? random.NextDouble() * 0.08 : 0;
        float gain = (float)(0.5 + (random.NextDouble() * 0.5));
        bool blur = random.NextDouble() < 0.3;
        float[] copy = blur ? (float[])ink.Clone() : ink;
        for (int y = 0; y < Canvas; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float v = copy[(y * width) + x];
                if (blur && x > 0 && x < width - 1 && y > 0 && y < Canvas - 1)
                {
                    v = (4 * v) + copy[(y * width) + x - 1] + copy[(y * width) + x + 1] + copy[((y - 1) * width) + x] + copy[((y + 1) * width) + x];
                    v /= 8;
                }

                ink[(y * width) + x] = Math.Clamp((v * gain) + (float)(noise * Math.Abs(random.NextGaussian())), 0, 1);
            }
        }
    }
}
