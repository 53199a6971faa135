using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

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
}
