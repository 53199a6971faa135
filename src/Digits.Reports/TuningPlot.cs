using Digits.Evaluation;
using ScottPlot;

namespace Digits.Reports;

/// <summary>Draws validation accuracy against k, one line per preprocessing and weighting, as a PNG.</summary>
public static class TuningPlot
{
    /// <summary>Writes the plot.</summary>
    /// <param name="results">Sweep results.</param>
    /// <param name="path">PNG file to write (atomically).</param>
    /// <param name="title">The plot's title.</param>
    public static void Write(IReadOnlyList<TuningResult> results, string path, string title = "Validation accuracy (last 10,000 training images held out)")
    {
        ArgumentNullException.ThrowIfNull(results);
        var plot = new Plot();
        foreach (var series in results.GroupBy(r => (r.Preprocessing.ToString(), r.Reranking, r.Weighting)))
        {
            var points = series.OrderBy(r => r.K).ToArray();
            var line = plot.Add.Scatter(points.Select(r => (double)r.K).ToArray(), points.Select(r => r.Accuracy * 100).ToArray());
            string reranking = series.Key.Reranking == "none" ? "" : $", {series.Key.Reranking}";
            line.LegendText = $"{series.Key.Item1}{reranking}, {series.Key.Weighting.ToString().ToLowerInvariant()}";
            line.LinePattern = series.Key.Weighting == Classifiers.Knn.KnnWeighting.Uniform ? LinePattern.Solid : LinePattern.Dashed;
        }

        plot.Title(title);
        plot.XLabel("k (neighbours)");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(Alignment.LowerLeft);
        byte[] png = plot.GetImageBytes(900, 560, ImageFormat.Png);
        Files.AtomicFile.Write(path, s => s.Write(png));
    }
}
