using CsCheck;
using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

/// <summary>The normaliser's invariants on generated digit-like masks of any size, crop and stroke.</summary>
[Trait("Category", "Fast")]
public sealed class DigitNormalizerTests
{
    // A mask of width x height holding a few strokes between random points, at a random thickness, anywhere in it.
    private static readonly Gen<(int Width, int Height, int Thickness, Point[] Points)> Masks =
        Gen.Select(Gen.Int[1, 300], Gen.Int[1, 300], Gen.Int[1, 12])
            .SelectMany((width, height, thickness) => Gen.Select(Gen.Int[0, width - 1], Gen.Int[0, height - 1], (x, y) => new Point(x, y)).Array[1, 6]
                .Select(points => (width, height, thickness, points)));

    [Fact]
    public void Normalize_AnyMask_Gives28x28_InkWhereThereWasInk_CentredByMassUnlessTheInkMustTouchTheEdge()
    {
        Masks.Sample(mask =>
        {
            using var image = Draw(mask);
            byte[] pixels = DigitNormalizer.Normalize(image);

            Assert.Equal(784, pixels.Length);
            Assert.True(pixels.Any(p => p > 0), $"no ink left of {Describe(mask)}");
            var (x, y) = CentreOfMass(pixels);
            bool touchesEdge = Enumerable.Range(0, 28).Any(i => pixels[i] > 0 || pixels[(27 * 28) + i] > 0 || pixels[i * 28] > 0 || pixels[(i * 28) + 27] > 0);
            Assert.True(touchesEdge || (Math.Abs(x - 13.5) <= 1 && Math.Abs(y - 13.5) <= 1), $"centre of mass ({x:F2}, {y:F2}) for {Describe(mask)}");
        }, iter: 300);
    }

    [Fact]
    public void Normalize_TheSameInkInALargerEmptyCrop_GivesTheSameDigit()
    {
        Masks.Sample(mask =>
        {
            using var tight = Draw(mask);
            using var loose = new Mat(tight.Rows + 40, tight.Cols + 60, MatType.CV_8UC1, Scalar.All(0));
            tight.CopyTo(loose[new Rect(25, 15, tight.Cols, tight.Rows)]);
            Assert.Equal(DigitNormalizer.Normalize(tight), DigitNormalizer.Normalize(loose));
        }, iter: 100);
    }

    [Fact]
    public void Normalize_AnEmptyMask_IsAllZero()
        => Assert.All(DigitNormalizer.Normalize(new Mat(30, 20, MatType.CV_8UC1, Scalar.All(0))), p => Assert.Equal(0, p));

    private static Mat Draw((int Width, int Height, int Thickness, Point[] Points) mask)
    {
        var image = new Mat(mask.Height, mask.Width, MatType.CV_8UC1, Scalar.All(0));
        for (int i = 0; i < mask.Points.Length; i++)
        {
            Cv2.Line(image, mask.Points[i], mask.Points[Math.Min(i + 1, mask.Points.Length - 1)], Scalar.All(255), mask.Thickness);
        }

        return image;
    }

    private static string Describe((int Width, int Height, int Thickness, Point[] Points) mask)
        => $"a {mask.Width}x{mask.Height} mask with strokes {mask.Thickness} px through {string.Join(" ", mask.Points.Select(p => $"({p.X},{p.Y})"))}";

    // Pixel centres at 0..27, so the field's centre is 13.5 (the normaliser puts the mass at 14 in OpenCV's
    // warp, which samples the same grid; the two agree within half a pixel).
    private static (double X, double Y) CentreOfMass(byte[] pixels)
    {
        double mass = 0, x = 0, y = 0;
        for (int i = 0; i < 784; i++)
        {
            mass += pixels[i];
            x += pixels[i] * (i % 28);
            y += pixels[i] * (i / 28);
        }

        return (x / mass, y / mass);
    }
}
