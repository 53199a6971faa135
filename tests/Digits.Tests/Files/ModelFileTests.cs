using Digits.Classifiers.Knn;
using Digits.Files;
using Digits.Images;
using Digits.Search;


namespace Digits.Tests.Files;

[Trait("Category", "Fast")]
public sealed class ModelFileTests
{
    private static KnnClassifier TinyModel()
    {
        var random = new Random(5);
        byte[] pixels = new byte[20 * 16];
        random.NextBytes(pixels);
        byte[] labels = Enumerable.Range(0, 20).Select(i => (byte)(i % 10)).ToArray();
        return KnnClassifier.Fit(new LabeledImages(new ImageSet(pixels, 20, 4, 4), labels), new KnnOptions { K = 5, Weighting = KnnWeighting.Distance, Metric = DistanceMetric.Manhattan, Tie = TieBreak.Lowest });
    }

    [Fact]
    public void SaveThenLoad_RoundTripsOptionsDataAndPredictions()
    {
        using var temp = new TempFolder();
        var model = TinyModel();
        ModelFile.Save(model, temp.File("m.digits"), "test data");

        var (loaded, header) = ModelFile.Load(temp.File("m.digits"));
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(model.Training.Labels, loaded.Training.Labels);
        Assert.Equal(model.Training.Images.Pixels, loaded.Training.Images.Pixels);
        Assert.Equal("test data", header.Source);
        Assert.Equal(model.Predict(model.Training.Images), loaded.Predict(model.Training.Images));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Load_Truncated_SaysCorruptOrTruncated()
    {
        using var temp = new TempFolder();
        ModelFile.Save(TinyModel(), temp.File("m.digits"));
        byte[] bytes = File.ReadAllBytes(temp.File("m.digits"));
        File.WriteAllBytes(temp.File("m.digits"), bytes[..^40]);

        var ex = Assert.Throws<DataFileException>(() => ModelFile.Load(temp.File("m.digits")));
        Assert.Contains("m.digits", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Load_OneByteFlipped_SaysChecksumDoesNotMatch()
    {
        using var temp = new TempFolder();
        ModelFile.Save(TinyModel(), temp.File("m.digits"));
        byte[] bytes = File.ReadAllBytes(temp.File("m.digits"));
        bytes[bytes.Length - 100] ^= 0x40;
        File.WriteAllBytes(temp.File("m.digits"), bytes);

        var ex = Assert.Throws<DataFileException>(() => ModelFile.Load(temp.File("m.digits")));
        Assert.Contains("checksum", ex.Message);
    }

    [Fact]
    public void Load_OtherVersion_SaysVersions()
    {
        using var temp = new TempFolder();
        ModelFile.Save(TinyModel(), temp.File("m.digits"));
        byte[] bytes = File.ReadAllBytes(temp.File("m.digits"));
        bytes[8] = 99;
        File.WriteAllBytes(temp.File("m.digits"), bytes);

        var ex = Assert.Throws<DataFileException>(() => ModelFile.Load(temp.File("m.digits")));
        Assert.Contains("version 99", ex.Message);
    }

    [Fact]
    public void Load_NotAModel_SaysSoAndHowToMakeOne()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("photo.jpg"), "not a model at all");
        var ex = Assert.Throws<DataFileException>(() => ModelFile.Load(temp.File("photo.jpg")));
        Assert.Contains("not a Digits model file", ex.Message);
        Assert.Contains("digits train", ex.Message);
    }

    [Fact]
    public void Load_Missing_SaysNotFound()
    {
        var ex = Assert.Throws<DataFileException>(() => ModelFile.Load("/no/such/model.digits"));
        Assert.Contains("not found", ex.Message);
    }
}
