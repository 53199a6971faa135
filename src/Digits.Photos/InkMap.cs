using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// How far each pixel's colour is from the paper around it (0 = paper, 255 = strongest contrast). The paper
/// is estimated by a wide morphological closing (opening for ink lighter than the paper), which removes every
/// stroke narrower than a third of the photo however densely it fills the frame, yet follows shadows, gradients
/// and tinted or coloured paper; then estimated again as the average of the pixels that estimate calls paper.
/// Measuring colour distance rather than darkness makes dark ink on light paper, light strokes on a dark board
/// and coloured ink on coloured paper all come out as bright strokes on black.
/// </summary>
public static class InkMap
{
    /// <summary>Estimates the paper colour at every pixel.</summary>
    /// <param name="bgr">The photo at working size.</param>
    /// <param name="sheet">Where the sheet is (non-zero) when the desk round it was painted over (<see cref="SheetOnDesk"/>), or null: which pixels are ink is judged on the sheet alone, as the flat paint would pass for paper.</param>
    /// <returns>The paper (same size, BGR); the caller disposes it.</returns>
    public static Mat Paper(Mat bgr, Mat? sheet = null)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        double scale = Math.Min(1.0, 160.0 / Math.Max(bgr.Width, bgr.Height));
        var smallSize = new Size(Math.Max(1, (int)(bgr.Width * scale)), Math.Max(1, (int)(bgr.Height * scale)));
        using var small = new Mat();
        Cv2.Resize(bgr, small, smallSize, 0, 0, InterpolationFlags.Area);
        using var smallSheet = sheet is null ? null : new Mat();
        if (sheet is not null)
        {
            Cv2.Resize(sheet, smallSheet!, smallSize, 0, 0, InterpolationFlags.Nearest);
        }

