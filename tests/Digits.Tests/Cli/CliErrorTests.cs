namespace Digits.Tests.Cli;

/// <summary>User mistakes end with one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
[Trait("Category", "Mnist")]
public sealed class CliErrorTests
{
    [Fact]
    public void Eval_DataFolderMissing_ExitsOneNamingFolder()
    {
        var result = CliRunner.Run("eval", "--data", "/no/such/mnist", "--json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/no/such/mnist", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Eval_CorruptDataFile_ExitsOneNamingFile()
    {
        using var temp = new TempFolder();
        Data.MnistDataTests.WriteTinySet(temp.Path, 3, 2);
        var result = CliRunner.Run("eval", "--data", temp.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("train-labels-idx1-ubyte", result.Err, StringComparison.Ordinal);
        Assert.Contains("holds 2 labels", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void Eval_TestImagesWithoutLabels_ExitsTwoBeforeLoadingAnything()
    {
        var result = CliRunner.Run("eval", "--test-images", "/no/such/images", "--data", "/no/such/mnist");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--test-labels", result.Err);
        Assert.DoesNotContain("/no/such/mnist", result.Err);
    }

    [Fact]
    public void Eval_TestPairCountsDiffer_ExitsOneNamingBothFiles()
    {
        using var temp = new TempFolder();
        Digits.Files.IdxFile.WriteImages(temp.File("x-idx3-ubyte"), new Digits.Images.ImageSet(new byte[2 * 784], 2, 28, 28));
        Digits.Files.IdxFile.WriteLabels(temp.File("x-idx1-ubyte"), new byte[] { 1, 2, 3 });
        var result = CliRunner.Run("eval", "--k", "1", "--test", temp.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("x-idx1-ubyte: holds 3 labels", result.Err);
        Assert.Contains("x-idx3-ubyte holds 2 images", result.Err);
    }

    [Fact]
    public void Eval_TestPairNot28x28_ExitsOneSayingWhatTheModelsRead()
    {
        using var temp = new TempFolder();
        Digits.Files.IdxFile.WriteImages(temp.File("x-idx3-ubyte"), new Digits.Images.ImageSet(new byte[2 * 64], 2, 8, 8));
        Digits.Files.IdxFile.WriteLabels(temp.File("x-idx1-ubyte"), new byte[] { 1, 2 });
        var result = CliRunner.Run("eval", "--k", "1", "--test", temp.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("8x8", result.Err);
        Assert.Contains("28x28", result.Err);
    }

    [Fact]
    public void Eval_PresetWithK_ExitsTwoExplainingConflict()
    {
        var result = CliRunner.Run("eval", "--preset", "seed", "--k", "5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot be combined", result.Err);
    }

    [Fact]
    public void Eval_UnknownMetric_Fails()
    {
        var result = CliRunner.Run("eval", "--metric", "chebyshev");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("chebyshev", result.Err);
    }

    [Fact]
    public void Eval_ModelFileNotAModel_ExitsOne()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("bad.model"), "nope");
        var result = CliRunner.Run("eval", "--model", temp.File("bad.model"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a Digits model file", result.Err);
    }

    [Fact]
    public void TrainCnn_WithKnnOptionsOrZeroEpochs_ExitsTwoSayingWhy()
    {
        using var temp = new TempFolder();
        var mixed = CliRunner.Run("train", "--cnn", "--k", "5", "--out", temp.File("net.nn"));
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("do not apply", mixed.Err);

        var zero = CliRunner.Run("train", "--cnn", "--epochs", "0", "--out", temp.File("net.nn"));
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("Epochs", zero.Err);
        Assert.Empty(Directory.GetFiles(temp.Path));

        var layers = CliRunner.Run("train", "--cnn", "--layers", "conv3x32 pool relu", "--out", temp.File("net.nn"));
        Assert.Equal(2, layers.ExitCode);
        Assert.Contains("'relu' is not understood", layers.Err);

        var both = CliRunner.Run("train", "--cnn", "--layers", "conv3x32 pool dense64", "--hidden", "64", "--out", temp.File("net.nn"));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--hidden", both.Err);
        Assert.Empty(Directory.GetFiles(temp.Path));

        var knn = CliRunner.Run("train", "--epochs", "3", "--out", temp.File("m.digits"));
        Assert.Equal(2, knn.ExitCode);
        Assert.Contains("add --cnn", knn.Err);
    }

    [Fact]
    public void Eval_NetworkFileWithFlippedByte_ExitsOneNamingTheChecksum()
    {
        using var temp = new TempFolder();
        byte[] bytes;
        using (var stream = typeof(Digits.Models.PretrainedNetwork).Assembly.GetManifestResourceStream("Digits.Models.Pretrained.digits-cnn.nn")!)
        using (var memory = new MemoryStream())
        {
            stream.CopyTo(memory);
            bytes = memory.ToArray();
        }

        bytes[100] ^= 4;
        File.WriteAllBytes(temp.File("net.nn"), bytes);
        var result = CliRunner.Run("eval", "--model", temp.File("net.nn"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("net.nn", result.Err);
        Assert.Contains("checksum", result.Err);
    }
}
