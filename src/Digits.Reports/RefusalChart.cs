using Digits.Evaluation;
using ScottPlot;

namespace Digits.Reports;

/// <summary>Draws the share refused per kind of image as horizontal bars: real digits (a loss, red) beside the things that are not digits (refusing them is right, green).</summary>
public static class RefusalChart
{
    /// <summary>Writes the chart.</summary>
    /// <param name="rates">The kinds, top to bottom.</param>
    /// <param name="path">PNG file to write (atomically).</param>
    public static void Write(IReadOnlyList<RefusalRate> rates, string path)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (int i = 0; i < rates.Count; i++)
        {
            RefusalRate rate = rates[i];
            double position = rates.Count - 1 - i;
            bars.Add(new Bar
            {
                Position = position,
                Value = rate.Share * 100,
                FillColor = rate.AreDigits ? Colors.IndianRed : Colors.SeaGreen,
                Label = $"{rate.Share:P1} of {rate.Count:N0}",
            });
            ticks.Add(new Tick(position, rate.Kind));
        }

        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        series.ValueLabelStyle.FontSize = 13;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimits(0, 125, -0.6, rates.Count - 0.4);
        plot.Title("Refused as not a digit, read as drawings");
        plot.XLabel("refused (%): real digits (red) as few as can be, the rest (green) as many");
        byte[] png = plot.GetImageBytes(1000, 120 + (60 * rates.Count), ImageFormat.Png);
        Files.AtomicFile.Write(path, s => s.Write(png));
    }
}
