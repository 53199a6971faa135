using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class DigitSegmenterTests
{
    [Fact]
    public void Find_ARingThatFillsTheImage_IsADigitCroppedTight()
    {
        // Given: a 0 cropped to its ink, touching all four edges in a few places (before, dropped as a frame)
        using var binary = new Mat(200, 160, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Ellipse(binary, new Point(80, 100), new Size(72, 92), 0, 0, 360, Scalar.All(255), 14);

        // When
        using FoundMarks found = DigitSegmenter.Find(binary, new PhotoOptions());

        // Then
        Assert.Equal(1, found.Count);
    }

    [Fact]
    public void Find_AFrameAlongTheImagesEdges_IsNotADigit()
    {
        // Given: a dark border round the photo (a scanner's, a screen's bezel) and a digit inside it
        using var binary = new Mat(200, 160, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(binary, new Rect(0, 0, 160, 200), Scalar.All(255), 6);
        Cv2.Rectangle(binary, new Rect(70, 60, 14, 80), Scalar.All(255), -1);

        // When
        using FoundMarks found = DigitSegmenter.Find(binary, new PhotoOptions());

        // Then: only the stroke inside
        Assert.Equal(1, found.Count);
        Assert.Equal(70, found.Boxes[0].X);
    }

    [Fact]
    public void RemoveRuledLines_ALineBrokenIntoDashes_IsErasedWithItsParallels()
    {
        // Given: a ruled page (binary) with three solid lines and one line broken into dashes too short for the
        // Hough transform (gaps wider than it bridges), and a digit's vertical stroke crossing all of them
        using var binary = new Mat(400, 600, MatType.CV_8UC1, Scalar.All(0));
        foreach (int y in new[] { 60, 140, 300 })
        {
            Cv2.Line(binary, new Point(0, y), new Point(599, y + 6), Scalar.All(255), 2);
        }

        for (int x = 0; x < 600; x += 72)
        {
            Cv2.Line(binary, new Point(x, 220 + (x / 100)), new Point(x + 47, 220 + ((x + 47) / 100)), Scalar.All(255), 2);
        }

        Cv2.Rectangle(binary, new Rect(290, 40, 16, 300), Scalar.All(255), -1);

        // When
        DigitSegmenter.RemoveRuledLines(binary);

        // Then: no line is left, the dashed one included, and the stroke is still one piece
        using var leftPart = new Mat(binary, new Rect(0, 0, 250, 400));
        Assert.Equal(0, Cv2.CountNonZero(leftPart));
        using var stroke = new Mat(binary, new Rect(290, 40, 16, 300));
        using var labels = new Mat();
        Assert.Equal(2, Cv2.ConnectedComponents(stroke, labels)); // background and one stroke
    }

    [Fact]
    public void RemoveRuledLines_SmallLoopsBetweenTheLines_KeepTheirHoles()
    {
        // Given: a ruled page (lines 4 px thick) with small loops (holes about 8 px tall, as in a small 0 or 8)
        // between the lines. Strokes a line crossed are rejoined by a vertical closing taller than such a hole;
        // done over the whole page, it filled them.
        using var binary = new Mat(400, 600, MatType.CV_8UC1, Scalar.All(0));
        foreach (int y in new[] { 60, 140, 220, 300 })
        {
            Cv2.Line(binary, new Point(0, y), new Point(599, y + 4), Scalar.All(255), 4);
        }

        var centres = new[] { new Point(150, 100), new Point(300, 180), new Point(450, 260) };
        foreach (Point centre in centres)
        {
            Cv2.Ellipse(binary, centre, new Size(8, 5), 0, 0, 360, Scalar.All(255), 2);
        }

        // When
        DigitSegmenter.RemoveRuledLines(binary);

        // Then: the lines are gone and every loop still has its hole
        using var margin = new Mat(binary, new Rect(0, 0, 100, 400));
        Assert.Equal(0, Cv2.CountNonZero(margin));
        foreach (Point centre in centres)
        {
            using var hole = new Mat(binary, new Rect(centre.X - 2, centre.Y - 2, 4, 4));
            Assert.Equal(0, Cv2.CountNonZero(hole));
        }
    }

    [Fact]
    public void Find_ADashBesideADigit_KeepsOnlyTheDigit()
    {
        // Given: the rest of a ruled line (340x7, away from the edges) and a 7 whose bar is a separate stroke
        using var binary = new Mat(300, 800, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(binary, new Rect(60, 230, 340, 7), Scalar.All(255), -1);
        Cv2.Rectangle(binary, new Rect(520, 60, 90, 10), Scalar.All(255), -1);
        Cv2.Line(binary, new Point(605, 75), new Point(550, 220), Scalar.All(255), 10);

        // When
        using var found = DigitSegmenter.Find(binary, new PhotoOptions());

        // Then: one digit, the 7 with its bar (both in its mask); the dash is not a digit
        Rect box = Assert.Single(found.Boxes);
        Assert.InRange(box.X, 515, 550);
        Assert.InRange(box.Y, 55, 65);
        using Mat mask = found.MaskOf(0);
        Assert.Equal(255, mask.At<byte>(65, 560));
        Assert.Equal(255, mask.At<byte>(150, 577));
        Assert.Equal(0, mask.At<byte>(233, 100));
    }

    [Fact]
    public void Find_OnAPage_ASliverFarThinnerThanTheWriting_IsNotADigit()
    {
        // Given: six 1s and 0s written 8 pixels thick, and the sheet's edge: a line 2 pixels wide, as tall as them
        using var binary = new Mat(300, 900, MatType.CV_8UC1, Scalar.All(0));
        for (int i = 0; i < 6; i++)
        {
            if (i % 2 == 0)
            {
                Cv2.Rectangle(binary, new Rect(60 + (i * 110), 100, 8, 80), Scalar.All(255), -1);
            }
            else
            {
                Cv2.Ellipse(binary, new RotatedRect(new Point2f(85 + (i * 110), 140), new Size2f(50, 76), 0), Scalar.All(255), 8);
            }
        }

        Cv2.Rectangle(binary, new Rect(800, 100, 2, 80), Scalar.All(255), -1);

        // When
        using var found = DigitSegmenter.Find(binary, new PhotoOptions());

        // Then: the six digits, not the sliver
        Assert.Equal(6, found.Count);
        Assert.All(found.Boxes, box => Assert.True(box.X < 790));
    }

    [Fact]
    public void Find_OnAPage_ASmallMarkAtThePhotosEdge_IsNotADigit()
    {
        // Given: eight digits (bars 8 px wide, 80 tall) and, at the photo's top edge, a speck 35 px tall, and at its bottom edge a blot 52 px tall
        using var binary = new Mat(300, 1000, MatType.CV_8UC1, Scalar.All(0));
        for (int i = 0; i < 8; i++)
        {
            Cv2.Rectangle(binary, new Rect(60 + (i * 100), 100, 8, 80), Scalar.All(255), -1);
        }

        Cv2.Rectangle(binary, new Rect(500, 2, 10, 35), Scalar.All(255), -1);
        Cv2.Rectangle(binary, new Rect(700, 248, 30, 52), Scalar.All(255), -1); // 0.65 of the digits' height, at the bottom edge

        // When
        using var found = DigitSegmenter.Find(binary, new PhotoOptions());

        // Then: the eight digits only
        Assert.Equal(8, found.Count);
        Assert.All(found.Boxes, box => Assert.Equal(100, box.Y));
    }

    [Fact]
    public void Find_OnAPage_ABarAlongThePhotosEdge_IsNotADigit_AndDoesNotMakeThinDigitsPieces()
    {
        // Given: six 0s (rings 6 px thick, 60 tall) and two thin 1s (5 px wide), and along the photo's right edge
        // the sheet's edge: a bar 6 px wide and three digits tall (under half the photo's height: not a band along it)
        using var binary = new Mat(600, 1000, MatType.CV_8UC1, Scalar.All(0));
        for (int i = 0; i < 8; i++)
        {
            if (i is 2 or 5)
            {
                Cv2.Rectangle(binary, new Rect(80 + (i * 100), 100, 5, 60), Scalar.All(255), -1);
            }
            else
            {
                Cv2.Ellipse(binary, new RotatedRect(new Point2f(80 + (i * 100), 130), new Size2f(40, 54), 0), Scalar.All(255), 6);
            }
        }

        Cv2.Rectangle(binary, new Rect(994, 0, 6, 180), Scalar.All(255), -1);

        // When
        using var found = DigitSegmenter.Find(binary, new PhotoOptions());

        // Then: the eight digits, 1s included, and not the bar
        Assert.Equal(8, found.Count);
        Assert.All(found.Boxes, box => Assert.True(box.Right < 990));
    }

    [Fact]
    public void Find_AStrokeBrokenOffBesideItsDigit_JoinsIt()
    {
        // Given: a 6 whose loop (50 wide, 30 tall) came apart from its stem (12 wide, 80 tall) and sits beside it,
        // overlapping the stem's columns by less than half its width, 4 pixels below it
        using var binary = new Mat(300, 400, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(binary, new Rect(150, 60, 12, 80), Scalar.All(255), -1);
        Cv2.Ellipse(binary, new RotatedRect(new Point2f(165, 159), new Size2f(50, 30), 0), Scalar.All(255), 6);

        // When
        using var found = DigitSegmenter.Find(binary, new PhotoOptions());

        // Then: one digit, stem and loop in its mask
        Rect box = Assert.Single(found.Boxes);
        Assert.InRange(box.Bottom, 170, 180);
        using Mat mask = found.MaskOf(0);
        Assert.Equal(255, mask.At<byte>(100, 155));
        Assert.Equal(255, mask.At<byte>(159, 188));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(-30)]
    public void Slant_OfDigitsAlongALine_IsTheLinesAngle(double degrees)
    {
        // Given: four digit boxes of varied height whose centres lie on a line falling at `degrees` to the right
        double tan = Math.Tan(degrees * Math.PI / 180);
        Rect[] boxes = [.. Enumerable.Range(0, 4).Select(i => Box(100 + (i * 80), 300 + (i * 80 * tan), 50, 70 + (i % 2 * 10)))];

        Assert.Equal(degrees, DigitSegmenter.Slant(boxes), 0.5);
    }

    [Fact]
    public void Slant_OfALevelNumberOrOneDigit_IsZero()
    {
        Assert.Equal(0, DigitSegmenter.Slant([Box(100, 300, 50, 70), Box(180, 304, 50, 70), Box(260, 298, 50, 70)])); // within 5 degrees
        Assert.Equal(0, DigitSegmenter.Slant([Box(100, 300, 50, 70)]));
        Assert.Equal(0, DigitSegmenter.Slant([Box(100, 100, 50, 70), Box(110, 300, 50, 70)])); // one above the other: not a line of digits
    }

    private static Rect Box(double centreX, double centreY, int width, int height)
        => new((int)Math.Round(centreX - (width / 2.0)), (int)Math.Round(centreY - (height / 2.0)), width, height);
}
