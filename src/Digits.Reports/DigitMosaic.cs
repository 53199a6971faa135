using Digits.Files;
using Digits.Images;
using OpenCvSharp;

namespace Digits.Reports;

/// <summary>Draws digit images side by side as one PNG: dark ink on white paper, each digit enlarged.</summary>
public static class DigitMosaic
{
    /// <summary>
    /// Writes a grid with one row per digit 0-9 holding the first <paramref name="perDigit"/> images of that digit.
    /// </summary>
    /// <param name="set">Labelled images.</param>
    /// <param name="path">PNG file to write (atomically).</param>
    /// <param name="perDigit">Images per row.</param>
    /// <param name="scale">Enlargement of each pixel.</param>
    public static void WriteSamplesPerDigit(LabeledImages set, string path, int perDigit = 12, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(set);
        var rows = new List<int>[10];
        for (int d = 0; d < 10; d++)
        {
            rows[d] = [];
        }

        for (int i = 0; i < set.Count && rows.Any(r => r.Count < perDigit); i++)
        {
            if (rows[set.Labels[i]].Count < perDigit)
            {
                rows[set.Labels[i]].Add(i);
            }
        }

        Write(set.Images, rows, path, scale);
    }

    /// <summary>Writes the given images in rows: <paramref name="rows"/>[r] lists the image indices of row r.</summary>
    /// <param name="images">The images.</param>
    /// <param name="rows">Indices per row.</param>
    /// <param name="path">PNG file to write (atomically).</param>
    /// <param name="scale">Enlargement of each pixel.</param>
    public static void Write(ImageSet images, IReadOnlyList<IReadOnlyList<int>> rows, string path, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(rows);
        const int gap = 4;
        int cell = (images.Columns * scale) + gap;
        int columns = Math.Max(1, rows.Max(r => r.Count));
        using var canvas = new Mat((rows.Count * ((images.Rows * scale) + gap)) + gap, (columns * cell) + gap, MatType.CV_8UC1, Scalar.All(255));
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < rows[r].Count; c++)
            {
                using Mat digit = ToMat(images[rows[r][c]], images.Rows, images.Columns);
                using var inverted = new Mat();
                Cv2.BitwiseNot(digit, inverted);
                using var large = new Mat();
                Cv2.Resize(inverted, large, new Size(images.Columns * scale, images.Rows * scale), 0, 0, InterpolationFlags.Nearest);
                large.CopyTo(canvas[new Rect(gap + (c * cell), gap + (r * ((images.Rows * scale) + gap)), large.Width, large.Height)]);
            }
        }

        WritePng(canvas, path);
    }

    /// <summary>Copies one image into a new 8-bit single-channel <see cref="Mat"/>.</summary>
    /// <param name="pixels">Row-major pixels.</param>
    /// <param name="rows">Height.</param>
    /// <param name="columns">Width.</param>
    /// <returns>The matrix; the caller disposes it.</returns>
    public static Mat ToMat(ReadOnlySpan<byte> pixels, int rows, int columns)
    {
        var mat = new Mat(rows, columns, MatType.CV_8UC1);
        mat.SetArray(pixels.ToArray());
        return mat;
    }

    /// <summary>Encodes <paramref name="image"/> as PNG and writes it atomically.</summary>
    /// <param name="image">The image.</param>
    /// <param name="path">Destination.</param>
    public static void WritePng(Mat image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        Cv2.ImEncode(".png", image, out byte[] png);
        AtomicFile.Write(path, stream => stream.Write(png));
    }
}
