using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// The histogram of an 8-bit map, over all of it or only where a mask says (the sheet, not the desk painted
/// round it), with the thresholds read off it: a percentile, and Otsu's cut between the two groups that differ most.
/// </summary>
internal static class InkHistogram
{
    /// <summary>Counts each value of an 8-bit single-channel map.</summary>
    /// <param name="map">The map.</param>
    /// <param name="where">Where to count (non-zero), or null for everywhere; same size as the map.</param>
    /// <returns>256 counts.</returns>
    public static float[] Of(Mat map, Mat? where = null)
    {
        using var hist = new Mat();
        Cv2.CalcHist([map], [0], where is null ? null : (InputArray)where, hist, 1, [256], [new Rangef(0, 256)]);
        hist.GetArray(out float[] counts);
        return counts;
    }

    /// <summary>The least value that at least the given share of the counts lie at or below.</summary>
    public static double Percentile(float[] counts, double fraction)
    {
        double total = counts.Sum(), seen = 0;
        for (int v = 0; v < counts.Length; v++)
        {
            seen += counts[v];
            if (seen >= fraction * total)
            {
                return v;
            }
        }

        return counts.Length - 1;
    }

    /// <summary>Otsu's threshold: values above it are the brighter group (as OpenCV's THRESH_OTSU).</summary>
    public static double Otsu(float[] counts)
    {
        double total = 0, sum = 0;
        for (int v = 0; v < counts.Length; v++)
        {
            total += counts[v];
            sum += v * (double)counts[v];
        }

        double below = 0, belowSum = 0, best = -1;
        int cut = 0;
        for (int t = 0; t < counts.Length; t++)
        {
            below += counts[t];
            belowSum += t * (double)counts[t];
            double above = total - below;
            if (below == 0 || above == 0)
            {
                continue;
            }

            double difference = (belowSum / below) - ((sum - belowSum) / above);
            double between = below * above * difference * difference;
            if (between > best)
            {
                (best, cut) = (between, t);
            }
        }

        return cut;
    }
}
