using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class InkHistogramTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Otsu_OverTheWholeMap_EqualsOpenCvsOtsu(int seed)
    {
        using var map = new Mat(120, 160, MatType.CV_8UC1);
        var random = new Random(seed);
        for (int y = 0; y < 120; y++)
        {
            for (int x = 0; x < 160; x++)
            {
                // Paper near 20, ink near 150: two groups with noise.
                map.Set(y, x, (byte)Math.Clamp((random.NextDouble() < 0.2 ? 150 : 20) + random.Next(-15, 16), 0, 255));
            }
        }

        using var binary = new Mat();
        double openCv = Cv2.Threshold(map, binary, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        Assert.Equal(openCv, InkHistogram.Otsu(InkHistogram.Of(map)));
    }

    [Fact]
    public void Of_CountsOnlyWhereTheMaskSays_SoAPaintedDeskDoesNotMoveTheCut()
    {
        // A sheet (ink 0 or 200) beside a desk painted 0 that covers most of the image.
        using var map = new Mat(100, 100, MatType.CV_8UC1, Scalar.All(0));
        using var sheet = new Mat(100, 100, MatType.CV_8UC1, Scalar.All(0));
        sheet[new Rect(0, 0, 30, 100)].SetTo(Scalar.All(255));
        map[new Rect(0, 0, 10, 100)].SetTo(Scalar.All(200));
        map[new Rect(10, 0, 20, 100)].SetTo(Scalar.All(40));

        float[] onSheet = InkHistogram.Of(map, sheet);
        Assert.Equal(3000, onSheet.Sum());
        Assert.Equal(0, onSheet[0]);
        Assert.InRange(InkHistogram.Otsu(onSheet), 40, 199);
        Assert.Equal(40, InkHistogram.Percentile(onSheet, 0.5));
    }
}
