using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// A margin of paper round a small image. A tiny scan or a thumbnail is often cropped to its digit, whose
/// strokes then run into the image's edges: the paper estimate has no paper beyond them, and a digit that fills
/// its frame looks like the frame of a photo. Each side's margin takes the colour of the paper along that side,
/// so a gradient across the paper goes on into the margin, and strokes that cross the edge are left out of it.
/// </summary>
public static class PaperMargin
{
    /// <summary>Surrounds an image with paper.</summary>
    /// <param name="image">8-bit BGR image (not modified).</param>
    /// <param name="margin">Width of the margin in pixels, on every side.</param>
    /// <returns>The larger image; the caller disposes it.</returns>
    public static Mat Add(Mat image, int margin)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        if (image.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"Expected an 8-bit BGR image, got {image.Type()}.", nameof(image));
        }

        using var grey = new Mat();
        Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
        using var scratch = new Mat();
        double threshold = Cv2.Threshold(grey, scratch, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        int width = image.Width, height = image.Height;
        Point[][] sides =
        [
            [.. Enumerable.Range(0, width).Select(x => new Point(x, 0))],
            [.. Enumerable.Range(0, width).Select(x => new Point(x, height - 1))],
            [.. Enumerable.Range(0, height).Select(y => new Point(0, y))],
            [.. Enumerable.Range(0, height).Select(y => new Point(width - 1, y))],
        ];

        // Paper is the side of Otsu's threshold most of the edge lies on: a digit cropped tight crosses its edges
        // in a few places only. A side that is all ink (a 7's bar along the top) takes the paper of the whole edge.
        var edge = sides.SelectMany(s => s).ToList();
        bool paperIsLight = edge.Count(p => grey.At<byte>(p.Y, p.X) > threshold) * 2 >= edge.Count;
        bool IsPaper(Point p) => grey.At<byte>(p.Y, p.X) > threshold == paperIsLight;
        Scalar everywhere = Median(edge.Where(IsPaper).Select(p => image.At<Vec3b>(p.Y, p.X)).ToList());
        Scalar ColourOf(Point[] side)
        {
            var paper = side.Where(IsPaper).Select(p => image.At<Vec3b>(p.Y, p.X)).ToList();
            return paper.Count > 0 ? Median(paper) : everywhere;
        }

        var padded = new Mat();
        Cv2.CopyMakeBorder(image, padded, margin, margin, margin, margin, BorderTypes.Constant, Scalar.All(0));
        int fullWidth = padded.Width;
        Fill(padded, new Rect(0, margin, margin, height), ColourOf(sides[2]));
        Fill(padded, new Rect(margin + width, margin, margin, height), ColourOf(sides[3]));
        Fill(padded, new Rect(0, 0, fullWidth, margin), ColourOf(sides[0]));
        Fill(padded, new Rect(0, margin + height, fullWidth, margin), ColourOf(sides[1]));
        return padded;
    }

    private static void Fill(Mat image, Rect area, Scalar colour)
    {
        using var part = new Mat(image, area);
        part.SetTo(colour);
    }

    private static Scalar Median(List<Vec3b> colours)
    {
        byte Channel(Func<Vec3b, byte> of) => colours.Select(of).Order().ElementAt(colours.Count / 2);
        return new Scalar(Channel(c => c.Item0), Channel(c => c.Item1), Channel(c => c.Item2));
    }
}
