using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class PaperMarginTests
{
    [Fact]
    public void Add_ADigitCroppedTight_GetsAMarginOfItsPaperNotOfItsInk()
    {
        // Given: light grey paper with a black bar crossing the whole top edge and a stroke reaching the left
        using var image = new Mat(40, 30, MatType.CV_8UC3, new Scalar(200, 210, 220));
        Cv2.Rectangle(image, new Rect(0, 0, 30, 4), Scalar.All(0), -1);
        Cv2.Rectangle(image, new Rect(0, 20, 12, 3), Scalar.All(0), -1);

        // When
        using Mat padded = PaperMargin.Add(image, 8);

        // Then: the image is unchanged in the middle, and every margin is paper, the top one included
        Assert.Equal(new Size(46, 56), padded.Size());
        using var centre = new Mat(padded, new Rect(8, 8, 30, 40));
        using var difference = new Mat();
        Cv2.Absdiff(centre, image, difference);
        Assert.Equal(0, Cv2.CountNonZero(difference.Reshape(1)));
        foreach (var point in new[] { new Point(20, 2), new Point(2, 30), new Point(43, 30), new Point(20, 53), new Point(0, 0) })
        {
            Assert.Equal(new Vec3b(200, 210, 220), padded.At<Vec3b>(point.Y, point.X));
        }
    }

    [Fact]
    public void Add_PaperDarkerOnOneSide_GetsADarkerMarginOnThatSide()
    {
        // Given: paper at 220 on the right and 160 on its left quarter, with a dark stroke in the middle
        using var grey = new Mat(60, 60, MatType.CV_8UC1, Scalar.All(220));
        Cv2.Rectangle(grey, new Rect(0, 0, 15, 60), Scalar.All(160), -1);
        Cv2.Rectangle(grey, new Rect(28, 10, 5, 40), Scalar.All(20), -1);
        using var image = new Mat();
        Cv2.CvtColor(grey, image, ColorConversionCodes.GRAY2BGR);

        // When
        using Mat padded = PaperMargin.Add(image, 10);

        // Then: the left margin continues the darker paper, the right one the lighter
        Assert.Equal(160, padded.At<Vec3b>(40, 3).Item0);
        Assert.Equal(220, padded.At<Vec3b>(40, 75).Item0);
    }

    [Fact]
    public void Add_AnImageThatIsNotBgr_IsRefusedByName()
    {
        using var grey = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(255));

        var error = Assert.Throws<ArgumentException>(() => PaperMargin.Add(grey, 4));

        Assert.Equal("image", error.ParamName);
    }
}
