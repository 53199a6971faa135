using System.Text.Json;
using Digits.Classifiers.Knn;
using Digits.Files;

namespace Digits.Tests.Cli;

[Trait("Category", "Mnist")]
public sealed class CliCommandTests
{
    [Fact]
    public void EvalSeedJson_PrintsAccuracy9705AndWritesPredictions()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("eval", "--preset", "seed", "--json", "--predictions", temp.File("p.txt"));

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(0.9705, json.RootElement.GetProperty("accuracy").GetDouble());
        Assert.True(json.RootElement.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(10, json.RootElement.GetProperty("confusion").GetArrayLength());
        string[] lines = File.ReadAllLines(temp.File("p.txt"));
        Assert.Equal(10_000, lines.Length);
        Assert.Equal("7", lines[0]);
        Assert.All(lines, l => Assert.Matches("^[0-9]$", l));
    }

    [Fact]
    public void Train_WritesLoadableModelWithChosenOptions()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("train", "--k", "5", "--weights", "distance", "--out", temp.File("m.digits"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("saved", result.Out);
        var (model, header) = ModelFile.Load(temp.File("m.digits"));
        Assert.Equal(new KnnOptions { K = 5, Weighting = KnnWeighting.Distance }, model.Options);
        Assert.Equal(60_000, header.Count);
    }

    [Fact]
    public void Info_PrintsCountsAndWritesPng()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("info", "--grid", temp.File("grid.png"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("6,742", result.Out); // training images of digit 1
        Assert.Contains("60,000", result.Out);
        byte[] png = File.ReadAllBytes(temp.File("grid.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [Fact]
    public void EvalReport_WritesConfusionHeatmapAndErrorGallery()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("eval", "--k", "1", "--report", temp.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("confusion matrix", result.Out);
        Assert.DoesNotContain("where the accuracy comes from", result.Out); // the ablation belongs to the default model
        foreach (string name in new[] { "confusion.png", "errors.png" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(temp.Path, name));
            Assert.True(png.Length > 10_000, $"{name} is only {png.Length} bytes");
            Assert.Equal(0x89, png[0]);
        }
    }
}
