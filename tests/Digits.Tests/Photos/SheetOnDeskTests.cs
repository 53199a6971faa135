using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class SheetOnDeskTests
{
    [Fact]
    public void Clear_PaintsTheDeskRoundASheetTheSheetsColour_KeepingTheWritingOnIt()
    {
        using var photo = new Mat(600, 800, MatType.CV_8UC3, new Scalar(40, 50, 60)); // a dark desk
        Cv2.Rectangle(photo, new Rect(200, 100, 400, 450), new Scalar(215, 220, 225), -1); // the sheet
        Cv2.PutText(photo, "42", new Point(320, 350), HersheyFonts.HersheySimplex, 3, new Scalar(60, 40, 30), 6);

        using Mat? cleared = SheetOnDesk.Clear(photo);

        Assert.NotNull(cleared);
        Vec3b desk = cleared.At<Vec3b>(50, 50), corner = cleared.At<Vec3b>(590, 790);
        Assert.InRange(desk.Item0, 180, 230);
        Assert.InRange(corner.Item2, 180, 235);
        Assert.True(cleared.At<Vec3b>(300, 390).Item0 < 120 || cleared.At<Vec3b>(320, 360).Item0 < 120 || HasDarkInk(cleared), "the writing stays");
    }

    [Fact]
    public void Clear_LeavesAPageThatFillsThePhoto_AndAVignettedOne()
    {
        using var page = new Mat(400, 600, MatType.CV_8UC3, new Scalar(220, 220, 220));
        Cv2.PutText(page, "7", new Point(250, 250), HersheyFonts.HersheySimplex, 4, new Scalar(30, 30, 30), 8);
        Assert.Null(SheetOnDesk.Clear(page));

        // A webcam's dim top fading into bright paper: no edge, no sheet.
        using var vignetted = new Mat(480, 640, MatType.CV_8UC3);
        for (int y = 0; y < 480; y++)
        {
            byte v = (byte)Math.Clamp(90 + (y * 0.5), 0, 255);
            Cv2.Line(vignetted, new Point(0, y), new Point(639, y), new Scalar(v, v, v));
        }

        Assert.Null(SheetOnDesk.Clear(vignetted));
    }

    private static bool HasDarkInk(Mat image)
    {
        using var grey = new Mat();
        Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
        using var inside = new Mat(grey, new Rect(300, 250, 200, 120));
        Cv2.MinMaxLoc(inside, out double min, out _);
        return min < 120;
    }
}
