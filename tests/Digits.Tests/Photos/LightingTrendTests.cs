using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class LightingTrendTests
{
    [Fact]
    public void Fit_OfAQuadraticSurface_RecoversItsCoefficients()
    {
        // Given: 100 + 30x - 20y + 10x² + 5xy - 8y² on coordinates scaled to -1..1, rounded to bytes
        double[] expected = [100, 30, -20, 10, 5, -8];
        int width = 80, height = 60;
        var values = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double u = (2.0 * x / (width - 1)) - 1, v = (2.0 * y / (height - 1)) - 1;
                values[(y * width) + x] = (byte)Math.Round(expected[0] + (expected[1] * u) + (expected[2] * v) + (expected[3] * u * u) + (expected[4] * u * v) + (expected[5] * v * v));
            }
        }

        // When
        double[] fitted = LightingTrend.Fit(values, width, height);

        // Then: equal up to the rounding to bytes
        for (int i = 0; i < 6; i++)
        {
            Assert.True(Math.Abs(fitted[i] - expected[i]) < 0.05, $"coefficient {i}: {fitted[i]:F4}, expected {expected[i]}");
        }
    }

    [Fact]
    public void Level_OfAShadowedPageWithAStroke_LeavesThePaperLevelAndTheStrokeDark()
    {
        // Given: paper darkening from 230 on the left to 100 on the right, and a dark stroke in the middle
        using var page = new Mat(100, 200, MatType.CV_8UC1);
        for (int x = 0; x < 200; x++)
        {
            Cv2.Line(page, new Point(x, 0), new Point(x, 99), Scalar.All(230 - (130 * x / 199)));
        }

        Cv2.Line(page, new Point(100, 20), new Point(100, 80), Scalar.All(20), 5);

        // When
        using Mat level = LightingTrend.Level(page);

        // Then: both ends of the paper within a few levels of each other, the stroke far below both
        int left = level.At<byte>(50, 10), right = level.At<byte>(50, 190), stroke = level.At<byte>(50, 100);
        Assert.InRange(Math.Abs(left - right), 0, 6);
        Assert.True(stroke < Math.Min(left, right) - 100, $"stroke {stroke}, paper {left} and {right}");
    }

    [Fact]
    public void Level_OfAOnePixelHighImage_FitsWhatItCanAndDoesNotThrow()
    {
        using var row = new Mat(1, 50, MatType.CV_8UC1, Scalar.All(0));
        for (int x = 0; x < 50; x++)
        {
            row.Set(0, x, (byte)(100 + x));
        }

        using Mat level = LightingTrend.Level(row);

        Assert.InRange(level.At<byte>(0, 0) - level.At<byte>(0, 49), -2, 2);
    }
}
