using Digits.Evaluation;
using OpenCvSharp;

namespace Digits.Reports;

/// <summary>
/// Draws a confusion matrix as a PNG heat map: one cell per (true, predicted) pair holding its count, off-diagonal
/// cells shaded by their share of the largest error so the common confusions stand out.
/// </summary>
public static class ConfusionHeatmap
{
    private const int Cell = 56;
    private const int Margin = 70;

    /// <summary>Writes the heat map.</summary>
    /// <param name="confusion">The matrix.</param>
    /// <param name="title">A line drawn above it (for example the accuracy).</param>
    /// <param name="subtitle">A smaller second line (for example the model), cut to the picture's width.</param>
    /// <param name="path">PNG file to write (atomically).</param>
    public static void Write(ConfusionMatrix confusion, string title, string subtitle, string path)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        int maxError = 1;
        for (int t = 0; t < 10; t++)
        {
            for (int p = 0; p < 10; p++)
            {
                maxError = t == p ? maxError : Math.Max(maxError, confusion[t, p]);
            }
        }

        const int top = Margin + 40;
        int width = (2 * Margin) + (10 * Cell);
        using var canvas = new Mat(top + (10 * Cell) + 20, width, MatType.CV_8UC3, Scalar.All(255));
        Cv2.PutText(canvas, title, new Point(10, 24), HersheyFonts.HersheySimplex, 0.6, Scalar.All(0), 1, LineTypes.AntiAlias);
        int fits = (width - 20) / 8;
        Cv2.PutText(canvas, subtitle.Length > fits ? subtitle[..(fits - 3)] + "..." : subtitle, new Point(10, 46), HersheyFonts.HersheySimplex, 0.4, Scalar.All(70), 1, LineTypes.AntiAlias);
        Cv2.PutText(canvas, "predicted digit", new Point(Margin + (4 * Cell), top - 26), HersheyFonts.HersheySimplex, 0.5, Scalar.All(60), 1, LineTypes.AntiAlias);
        Cv2.PutText(canvas, "true", new Point(8, top + (5 * Cell)), HersheyFonts.HersheySimplex, 0.5, Scalar.All(60), 1, LineTypes.AntiAlias);
        for (int d = 0; d < 10; d++)
        {
            Label(canvas, d.ToString(), Margin + (d * Cell) + (Cell / 2), top - 8, Scalar.All(0));
            Label(canvas, d.ToString(), Margin - 14, top + (d * Cell) + (Cell / 2) + 5, Scalar.All(0));
        }

        for (int t = 0; t < 10; t++)
        {
            for (int p = 0; p < 10; p++)
            {
                int n = confusion[t, p];
                Scalar fill = t == p
                    ? new Scalar(225, 245, 225)
                    : n == 0 ? Scalar.All(250) : Shade((double)n / maxError);
                var box = new Rect(Margin + (p * Cell), top + (t * Cell), Cell - 2, Cell - 2);
                Cv2.Rectangle(canvas, box, fill, -1);
                bool dark = t != p && n > 0 && (double)n / maxError > 0.55;
                Label(canvas, n == 0 ? "." : n.ToString(), box.X + (Cell / 2), box.Y + (Cell / 2) + 5, dark ? Scalar.All(255) : Scalar.All(20));
            }
        }

        DigitMosaic.WritePng(canvas, path);
    }

    /// <summary>White to deep red (BGR) as <paramref name="share"/> goes from 0 to 1.</summary>
    private static Scalar Shade(double share)
    {
        double s = Math.Clamp(0.15 + (0.85 * share), 0, 1);
        return new Scalar(255 * (1 - s), 255 * (1 - s), 255 - (90 * s));
    }

    private static void Label(Mat canvas, string text, int centreX, int baseline, Scalar colour)
    {
        var size = Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, 0.5, 1, out _);
        Cv2.PutText(canvas, text, new Point(centreX - (size.Width / 2), baseline), HersheyFonts.HersheySimplex, 0.5, colour, 1, LineTypes.AntiAlias);
    }
}