        int window = Math.Max(3, (Math.Min(small.Width, small.Height) / 3) | 1);
        window = Math.Min(window, 255 | 1);
        using var background = WithoutStrokes(small, window, smallSheet);
        using var refined = WithoutInk(small, background, window, smallSheet);
        var paper = new Mat();
        Cv2.Resize(refined, paper, bgr.Size(), 0, 0, InterpolationFlags.Linear);
        return paper;
    }

    // A closing (dilate, then erode) with a window-sized square takes each pixel to the darkest of the brightest
    // values around it, so a dark stroke narrower than the window vanishes even where ink fills most of the
    // window. A median, used before, darkened wherever ink covered half its window (a digit drawn with a marker
    // and cropped tight, a 28x28 MNIST image): the paper there looked like ink, and strokes broke or filled.
    // Which way the ink lies is decided per channel from the whole photo with its lighting trend taken out
    // (LightingTrend: otherwise the bright side of a shadowed page stands out from the median like ink): its
    // median colour is the paper, as ink covers less than half of it; Otsu on the distance from it finds the
    // ink. Closing where the ink is darker, opening where it is lighter (chalk on a board, coloured ink).
    private static Mat WithoutStrokes(Mat small, int window, Mat? sheet)
    {
        Mat[] channels = Cv2.Split(small);
        Mat[] levelled = [.. channels.Select(LightingTrend.Level)];
        try
        {
            var paperColour = new double[3];
            for (int c = 0; c < 3; c++)
            {
                levelled[c].GetArray(out byte[] values);
                Array.Sort(values);
                paperColour[c] = values[values.Length / 2];
            }

            using var level = new Mat();
            Cv2.Merge(levelled, level);
            using var flat = new Mat(small.Size(), MatType.CV_8UC3, new Scalar(paperColour[0], paperColour[1], paperColour[2]));
            using var distance = Compute(level, flat);
            using var inkMask = InkAbove(distance, sheet, out _);
            bool anyInk = Cv2.CountNonZero(inkMask) > 0;
            using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(window, window));
            for (int c = 0; c < 3; c++)
            {
                bool darkInk = !anyInk || Cv2.Mean(levelled[c], inkMask).Val0 <= paperColour[c];
                Cv2.MorphologyEx(channels[c], channels[c], darkInk ? MorphTypes.Close : MorphTypes.Open, kernel, borderType: BorderTypes.Replicate);
            }

            var background = new Mat();
            Cv2.Merge(channels, background);
            var box = new Size(Math.Max(3, (window / 2) | 1), Math.Max(3, (window / 2) | 1));
            Cv2.Blur(background, background, box, new Point(-1, -1), BorderTypes.Reflect); // the closing's square plateaus
            return background;
        }
        finally
        {
            foreach (Mat channel in channels.Concat(levelled))
            {
                channel.Dispose();
            }
        }
    }

    // The closing sits on the brightest grain of the paper (and misses a stroke wider than its window), so a
    // second estimate averages only the pixels the first one calls paper (ink found by Otsu's threshold, widened
    // by a pixel), weighted by a wide smooth kernel: paper = blur(image x paper mask) / blur(paper mask). Where a
    // window holds almost no paper, the first estimate stays.
    private static Mat WithoutInk(Mat small, Mat first, int window, Mat? sheet)
    {
        using var ink = Compute(small, first);
        using var inkMask = InkAbove(ink, sheet, out double threshold);
        var result = first.Clone();
        if (threshold < 16)
        {
            return result; // no clear ink: nothing to take out
        }

        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));
        Cv2.Dilate(inkMask, inkMask, kernel);
        using var weight = new Mat();
        inkMask.ConvertTo(weight, MatType.CV_32FC1, -1 / 255.0, 1); // 1 on paper, 0 on ink
        using var image = new Mat();
        small.ConvertTo(image, MatType.CV_32FC3);
        using var weight3 = new Mat();
        Cv2.Merge([weight, weight, weight], weight3);
        using var weighted = image.Mul(weight3).ToMat();
        // Two box filters of half the first estimate's window: a smooth, Gaussian-like weight whose cost does not grow
        // with the window (a true Gaussian of this width took 5 ms a photo).
        var box = new Size(Math.Max(3, (window / 2) | 1), Math.Max(3, (window / 2) | 1));
        using var numerator = new Mat();
        using var denominator = new Mat();
        Cv2.Blur(weighted, numerator, box, new Point(-1, -1), BorderTypes.Reflect);
        Cv2.Blur(numerator, numerator, box, new Point(-1, -1), BorderTypes.Reflect);
        Cv2.Blur(weight, denominator, box, new Point(-1, -1), BorderTypes.Reflect);
        Cv2.Blur(denominator, denominator, box, new Point(-1, -1), BorderTypes.Reflect);
        int rows = small.Rows, columns = small.Cols;
        unsafe
        {
            for (int y = 0; y < rows; y++)
            {
                float* sum = (float*)numerator.Ptr(y);
                float* share = (float*)denominator.Ptr(y);
                byte* target = (byte*)result.Ptr(y);
                for (int x = 0; x < columns; x++)
                {
                    if (share[x] > 0.1f)
                    {
                        for (int c = 0; c < 3; c++)
                        {
                            target[(3 * x) + c] = ToByte(sum[(3 * x) + c] / share[x]);
                        }
                    }
                }
            }
        }

        return result;
    }

    // The ink by Otsu's threshold on the distance map, measured on the sheet alone when there is one.
    private static Mat InkAbove(Mat distance, Mat? sheet, out double threshold)
    {
        threshold = InkHistogram.Otsu(InkHistogram.Of(distance, sheet));
        var mask = new Mat();
        Cv2.Threshold(distance, mask, threshold, 255, ThresholdTypes.Binary);
        return mask;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value), 0, 255);

    /// <summary>Computes the ink map: the colour distance between each pixel and the paper, scaled to 0-255.</summary>
    /// <param name="bgr">The photo at working size.</param>
    /// <param name="paper">The paper estimate from <see cref="Paper"/>.</param>
    /// <returns>An 8-bit single-channel map; the caller disposes it.</returns>
    public static Mat Compute(Mat bgr, Mat paper)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        ArgumentNullException.ThrowIfNull(paper);
        if (bgr.Type() != MatType.CV_8UC3 || paper.Type() != MatType.CV_8UC3 || bgr.Size() != paper.Size())
        {
            throw new ArgumentException($"Expected two 8-bit BGR images of one size, got {bgr.Type()} {bgr.Size()} and {paper.Type()} {paper.Size()}.");
        }

        // One pass over the bytes (OpenCV's float transform path took ~170 ms per megapixel here).
        var ink = new Mat(bgr.Size(), MatType.CV_8UC1);
        int width = bgr.Width, height = bgr.Height;
        const float scale = 0.57735026f; // 1 / sqrt(3): the largest distance, 255 * sqrt(3), maps to 255
        unsafe
        {
            for (int y = 0; y < height; y++)
            {
                byte* a = (byte*)bgr.Ptr(y);
                byte* b = (byte*)paper.Ptr(y);
                byte* o = (byte*)ink.Ptr(y);
                for (int x = 0; x < width; x++)
                {
                    int d0 = a[3 * x] - b[3 * x], d1 = a[(3 * x) + 1] - b[(3 * x) + 1], d2 = a[(3 * x) + 2] - b[(3 * x) + 2];
                    float distance = MathF.Sqrt((d0 * d0) + (d1 * d1) + (d2 * d2)) * scale;
                    o[x] = (byte)Math.Min(255f, MathF.Round(distance));
                }
            }
        }

        return ink;
    }
}
