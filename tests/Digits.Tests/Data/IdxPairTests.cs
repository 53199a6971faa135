using Digits.Data;
using Digits.Files;
using Digits.Images;

namespace Digits.Tests.Data;

[Trait("Category", "Fast")]
public sealed class IdxPairTests
{
    [Fact]
    public void Load_APairOfOurOwn_GivesItsImagesAndLabels()
    {
        using var temp = new TempFolder();
        byte[] pixels = Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)i).ToArray();
        IdxFile.WriteImages(temp.File("mine-images-idx3-ubyte"), new ImageSet(pixels, 3, 4, 5));
        IdxFile.WriteLabels(temp.File("mine-labels-idx1-ubyte"), new byte[] { 7, 0, 9 });

        var pair = IdxPair.Find(temp.Path);
        LabeledImages set = IdxPair.Load(pair!.Value.Images, pair.Value.Labels);

        Assert.EndsWith("mine-images-idx3-ubyte", pair.Value.Images);
        Assert.Equal(new byte[] { 7, 0, 9 }, set.Labels);
        Assert.Equal(pixels, set.Images.Pixels);
        Assert.Equal((4, 5), (set.Images.Rows, set.Images.Columns));
    }

    [Fact]
    public void Load_CountsDiffer_NamesBothFilesAndBothCounts()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("a-idx3-ubyte"), new ImageSet(new byte[2 * 4], 2, 2, 2));
        IdxFile.WriteLabels(temp.File("b-idx1-ubyte"), new byte[] { 1, 2, 3 });

        var ex = Assert.Throws<DataFileException>(() => IdxPair.Load(temp.File("a-idx3-ubyte"), temp.File("b-idx1-ubyte")));

        Assert.Contains("b-idx1-ubyte", ex.Message);
        Assert.Contains("a-idx3-ubyte", ex.Message);
        Assert.Contains("3 labels", ex.Message);
        Assert.Contains("2 images", ex.Message);
    }

    [Fact]
    public void Load_LabelOutsideDigits_NamesTheLabel()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("a-idx3-ubyte"), new ImageSet(new byte[2 * 4], 2, 2, 2));
        IdxFile.WriteLabels(temp.File("b-idx1-ubyte"), new byte[] { 1, 12 });

        var ex = Assert.Throws<DataFileException>(() => IdxPair.Load(temp.File("a-idx3-ubyte"), temp.File("b-idx1-ubyte")));

        Assert.Contains("label 1 is 12", ex.Message);
    }

    [Fact]
    public void Find_NotExactlyOneOfEach_GivesNull()
    {
        using var temp = new TempFolder();
        Assert.Null(IdxPair.Find(temp.Path));
        File.WriteAllBytes(temp.File("a-idx3-ubyte"), []);
        Assert.Null(IdxPair.Find(temp.Path));
        Assert.Null(IdxPair.Find(temp.File("missing")));
    }
}
