using Digits.Evaluation;
using Digits.Files;
using Digits.Images;

namespace Digits.Photos;

/// <summary>
/// The reader's refusal decision measured per kind of image, each drawn as a 28x28 drawing is read (the one rule
/// that photos and pages apply to each mark): real digits, which should seldom be refused, beside things that are
/// not digits and should be: clothes (Debian's Fashion-MNIST), letters and symbols in handwriting fonts, and
/// scribbles. A kind whose source is not installed is left out.
/// </summary>
public static class RefusalSurvey
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> installs the test images.</summary>
    public const string FashionTest = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

    /// <summary>How many images of each kind are read at most (spread evenly over the source).</summary>
    public const int Sample = 1000;

    /// <summary>Reads every kind and counts the refusals.</summary>
    /// <param name="reader">The reader whose decision is measured.</param>
    /// <param name="digits">Real digits (a test set), each refusal a loss; at most <see cref="Sample"/> of them are read.</param>
    /// <param name="digitsName">What the digits are, for the chart.</param>
    /// <param name="cancellationToken">Stops the survey.</param>
    public static IReadOnlyList<RefusalRate> Measure(DigitReader reader, ImageSet digits, string digitsName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(digits);
        var rates = new List<RefusalRate> { Rate(reader, digitsName, Spread(digits.Count).Select(i => digits[i].ToArray()), areDigits: true, cancellationToken) };
        if (File.Exists(FashionTest))
        {
            ImageSet clothes = IdxFile.ReadImages(FashionTest);
            rates.Add(Rate(reader, "clothes (Fashion-MNIST)", Spread(clothes.Count).Select(i => clothes[i].ToArray()), areDigits: false, cancellationToken));
        }

        foreach (string family in FontGlyphs.TrainingFamilies.Append(FontGlyphs.HeldOutFamily))
        {
            IReadOnlyList<string> fonts = FontGlyphs.FontsOf([family]);
            if (fonts.Count > 0)
            {
                rates.Add(Rate(reader, $"letters and symbols ({family})", FontGlyphs.Render(fonts).Select(FontGlyphs.AsDrawing), areDigits: false, cancellationToken));
            }
        }

        var random = new Random(44);
        rates.Add(Rate(reader, "scribbles", Enumerable.Range(0, Sample / 4).Select(_ => Scribble(random)), areDigits: false, cancellationToken));
        return rates;
    }

    private static RefusalRate Rate(DigitReader reader, string kind, IEnumerable<byte[]> images, bool areDigits, CancellationToken cancellationToken)
    {
        int count = 0, refused = 0;
        foreach (byte[] image in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PhotoResult result = reader.ReadDrawing(image);
            count++;
            refused += result.Digits.Count == 0 || result.Digits[0].Digit is null ? 1 : 0;
        }

        return new RefusalRate(kind, count, refused, areDigits);
    }

    private static IEnumerable<int> Spread(int count)
    {
        int step = Math.Max(1, count / Sample);
        for (int i = 0; i < count; i += step)
        {
            yield return i;
        }
    }

    // A scribble: a few random strokes, zigzags and loops, as a pen crossing something out.
    private static byte[] Scribble(Random random)
    {
        const int Side = 28;
        using var drawing = new OpenCvSharp.Mat(Side, Side, OpenCvSharp.MatType.CV_8UC1, OpenCvSharp.Scalar.All(0));
        var at = new OpenCvSharp.Point(random.Next(4, 24), random.Next(4, 24));
        for (int stroke = random.Next(4, 12); stroke > 0; stroke--)
        {
            var to = new OpenCvSharp.Point(random.Next(4, 24), random.Next(4, 24));
            OpenCvSharp.Cv2.Line(drawing, at, to, OpenCvSharp.Scalar.All(255), random.Next(1, 3), OpenCvSharp.LineTypes.AntiAlias);
            at = to;
        }

        drawing.GetArray(out byte[] pixels);
        return pixels;
    }
}
