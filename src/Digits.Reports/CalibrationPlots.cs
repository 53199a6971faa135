using Digits.Evaluation;
using ScottPlot;

namespace Digits.Reports;

/// <summary>Draws a model's calibration as PNGs: a reliability diagram and a risk-coverage curve.</summary>
public static class CalibrationPlots
{
    /// <summary>Writes the reliability diagram: accuracy against confidence per bin, beside the diagonal of perfect calibration.</summary>
    /// <param name="calibration">The measures.</param>
    /// <param name="path">PNG file to write (atomically).</param>
    public static void WriteReliability(Calibration calibration, string path)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var plot = new Plot();
        var ideal = plot.Add.Line(0, 0, 100, 100);
        ideal.LinePattern = LinePattern.Dashed;
        ideal.LegendText = "perfect calibration";
        var bins = plot.Add.Scatter(
            calibration.Bins.Select(b => b.MeanConfidence * 100).ToArray(),
            calibration.Bins.Select(b => b.Accuracy * 100).ToArray());
        bins.MarkerSize = 9;
        bins.LegendText = "answers, by confidence bin";
        plot.Title($"Reliability: expected calibration error {calibration.ExpectedCalibrationError:P2}");
        plot.XLabel("confidence (%)");
        plot.YLabel("accuracy (%)");
        plot.Axes.SetLimits(0, 100, 0, 100);
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path);
    }

    /// <summary>Writes the risk-coverage curve: the error left when only the surest share of the images is answered.</summary>
    /// <param name="calibration">The measures.</param>
    /// <param name="path">PNG file to write (atomically).</param>
    public static void WriteRiskCoverage(Calibration calibration, string path)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var plot = new Plot();
        var curve = plot.Add.Scatter(
            calibration.Curve.Select(p => p.Coverage * 100).ToArray(),
            calibration.Curve.Select(p => p.Error * 100).ToArray());
        curve.MarkerSize = 0;
        curve.LegendText = "error of the answers given";
        plot.Title($"Risk against coverage: error {calibration.ErrorAt99:P2} at 99%, {calibration.ErrorAt95:P2} at 95%");
        plot.XLabel("share of images answered, surest first (%)");
        plot.YLabel("error (%)");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
    }

    private static void Save(Plot plot, string path)
    {
        byte[] png = plot.GetImageBytes(800, 560, ImageFormat.Png);
        Files.AtomicFile.Write(path, s => s.Write(png));
    }
}
