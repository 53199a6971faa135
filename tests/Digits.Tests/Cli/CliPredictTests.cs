using System.Text.Json;

namespace Digits.Tests.Cli;

/// <summary><c>digits predict</c>: real photos in, JSON out; bad files get a per-file error and the others are still read.</summary>
[Trait("Category", "Mnist")]
public sealed class CliPredictTests
{
    [Fact]
    public void Predict_GoodAndBadFiles_ReadsTheGoodReportsEachBadAndExitsNonZero()
    {
        // Given: two real photos and four bad files
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("empty.png"), []);
        File.WriteAllText(temp.File("notes.jpg"), "not a picture at all");
        byte[] jpeg = File.ReadAllBytes(Path.Combine(TestPaths.PhotosFolder, "3_calex257_1.jpg"));
        File.WriteAllBytes(temp.File("half.jpg"), jpeg[..(jpeg.Length / 2)]);
        string[] files =
        [
            Path.Combine(TestPaths.PhotosFolder, "3_calex257_1.jpg"),
            temp.File("empty.png"),
            temp.File("notes.jpg"),
            temp.File("half.jpg"),
            temp.File("missing.png"),
            Path.Combine(TestPaths.PhotosFolder, "numbers", "6666_dFAk0_1.png"),
        ];

        // When
        var result = CliRunner.Run(["predict", "--json", .. files]);

        // Then: one object per file, in order; errors name what is wrong; no stack trace
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Err);
        var outputs = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToArray();
        Assert.Equal(files.Length, outputs.Length);
        Assert.Equal("3", outputs[0].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, outputs[0].GetProperty("error").ValueKind);
        var box = outputs[0].GetProperty("digits")[0].GetProperty("box");
        Assert.Equal(4, box.GetArrayLength());
        Assert.InRange(outputs[0].GetProperty("digits")[0].GetProperty("confidence").GetDouble(), 0.5, 1.0);
        Assert.Contains("empty", outputs[1].GetProperty("error").GetString());
        Assert.Contains("not an image", outputs[2].GetProperty("error").GetString());
        Assert.Contains("truncated", outputs[3].GetProperty("error").GetString());
        Assert.Contains("not found", outputs[4].GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("6666", outputs[5].GetProperty("text").GetString());
        Assert.Equal(4, outputs[5].GetProperty("digits").GetArrayLength());
    }

    [Fact]
    public void Predict_APdfScanOfTwoPages_GivesOneObjectPerPage_SayingWhichPage()
    {
        // Given: a PDF whose two pages are real photos of numbers (JPEG as stored, and deflated grey)
        using var temp = new TempFolder();
        using var first = OpenCvSharp.Cv2.ImRead(Path.Combine(TestPaths.PhotosFolder, "numbers", "6666_dFAk0_1.png"));
        using var second = OpenCvSharp.Cv2.ImRead(Path.Combine(TestPaths.PhotosFolder, "numbers", "2026_dFAk0_1.png"));
        File.WriteAllBytes(temp.File("scan.pdf"), Digits.Fuzz.ScannedPdf.Of((first, true), (second, false)));

        var result = CliRunner.Run(["predict", "--json", temp.File("scan.pdf")]);

        Assert.Equal(0, result.ExitCode);
        var outputs = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["6666", "2026"], outputs.Select(o => o.GetProperty("text").GetString()));
        Assert.Equal([1, 2], outputs.Select(o => o.GetProperty("page").GetInt32()));
        Assert.All(outputs, o => Assert.Equal(2, o.GetProperty("pages").GetInt32()));
    }

    [Fact]
    public void Predict_Debug_WritesEveryStageAndEachModelInput()
    {
        using var temp = new TempFolder();
        string photo = Path.Combine(TestPaths.PhotosFolder, "numbers", "2026_dFAk0_1.png");

        var result = CliRunner.Run("predict", photo, "--debug", temp.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2026", result.Out);
        var written = Directory.GetFiles(temp.Path).Select(Path.GetFileName).ToHashSet();
        foreach (string stage in new[] { "grey", "paper", "ink", "binary", "boxes", "digit0", "digit3" })
        {
            Assert.Contains($"2026_dFAk0_1.{stage}.png", written);
        }
    }
}
