using Digits.Classifiers.Network;
using ScottPlot;

namespace Digits.Reports;

/// <summary>Draws a network's training curves (loss and accuracy on the distorted training images, per epoch) as a PNG.</summary>
public static class TrainingPlot
{
    /// <summary>Writes the plot.</summary>
    /// <param name="epochs">The epochs, in order.</param>
    /// <param name="testAccuracy">Accuracy on the test set after training, drawn as a marker at the last epoch (0 for none).</param>
    /// <param name="path">PNG file to write (atomically).</param>
    public static void Write(IReadOnlyList<TrainingEpoch> epochs, double testAccuracy, string path)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var plot = new Plot();
        double[] x = epochs.Select(e => (double)e.Epoch).ToArray();
        var accuracy = plot.Add.Scatter(x, epochs.Select(e => e.TrainingAccuracy * 100).ToArray());
        accuracy.LegendText = "training accuracy (distorted images), %";
        if (testAccuracy > 0 && x.Length > 0)
        {
            var test = plot.Add.Marker(x[^1], testAccuracy * 100, MarkerShape.FilledDiamond, 12);
            test.LegendText = $"test accuracy after training: {testAccuracy:P2}";
        }

        var loss = plot.Add.Scatter(x, epochs.Select(e => e.Loss).ToArray());
        loss.LegendText = "training loss (cross-entropy)";
        var right = plot.Axes.AddRightAxis();
        loss.Axes.YAxis = right;
        right.LabelText = "loss";
        plot.Title("CNN training (60,000 MNIST images, random distortions)");
        plot.XLabel("epoch");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(Alignment.MiddleRight);
        byte[] png = plot.GetImageBytes(900, 520, ImageFormat.Png);
        Files.AtomicFile.Write(path, s => s.Write(png));
    }
}
