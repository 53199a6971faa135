using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class InkMapTests
{
    [Fact]
    public void Paper_FollowsAShadowGradient()
    {
        // Given: paper that darkens from left (220) to right (120), with one thin stroke
        using var photo = new Mat(100, 200, MatType.CV_8UC3);
        for (int x = 0; x < 200; x++)
        {
            byte value = (byte)(220 - (x / 2));
            Cv2.Line(photo, new Point(x, 0), new Point(x, 99), new Scalar(value, value, value));
        }

        Cv2.Line(photo, new Point(100, 20), new Point(100, 80), new Scalar(20, 20, 20), 3);

        using Mat paper = InkMap.Paper(photo);
        using Mat ink = InkMap.Compute(photo, paper);

        Assert.InRange(ink.At<byte>(50, 20), 0, 12);
        Assert.InRange(ink.At<byte>(50, 180), 0, 12);
        Assert.True(ink.At<byte>(50, 100) > 80, "the stroke is ink");
    }

    [Fact]
    public void Paper_UnderADigitDrawnWithAThickMarkerFillingTheImage_StaysPaper()
    {
        // Given: a small image almost filled by a thick ring (a 0 drawn with a marker, cropped tight): ink covers
        // more than half of any window a third of the image wide, where a median estimate of the paper failed
        using var photo = new Mat(96, 96, MatType.CV_8UC3, new Scalar(235, 235, 235));
        Cv2.Ellipse(photo, new Point(48, 48), new Size(28, 36), 0, 0, 360, new Scalar(30, 30, 30), 18);

        using Mat paper = InkMap.Paper(photo);
        using Mat ink = InkMap.Compute(photo, paper);

        Assert.True(ink.At<byte>(48, 20) > 150, $"the middle of the left stroke is ink ({ink.At<byte>(48, 20)})");
        Assert.True(ink.At<byte>(12, 48) > 150, $"the middle of the top stroke is ink ({ink.At<byte>(12, 48)})");
        Assert.InRange(ink.At<byte>(48, 48), 0, 20); // the paper inside the ring
        Assert.InRange(ink.At<byte>(2, 2), 0, 20);   // and in the corner
    }

    [Fact]
    public void Paper_OfLightChalkOnADarkBoard_IsTheBoard()
    {
        // Given: light strokes on a dark green board: the estimate must open, not close, the strokes away
        using var photo = new Mat(120, 160, MatType.CV_8UC3, new Scalar(40, 70, 35));
        Cv2.Line(photo, new Point(80, 15), new Point(80, 105), new Scalar(225, 230, 225), 12);

        using Mat paper = InkMap.Paper(photo);
        using Mat ink = InkMap.Compute(photo, paper);

        Assert.True(ink.At<byte>(60, 80) > 150, $"the chalk stroke is ink ({ink.At<byte>(60, 80)})");
        Assert.InRange(ink.At<byte>(60, 30), 0, 12);
    }
}
