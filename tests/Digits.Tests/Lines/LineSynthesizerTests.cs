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
    }
}
