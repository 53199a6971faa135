using Digits.Images;
using Digits.Search;
using OpenCvSharp;

namespace Digits.Reports;

/// <summary>One misclassified image for <see cref="ErrorGallery"/>: the test image, its labels, and the training images that voted.</summary>
/// <param name="TestIndex">Index in the test set.</param>
/// <param name="Truth">The true digit.</param>
/// <param name="Predicted">What the model said.</param>
/// <param name="Neighbors">The nearest training images behind the answer, nearest first.</param>
public sealed record GalleryEntry(int TestIndex, int Truth, int Predicted, IReadOnlyList<Neighbor> Neighbors);

/// <summary>
/// Draws misclassified test digits as a PNG, one entry each, entries side by side in columns: the test digit (framed red) with "true -> predicted"
/// and its index, then the nearest training digits that voted, each with its label, so a reader sees why.
/// </summary>
public static class ErrorGallery
{
    private const int Scale = 3;
    private const int Gap = 8;
    private const int LabelWidth = 150;

    /// <summary>Writes the gallery.</summary>
    /// <param name="test">The test images.</param>
    /// <param name="training">The training images the neighbour indices refer to.</param>
    /// <param name="entries">The misclassified images to draw.</param>
    /// <param name="path">PNG file to write (atomically).</param>
    /// <param name="columns">Entries side by side (they fill the picture row by row).</param>
    public static void Write(ImageSet test, ImageSet training, IReadOnlyList<GalleryEntry> entries, string path, int columns = 2)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(entries);
        int digit = test.Rows * Scale;
        int rowHeight = digit + 22;
        int neighbors = Math.Max(1, entries.Count == 0 ? 1 : entries.Max(e => e.Neighbors.Count));
        columns = Math.Clamp(columns, 1, Math.Max(1, entries.Count));
        int entryWidth = LabelWidth + ((neighbors + 1) * (digit + Gap)) + Gap + 20;
        int rows = Math.Max(1, (entries.Count + columns - 1) / columns);
        using var canvas = new Mat(Gap + (rows * (rowHeight + Gap)), columns * entryWidth, MatType.CV_8UC3, Scalar.All(255));
        if (entries.Count == 0)
        {
            Cv2.PutText(canvas, "no errors", new Point(Gap, 30), HersheyFonts.HersheySimplex, 0.5, Scalar.All(0), 1, LineTypes.AntiAlias);
        }

        for (int r = 0; r < entries.Count; r++)
        {
            GalleryEntry entry = entries[r];
            int y = Gap + (r / columns * (rowHeight + Gap));
            int left = r % columns * entryWidth;
            Cv2.PutText(canvas, $"#{entry.TestIndex}", new Point(left + Gap, y + 20), HersheyFonts.HersheySimplex, 0.45, Scalar.All(90), 1, LineTypes.AntiAlias);
            Cv2.PutText(canvas, $"true {entry.Truth} -> {entry.Predicted}", new Point(left + Gap, y + 44), HersheyFonts.HersheySimplex, 0.5, new Scalar(0, 0, 190), 1, LineTypes.AntiAlias);
            int x = left + LabelWidth;
            Paste(canvas, test[entry.TestIndex], test.Rows, test.Columns, x, y);
            Cv2.Rectangle(canvas, new Rect(x - 2, y - 2, digit + 4, digit + 4), new Scalar(0, 0, 200), 2);
            for (int j = 0; j < entry.Neighbors.Count; j++)
            {
                Neighbor n = entry.Neighbors[j];
                int nx = left + LabelWidth + ((j + 1) * (digit + Gap)) + Gap;
                Paste(canvas, training[n.Index], training.Rows, training.Columns, nx, y);
                Scalar colour = n.Label == entry.Truth ? new Scalar(0, 130, 0) : new Scalar(0, 0, 190);
                Cv2.PutText(canvas, n.Label.ToString(), new Point(nx + (digit / 2) - 4, y + digit + 16), HersheyFonts.HersheySimplex, 0.45, colour, 1, LineTypes.AntiAlias);
            }
        }

        DigitMosaic.WritePng(canvas, path);
    }

    private static void Paste(Mat canvas, ReadOnlySpan<byte> pixels, int rows, int columns, int x, int y)
    {
        using Mat digit = DigitMosaic.ToMat(pixels, rows, columns);
        using var inverted = new Mat();
        Cv2.BitwiseNot(digit, inverted);
        using var large = new Mat();
        Cv2.Resize(inverted, large, new Size(columns * Scale, rows * Scale), 0, 0, InterpolationFlags.Nearest);
        using var colour = new Mat();
        Cv2.CvtColor(large, colour, ColorConversionCodes.GRAY2BGR);
        colour.CopyTo(canvas[new Rect(x, y, colour.Width, colour.Height)]);
    }
}
