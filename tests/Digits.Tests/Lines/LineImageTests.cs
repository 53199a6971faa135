using Digits.Lines;

namespace Digits.Tests.Lines;

[Trait("Category", "Fast")]
public sealed class LineImageTests
{
    [Fact]
    public void FromInk_ScalesToTheLineHeight_KeepingProportions_AndStretchesTheStrongestInkToOne()
    {
        // 64 x 16: a faint bar (ink 100 of 255) across the middle rows.
        const int Width = 64, Height = 16;
        byte[] ink = new byte[Width * Height];
        for (int y = 6; y < 10; y++)
        {
            for (int x = 8; x < 56; x++)
            {
                ink[(y * Width) + x] = 100;
            }
        }

        LineImage line = LineImage.FromInk(ink, Width, Height);
        Assert.Equal(128, line.Width);
        Assert.Equal(LineShape.Height * 128, line.Pixels.Length);
        Assert.Equal(0.5, line.Scale, 6);
        Assert.Equal(1f, line.Pixels[(16 * 128) + 64], 2);
        Assert.Equal(0f, line.Pixels[(2 * 128) + 64]);
        Assert.Equal(0f, line.Pixels[(16 * 128) + 2]);
    }

    [Fact]
    public void FromInk_ShrinksByAveraging_AndRefusesAMismatchedSize()
    {
        byte[] ink = Enumerable.Repeat((byte)255, 640 * 320).ToArray();
        LineImage line = LineImage.FromInk(ink, 640, 320);
        Assert.Equal(64, line.Width);
        Assert.All(line.Pixels, p => Assert.Equal(1f, p, 4));
        Assert.Throws<ArgumentException>(() => LineImage.FromInk(new byte[10], 4, 4));
        Assert.Throws<ArgumentException>(() => LineImage.Of(new float[31], 1));
    }
}
