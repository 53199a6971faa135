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

    // Five lines of digit boxes (20 x 30, 18 apart) on a 400 x 600 page: every line starts at x = 40, and ends
    // where its count of digits takes it.
    private static List<Rect> LeftAlignedLines()
    {
        int[] counts = [7, 3, 5, 2, 6];
        var boxes = new List<Rect>();
        for (int line = 0; line < counts.Length; line++)
        {
            for (int digit = 0; digit < counts[line]; digit++)
            {
                boxes.Add(new Rect(40 + (digit * 24), 50 + (line * 70), 20, 30));
            }
        }

        return boxes;
    }

    [Fact]
    public void AlongTheLines_IsNearOneForLinesAcross_AndNearZeroForThePageOnItsSide()
    {
        List<Rect> upright = LeftAlignedLines();
        var onItsSide = upright.Select(b => PageOrientation.ToUnturned(b, 90, 600, 400)).ToList();

        Assert.True(PageOrientation.AlongTheLines(upright) > 0.9);
        Assert.True(PageOrientation.AlongTheLines(onItsSide) < 0.1);
        Assert.Equal(0.5, PageOrientation.AlongTheLines([new Rect(0, 0, 5, 5)]));
    }

    [Theory]
    [InlineData(0, false, 1)]
    [InlineData(180, false, -1)]
    [InlineData(90, true, 1)]
    [InlineData(270, true, -1)]
    public void StartAlignment_FavoursTheTurnThatPutsTheLinesStartsAtTheLeft(int turnToRead, bool sideways, int sign)
    {
        // The photo is the upright page turned back by the turn that reads it.
        bool quarter = turnToRead % 180 != 0;
        var photo = LeftAlignedLines().Select(b => PageOrientation.ToUnturned(b, turnToRead, quarter ? 600 : 400, quarter ? 400 : 600)).ToList();

        double alignment = PageOrientation.StartAlignment(photo, sideways);

        Assert.True(sign * alignment > 1, $"alignment {alignment}");
    }

    [Fact]
    public void StartAlignment_SaysNothingOnFewerThanThreeLines()
    {
        Assert.Equal(0, PageOrientation.StartAlignment(LeftAlignedLines().Take(10).ToList(), sideways: false));
    }
}
