using Digits.Images;
using Digits.Lines;

namespace Digits.Tests.Lines;

[Trait("Category", "Fast")]
public sealed class LineSynthesizerTests
{
    [Fact]
    public void Next_DrawsLinesOfTheReadersHeight_WhoseTextsAreNumbersAsWritten()
    {
        // Ten fake "digits": filled squares of different sizes stand in for MNIST's.
        byte[] pixels = new byte[10 * 784];
        for (int d = 0; d < 10; d++)
        {
            for (int y = 4; y < 24; y++)
            {
                for (int x = 14 - d; x < 14 + d + 2; x++)
                {
                    pixels[(d * 784) + (y * 28) + x] = 255;
                }
            }
        }

        var synthesizer = new LineSynthesizer(new LabeledImages(new ImageSet(pixels, 10, 28, 28), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
        var random = new Random(4);
        var texts = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            var (line, text) = synthesizer.Next(random);
            Assert.Equal(LineShape.Height * line.Width, line.Pixels.Length);
            Assert.True(LineAlphabet.Writes(text), text);
            Assert.All(line.Pixels, p => Assert.InRange(p, 0f, 1f));
            texts.Add(text);
        }

        // Amounts with separators, dates or times, and plain digit strings all come up.
        Assert.Contains(texts, t => t.Contains('.', StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains('/', StringComparison.Ordinal) || t.Contains(':', StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Length > 0 && t.All(char.IsAsciiDigit));
        Assert.True(texts.Distinct().Count() > 250);
        Assert.DoesNotContain(texts, t => t.Contains(LineAlphabet.NotDigit, StringComparison.Ordinal));
    }

    [Fact]
    public void Next_WithLetters_WritesWordsAloneAndBesideNumbers_AsNotDigitMarks()
    {
        // A "letter": a ring, at capital height, its tail a fifth below the foot.
        byte[] ring = new byte[20 * 20];
        for (int y = 0; y < 20; y++)
        {
            for (int x = 0; x < 20; x++)
            {
                double r = Math.Sqrt(((x - 9.5) * (x - 9.5)) + ((y - 9.5) * (y - 9.5)));
                ring[(y * 20) + x] = (byte)(r is > 6 and < 9.5 ? 255 : 0);
            }
        }

        var synthesizer = new LineSynthesizer(Digits(), [new InkGlyph(ring, 20, 20, 1.0, 0.2)]);
        var random = new Random(6);
        var texts = Enumerable.Range(0, 400).Select(_ => synthesizer.Next(random)).Select(s => s.Text).ToList();
        Assert.All(texts, t => Assert.True(LineAlphabet.Writes(t), t));
        int words = texts.Count(t => t.Contains(LineAlphabet.NotDigit, StringComparison.Ordinal));
        Assert.InRange(words, 50, 120); // LetterShare of 400
        Assert.Contains(texts, t => t.Length > 0 && t.All(c => c == LineAlphabet.NotDigit));
        Assert.Contains(texts, t => t.StartsWith(LineAlphabet.NotDigit) && t.Any(char.IsAsciiDigit));
        Assert.Contains(texts, t => t.EndsWith(LineAlphabet.NotDigit) && t.Any(char.IsAsciiDigit));
        Assert.Throws<ArgumentException>(() => new LineSynthesizer(Digits()).Draw("~1", random));
        Assert.Throws<ArgumentException>(() => new LineSynthesizer(Digits(), [new InkGlyph(ring, 20, 19, 1.0, 0)]));
    }

    [Fact]
    public void Draw_WithRealDigits_MakesAShareOfTheLinesFromThem_AndFallsBackForDigitsTheyLack()
    {
        // The "real" 1s are full squares, the others' 1s narrow bars: a line's ink width tells which pool it came from
        // (clutter beside the digit widens a few lines of either kind).
        byte[] square = new byte[784];
        Array.Fill(square, (byte)255);
        var real = new LineSynthesizer(Digits(), realDigits: new LabeledImages(new ImageSet(square, 1, 28, 28), [1]));
        var others = new LineSynthesizer(Digits());
        var random = new Random(8);
        int Wide(LineSynthesizer synthesizer, string text) => Enumerable.Range(0, 400).Count(_ => InkAspect(synthesizer.Draw(text, random)) > 0.6);

        Assert.InRange(Wide(real, "1") - Wide(others, "1"), 70, 170); // RealDigitShare of 400
        Assert.InRange(Wide(real, "0") - Wide(others, "0"), -40, 40); // no real 0: the others' 0
    }

    // The width of a line's ink over its height.
    private static double InkAspect(LineImage line)
    {
        int left = int.MaxValue, right = -1, top = int.MaxValue, bottom = -1;
        for (int y = 0; y < LineShape.Height; y++)
        {
            for (int x = 0; x < line.Width; x++)
            {
                if (line.Pixels[(y * line.Width) + x] > 0.5f)
                {
                    (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                }
            }
        }

        return right < 0 ? 0 : (right - left + 1) / (double)(bottom - top + 1);
    }

    private static LabeledImages Digits()
    {
        byte[] pixels = new byte[10 * 784];
        for (int d = 0; d < 10; d++)
        {
            for (int y = 4; y < 24; y++)
            {
                for (int x = 14 - d; x < 14 + d + 2; x++)
                {
                    pixels[(d * 784) + (y * 28) + x] = 255;
                }
            }
        }

        return new LabeledImages(new ImageSet(pixels, 10, 28, 28), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
}
