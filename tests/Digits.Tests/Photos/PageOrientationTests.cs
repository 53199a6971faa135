using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class PageOrientationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void ToUnturned_MapsABoxFoundInTheTurnedImage_BackToTheImageAsGiven(int degrees)
    {
        using var image = new Mat(60, 100, MatType.CV_8UC1, Scalar.All(0));
        var box = new Rect(12, 7, 30, 20);
        image[box].SetTo(Scalar.All(255));

        using Mat turned = PageOrientation.Turn(image, degrees);
        Rect found = Cv2.BoundingRect(turned);

        Assert.Equal(degrees % 180 == 0 ? image.Size() : new Size(60, 100), turned.Size());
        Assert.Equal(box, PageOrientation.ToUnturned(found, degrees, image.Width, image.Height));
    }

    [Fact]
    public void Turn_NotAQuarter_NamesTheProblem()
    {
        using var image = new Mat(4, 4, MatType.CV_8UC1, Scalar.All(0));
        var error = Assert.Throws<ArgumentException>(() => PageOrientation.Turn(image, 45));
        Assert.Contains("multiple of 90", error.Message);
    }
}
