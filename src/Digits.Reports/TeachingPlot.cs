using ScottPlot;

namespace Digits.Reports;

/// <summary>Draws accuracy on writers' untaught digits against how many of their digits per class were taught, one line per writer group, beside the untaught baseline.</summary>
public static class TeachingPlot
{
    /// <summary>Writes the plot.</summary>
    /// <param name="series">Per group of writers: its name, accuracy (0..1) for each number taught per class (0 = untaught), and whether it is the untaught baseline (drawn dashed, in the colour of the group before it).</param>
    /// <param name="path">PNG file to write (atomically).</param>
    /// <param name="title">The plot's title.</param>
    public static void Write(IReadOnlyList<(string Name, IReadOnlyList<(int Taught, double Accuracy)> Points, bool Baseline)> series, string path, string title)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        Color colour = Colors.Black;
        foreach (var (name, points, baseline) in series)
        {
            var line = plot.Add.Scatter(points.Select(p => (double)p.Taught).ToArray(), points.Select(p => p.Accuracy * 100).ToArray());
            line.LegendText = name;
            line.MarkerSize = 8;
            if (baseline)
            {
                line.Color = colour;
                line.LinePattern = LinePattern.Dashed;
            }

            colour = line.Color;
        }

        plot.Title(title);
        plot.XLabel("digits taught per class (0 = untaught)");
        plot.YLabel("accuracy on the writer's other digits (%)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 1, 3, 5], ["0", "1", "3", "5"]);
        plot.ShowLegend(Alignment.UpperLeft);
        byte[] png = plot.GetImageBytes(900, 560, ImageFormat.Png);
        Files.AtomicFile.Write(path, s => s.Write(png));
    }
}
