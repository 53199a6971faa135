using Digits.Data;
using Digits.Files;
using Digits.Images;


namespace Digits.Tests.Data;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class MnistDataTests(MnistFixture mnist)
{
    [Fact]
    public void Load_SharedFolder_HasOriginalCountsAndFirstLabels()
    {
        MnistData data = mnist.Data;
        Assert.Equal(60_000, data.Train.Count);
        Assert.Equal(10_000, data.Test.Count);
        Assert.Equal((28, 28), (data.Train.Images.Rows, data.Train.Images.Columns));
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], data.Train.Labels[..10]);
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], data.Test.Labels[..10]);
        Assert.Equal(60_000, data.Train.CountPerDigit().Sum());
    }

    [Fact]
    public void Load_LabelCountDiffersFromImageCount_NamesBothFiles()
    {
        using var temp = new TempFolder();
        WriteTinySet(temp.Path, imageCount: 3, labelCount: 2);
        var ex = Assert.Throws<DataFileException>(() => MnistData.Load(temp.Path));
        Assert.Contains("holds 2 labels", ex.Message);
        Assert.Contains("3 images", ex.Message);
    }

    [Fact]
    public void Load_WellFormedButNotOriginal_FailsChecksum()
    {
        using var temp = new TempFolder();
        WriteTinySet(temp.Path, imageCount: 3, labelCount: 3);
        var ex = Assert.Throws<DataFileException>(() => MnistData.Load(temp.Path));
        Assert.Contains("SHA-256", ex.Message);
        Assert.Contains(MnistFiles.TrainImages, ex.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysWhichAndGzAlternative()
    {
        using var temp = new TempFolder();
        var ex = Assert.Throws<DataFileException>(() => MnistData.Load(temp.Path));
        Assert.Contains(MnistFiles.TrainImages, ex.Message);
        Assert.Contains(".gz", ex.Message);
    }

    [Fact]
    public void Verify_SharedFolder_FindsNoProblem()
        => Assert.Empty(MnistData.Verify(TestPaths.MnistFolder));

    internal static void WriteTinySet(string folder, int imageCount, int labelCount)
    {
        var images = new ImageSet(new byte[imageCount * 784], imageCount, 28, 28);
        byte[] labels = new byte[labelCount];
        IdxFile.WriteImages(Path.Combine(folder, MnistFiles.TrainImages), images);
        IdxFile.WriteLabels(Path.Combine(folder, MnistFiles.TrainLabels), labels);
        IdxFile.WriteImages(Path.Combine(folder, MnistFiles.TestImages), images);
        IdxFile.WriteLabels(Path.Combine(folder, MnistFiles.TestLabels), labels);
    }
}
