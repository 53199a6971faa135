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
    public void EvalReport_WritesConfusionHeatmapErrorGalleryAndRefusals()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("eval", "--k", "1", "--report", temp.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("confusion matrix", result.Out);
        Assert.DoesNotContain("where the accuracy comes from", result.Out); // the ablation belongs to the default model
        Assert.Matches(@"refused: +[0-9.]+ % of +1,000 clothes", result.Out + result.Err);
        foreach (string name in new[] { "confusion.png", "errors.png", "refusals.png" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(temp.Path, name));
            Assert.True(png.Length > 10_000, $"{name} is only {png.Length} bytes");
            Assert.Equal(0x89, png[0]);
        }
    }

    [Fact]
    public void EvalModelNetwork_ScoresTheShippedNetworkAlone()
    {
        var result = CliRunner.Run("eval", "--model", "network", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.StartsWith("average of 2 networks, each CNN ", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(0.9969, json.RootElement.GetProperty("accuracy").GetDouble(), 4);
    }

    [Fact]
    public void EvalTestFolder_ScoresTheFolderAndNamesItsFilesInJsonAndPredictions()
    {
        // Given: ten 28x28 test digits in sub-folders 0-9, dark on white, and one file that is not an image
        using var temp = new TempFolder();
        string data = Directory.CreateDirectory(Path.Combine(temp.Path, "mine")).FullName;
        var mnist = Digits.Data.MnistData.Load(TestPaths.MnistFolder);
        for (int i = 0; i < 10; i++)
        {
            string sub = Directory.CreateDirectory(Path.Combine(data, $"{mnist.Test.Labels[i]}")).FullName;
            using var image = new OpenCvSharp.Mat(28, 28, OpenCvSharp.MatType.CV_8UC1);
            image.SetArray(mnist.Test.Images[i].ToArray().Select(p => (byte)(255 - p)).ToArray());
            OpenCvSharp.Cv2.ImWrite(Path.Combine(sub, $"d{i}.png"), image);
        }

        File.WriteAllText(Path.Combine(data, "7", "broken.png"), "not a png");

        // When
        var result = CliRunner.Run("eval", "--k", "3", "--test", data, "--as-is", "--json", "--predictions", temp.File("p.tsv"));

        // Then
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(10, json.RootElement.GetProperty("count").GetInt32());
        JsonElement folder = json.RootElement.GetProperty("folder");
        Assert.Equal(11, folder.GetProperty("labelledFiles").GetInt32());
        JsonElement skipped = Assert.Single(folder.GetProperty("skipped").EnumerateArray());
        Assert.EndsWith("broken.png", skipped.GetProperty("file").GetString());
        Assert.Equal("unreadable", skipped.GetProperty("kind").GetString());
        Assert.Contains(data, json.RootElement.GetProperty("data").GetString());
        string[] lines = File.ReadAllLines(temp.File("p.tsv"));
        Assert.Equal(10, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"/d[0-9]\.png\t[0-9]\t[0-9]$", l));
        Assert.True(json.RootElement.GetProperty("accuracy").GetDouble() >= 0.9);
    }
}
