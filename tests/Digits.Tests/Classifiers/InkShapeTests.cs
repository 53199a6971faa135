using Digits.Classifiers;

namespace Digits.Tests.Classifiers;

[Trait("Category", "Fast")]
public sealed class InkShapeTests
{
    [Fact]
    public void Measure_NoInk_IsBlank()
    {
        Assert.True(InkShape.Measure(new byte[784], 28, 28).IsBlank);
    }

    [Fact]
    public void Measure_SolidBlock_FillsItsBox_AndIsThick()
    {
        var pixels = new byte[28 * 28];
        for (int y = 4; y < 24; y++)
        {
            for (int x = 4; x < 24; x++)
            {
                pixels[(y * 28) + x] = 255;
            }
        }

        InkShape shape = InkShape.Measure(pixels, 28, 28);

        Assert.Equal(1.0, shape.Fill, 3);
        Assert.True(shape.Thickness > 0.3, $"thickness {shape.Thickness}");
    }

    [Fact]
    public void Measure_ThinStroke_IsThin()
    {
        // A ring 2 pixels wide, 20 across: a zero written with a thin pen.
        var pixels = new byte[28 * 28];
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                double r = Math.Sqrt(((x - 13.5) * (x - 13.5)) + ((y - 13.5) * (y - 13.5)));
                pixels[(y * 28) + x] = r is >= 8 and <= 10 ? (byte)200 : (byte)0;
            }
        }

        InkShape shape = InkShape.Measure(pixels, 28, 28);

        Assert.True(shape.Fill < 0.4, $"fill {shape.Fill}");
        Assert.True(shape.Thickness < 0.15, $"thickness {shape.Thickness}");
    }

    [Fact]
    public void Measure_WrongNumberOfValues_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => InkShape.Measure(new byte[10], 28, 28));
        Assert.Contains("784 values, got 10", error.Message);
    }
}
