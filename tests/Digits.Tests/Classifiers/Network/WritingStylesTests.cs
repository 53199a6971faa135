using Digits.Classifiers.Network;
using Digits.Images;

namespace Digits.Tests.Classifiers.Network;

/// <summary>The synthetic writing styles, on digits drawn here with known strokes.</summary>
[Trait("Category", "Fast")]
public sealed class WritingStylesTests
{
    private const int Side = 28;

    [Fact]
    public void DrawLine_InksTheSegmentOnlyAndKeepsDarkerPixels()
    {
        byte[] image = new byte[Side * Side];
        image[(20 * Side) + 3] = 200;

        WritingStyles.DrawLine(image, Side, 5, 10, 20, 10, 2);

        Assert.All(Enumerable.Range(5, 16), x => Assert.Equal(255, image[(10 * Side) + x]));
        Assert.Equal(0, image[(13 * Side) + 12]);
        Assert.Equal(0, image[(10 * Side) + 24]);
        Assert.Equal(200, image[(20 * Side) + 3]);
    }

    [Fact]
    public void ContinentalOne_AddsAFlagDownToTheLeftOfTheTop()
    {
        byte[] one = Draw((14, 4, 14, 24));

        byte[] styled = Restyled(one, 1);

        Assert.Equal(0, Ink(one, 0, 12, 0, 14));
        Assert.True(Ink(styled, 0, 12, 0, 14) > 500, "no flag to the upper left");
        Assert.Equal(0, Ink(styled, 16, 27, 0, 27));
    }

    [Fact]
    public void CrossedSeven_AddsABarAcrossTheStemBelowTheMiddle()
    {
        byte[] seven = Draw((6, 4, 22, 4), (22, 4, 12, 24));

        byte[] styled = Restyled(seven, 7);

        Assert.True(Ink(styled, 0, 27, 13, 20) > Ink(seven, 0, 27, 13, 20) + 1000, "no bar through the stem");
        Assert.Equal(Ink(seven, 0, 27, 0, 10), Ink(styled, 0, 27, 0, 10));
    }

    [Fact]
    public void SlashedZero_CrossesTheHole()
    {
        byte[] zero = Draw([.. Ring(14, 14, 6, 9)]);

        byte[] styled = Restyled(zero, 0);

        Assert.Equal(0, zero[(14 * Side) + 14]);
        Assert.True(styled[(14 * Side) + 14] > 128, "the slash misses the middle");
    }

    [Fact]
    public void FillLoops_FillsTheNinesHead_ButNotAHoleAsLargeAsAZeros_NorAZero()
    {
        byte[] nine = Draw([.. Ring(14, 9, 4, 4), (18, 9, 18, 25)]);
        byte[] zero = Draw([.. Ring(14, 14, 6, 9)]);

        byte[] styled = nine.ToArray();
        bool headFilled = WritingStyles.FillLoops(styled, Side, 9, new Random(3));
        byte[] open = zero.ToArray();
        bool filled = WritingStyles.FillHoles(open, Side, Box(zero), 0.35);

        Assert.True(headFilled);
        Assert.Equal(0, nine[(9 * Side) + 14]);
        Assert.True(styled[(9 * Side) + 14] > 128, "the head is not filled");
        Assert.All(Enumerable.Range(0, nine.Length), i => Assert.True(styled[i] >= nine[i], "filling removed ink"));
        Assert.False(WritingStyles.FillLoops(zero.ToArray(), Side, 0, new Random(3)));
        Assert.Equal(0, styled[(20 * Side) + 10]);
        Assert.False(filled);
        Assert.Equal(zero, open);
    }

    [Fact]
    public void ClosedFour_JoinsTheStemTopToTheBar_OnlyWhenTheBarCrossesTheStem()
    {
        byte[] crossing = Draw((8, 4, 6, 16), (6, 16, 23, 16), (17, 4, 17, 24));
        byte[] yShaped = Draw((8, 4, 17, 14), (17, 4, 17, 24));

        byte[] closed = crossing.ToArray();
        bool changed = WritingStyles.Apply(closed, Side, 4, new Random(1));

        Assert.True(changed);
        Assert.True(closed[(10 * Side) + 12] > 128, "the top is not closed");
        Assert.False(WritingStyles.Apply(yShaped.ToArray(), Side, 4, new Random(1)));
    }

    [Fact]
    public void Apply_DigitsWithoutAStyleAndEmptyImages_AreLeftAlone()
    {
        byte[] three = Draw((8, 4, 20, 4), (20, 4, 10, 14), (10, 14, 20, 24));
        byte[] copy = three.ToArray();

        Assert.False(WritingStyles.Apply(copy, Side, 3, new Random(1)));
        Assert.Equal(three, copy);
        Assert.False(WritingStyles.Apply(new byte[Side * Side], Side, 1, new Random(1)));
    }

    private static byte[] Restyled(byte[] image, int digit)
    {
        byte[] styled = image.ToArray();
        Assert.True(WritingStyles.Apply(styled, Side, digit, new Random(3)));
        Assert.All(Enumerable.Range(0, image.Length), i => Assert.True(styled[i] >= image[i], "a style removed ink"));
        return styled;
    }

    // An ellipse of 24 strokes about (x, y) with radii rx and ry.
    private static List<(float X0, float Y0, float X1, float Y1)> Ring(float x, float y, float rx, float ry)
    {
        var ring = new List<(float, float, float, float)>();
        for (int i = 0; i < 24; i++)
        {
            double a = i * Math.PI / 12, b = (i + 1) * Math.PI / 12;
            ring.Add(((float)(x + (rx * Math.Cos(a))), (float)(y + (ry * Math.Sin(a))), (float)(x + (rx * Math.Cos(b))), (float)(y + (ry * Math.Sin(b)))));
        }

        return ring;
    }

    private static InkBox Box(byte[] image)
    {
        Assert.True(InkBox.TryFind<byte>(image, Side, 64, out InkBox box));
        return box;
    }

    private static byte[] Draw(params (float X0, float Y0, float X1, float Y1)[] strokes)
    {
        byte[] image = new byte[Side * Side];
        foreach (var (x0, y0, x1, y1) in strokes)
        {
            WritingStyles.DrawLine(image, Side, x0, y0, x1, y1, 2);
        }

        return image;
    }

    private static int Ink(byte[] image, int left, int right, int top, int bottom)
    {
        int sum = 0;
        for (int y = top; y <= bottom; y++)
        {
            for (int x = left; x <= right; x++)
            {
                sum += image[(y * Side) + x];
            }
        }

        return sum;
    }
}
