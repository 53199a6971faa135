using Digits.Lines;
using ImageMagick;
using ImageMagick.Drawing;

namespace Digits.Photos;

/// <summary>
/// Letters and symbols written in handwriting fonts (Debian's <c>fonts-dkg-handwriting</c>, <c>fonts-breip</c>,
/// <c>fonts-femkeklaver</c>, <c>fonts-rufscript</c>), rendered with Magick.NET as <see cref="InkGlyph"/>s: the marks
/// that are not digits which the line reader learns to tell from digits. No data set of handwritten letters
/// installs here; a font is one hand, so the synthesizer varies each glyph's size, slant, width and pen.
/// </summary>
public static class FontGlyphs
{
    /// <summary>
    /// The marks rendered: letters and symbols that no hand writes as a digit. Left out: O o Q D (0), I l i j (1), Z z
    /// (2), S s (5), G b (6), T F and &gt; (7: in some of the fonts they are a 7's bar and stem), B (8), g q (9), and
    /// brackets and the exclamation mark (1).
    /// </summary>
    public const string Marks = "ACEHKLMNPRUVWXYacdefhkmnprtuvwxy?&@#%+*<";

    /// <summary>Where Debian installs the handwriting fonts.</summary>
    public const string FontFolder = "/usr/share/fonts/truetype";

    /// <summary>The font families the shipped line reader was trained on; <see cref="HeldOutFamily"/> is kept for measuring.</summary>
    public static readonly string[] TrainingFamilies = ["fifthhorseman", "breip", "femkeklaver"];

    /// <summary>The font family kept out of the line reader's training, a hand it never saw (Debian's <c>fonts-rufscript</c>).</summary>
    public const string HeldOutFamily = "rufscript";

    /// <summary>The font files of some families in <see cref="FontFolder"/> (none when they are not installed).</summary>
    public static IReadOnlyList<string> FontsOf(IEnumerable<string> families)
        => families.Select(f => Path.Combine(FontFolder, f)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.ttf")).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Renders every mark of <see cref="Marks"/> in each font.</summary>
    /// <exception cref="ArgumentException">A font cannot be read.</exception>
    public static IReadOnlyList<InkGlyph> Render(IEnumerable<string> fonts)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        var glyphs = new List<InkGlyph>();
        foreach (string font in fonts)
        {
            double digit = Median("0234567".Select(c => Ink(font, c).Height).Where(h => h > 0));
            if (digit <= 0)
            {
                throw new ArgumentException($"{font}: its digits render as nothing");
            }

            foreach (char c in Marks)
            {
                var (ink, width, height, bottom) = Ink(font, c);
                if (height > 0)
                {
                    glyphs.Add(new InkGlyph(ink, width, height, Math.Min(3, height / digit), Math.Clamp((double)Math.Max(0, bottom - Baseline) / height, 0, 0.9)));
                }
            }
        }

        return glyphs;
    }

    /// <summary>
    /// A mark as MNIST draws a digit: light ink on black, 28x28, a capital 20 pixels high standing on the foot line
    /// MNIST's digits stand on (row 24), a small letter lower, a tail below the line, centred across.
    /// </summary>
    public static byte[] AsDrawing(InkGlyph glyph)
    {
        ArgumentNullException.ThrowIfNull(glyph);
        glyph.Validate();
        const int Side = 28, Foot = 24;
        double scale = Math.Min(20.0 * glyph.Size / (glyph.Height * (1 - glyph.Drop)), 24.0 / glyph.Width);
        int width = Math.Clamp((int)Math.Round(glyph.Width * scale), 1, 24), height = Math.Clamp((int)Math.Round(glyph.Height * scale), 1, 26);
        using var ink = new OpenCvSharp.Mat(glyph.Height, glyph.Width, OpenCvSharp.MatType.CV_8UC1);
        ink.SetArray(glyph.Ink);
        using var small = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.Resize(ink, small, new OpenCvSharp.Size(width, height), 0, 0, OpenCvSharp.InterpolationFlags.Area);
        int top = Math.Clamp(Foot - (int)Math.Round(height * (1 - glyph.Drop)), 0, Side - height);
        using var drawing = new OpenCvSharp.Mat(Side, Side, OpenCvSharp.MatType.CV_8UC1, OpenCvSharp.Scalar.All(0));
        small.CopyTo(drawing[new OpenCvSharp.Rect((Side - width) / 2, top, width, height)]);
        drawing.GetArray(out byte[] pixels);
        return pixels;
    }

    private const int Canvas = 200, Baseline = 140;

    // One character's ink, cropped, with the row below its crop (to find how far it reaches below the baseline).
    private static (byte[] Ink, int Width, int Height, int Bottom) Ink(string font, char c)
    {
        try
        {
            using var image = new MagickImage(MagickColors.Black, Canvas, Canvas);
            new Drawables().Font(font).FontPointSize(90).FillColor(MagickColors.White).Text(40, Baseline, c.ToString()).Draw(image);
            image.ColorSpace = ColorSpace.Gray;
            byte[] pixels = image.GetPixels().ToByteArray(PixelMapping.RGB)!;
            int x0 = Canvas, y0 = Canvas, x1 = -1, y1 = -1;
            for (int y = 0; y < Canvas; y++)
            {
                for (int x = 0; x < Canvas; x++)
                {
                    if (pixels[((y * Canvas) + x) * 3] > 40)
                    {
                        (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                    }
                }
            }

            if (x1 < 0)
            {
                return ([], 0, 0, 0);
            }

            int w = x1 - x0 + 1, h = y1 - y0 + 1;
            byte[] ink = new byte[w * h];
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    ink[(y * w) + x] = pixels[(((y0 + y) * Canvas) + x0 + x) * 3];
                }
            }

            return (ink, w, h, y1 + 1);
        }
        catch (MagickException ex)
        {
            throw new ArgumentException($"{font}: {ex.Message}", ex);
        }
    }

    private static double Median(IEnumerable<int> values)
    {
        int[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
