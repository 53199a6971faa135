using System.IO.Compression;
using CsCheck;
using Digits.Files;
using Digits.Images;

namespace Digits.Tests.Files;

[Trait("Category", "Fast")]
public sealed class IdxFileTests
{
    private static ImageSet SmallImages() => new(Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray(), 2, 3, 4);

    [Fact]
    public void WriteThenRead_RawAndGzipped_RoundTrips()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("images"), SmallImages());
        IdxFile.WriteLabels(temp.File("labels"), [7, 3]);
        Gzip(temp.File("images"), temp.File("images.gz"));

        foreach (string name in new[] { "images", "images.gz" })
        {
            ImageSet images = IdxFile.ReadImages(temp.File(name));
            Assert.Equal((2, 3, 4), (images.Count, images.Rows, images.Columns));
            Assert.Equal(SmallImages().Pixels, images.Pixels);
        }

        Assert.Equal([7, 3], IdxFile.ReadLabels(temp.File("labels")));
    }

    [Fact]
    public void WriteThenRead_GeneratedImagesAndLabels_RoundTripRawAndGzipped()
    {
        using var temp = new TempFolder();
        var sets = Gen.Select(Gen.Int[0, 20], Gen.Int[1, 30], Gen.Int[1, 30])
            .SelectMany((count, rows, columns) => Gen.Byte.Array[count * rows * columns].Select(pixels => new ImageSet(pixels, count, rows, columns)));
        sets.Sample(images =>
        {
            string path = temp.File($"images-{Guid.NewGuid():N}");
            IdxFile.WriteImages(path, images);
            Gzip(path, path + ".gz");
            byte[] labels = images.Pixels.Take(images.Count).Select(p => (byte)(p % 10)).ToArray();
            IdxFile.WriteLabels(path + ".labels", labels);
            foreach (string name in new[] { path, path + ".gz" })
            {
                ImageSet read = IdxFile.ReadImages(name);
                Assert.Equal((images.Count, images.Rows, images.Columns), (read.Count, read.Rows, read.Columns));
                Assert.Equal(images.Pixels, read.Pixels);
            }

            Assert.Equal(labels, IdxFile.ReadLabels(path + ".labels"));
        }, iter: 60);
    }

    [Fact]
    public void ReadImages_MissingFile_NamesFile()
    {
        var ex = Assert.Throws<DataFileException>(() => IdxFile.ReadImages("/no/such/train-images"));
        Assert.Contains("/no/such/train-images", ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void ReadImages_EmptyFile_SaysTooShort()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("empty"), []);
        var ex = Assert.Throws<DataFileException>(() => IdxFile.ReadImages(temp.File("empty")));
        Assert.Contains("too short", ex.Message);
    }

    [Fact]
    public void ReadImages_TruncatedPixels_SaysTruncatedWithCounts()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("images"), SmallImages());
        byte[] whole = File.ReadAllBytes(temp.File("images"));
        File.WriteAllBytes(temp.File("images"), whole[..^5]);

        var ex = Assert.Throws<DataFileException>(() => IdxFile.ReadImages(temp.File("images")));
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("24", ex.Message);
        Assert.Contains("19", ex.Message);
    }

    [Fact]
    public void ReadImages_TruncatedGzip_SaysCorruptGzip()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("images"), new ImageSet(new byte[50 * 784], 50, 28, 28));
        Gzip(temp.File("images"), temp.File("images.gz"));
        byte[] gz = File.ReadAllBytes(temp.File("images.gz"));
        File.WriteAllBytes(temp.File("images.gz"), gz[..(gz.Length / 2)]);

        var ex = Assert.Throws<DataFileException>(() => IdxFile.ReadImages(temp.File("images.gz")));
        Assert.Contains("images.gz", ex.Message);
    }

    [Fact]
    public void ReadImages_WrongMagic_SaysNotIdx()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.txt"), "hello, this is not an IDX file");
        var ex = Assert.Throws<DataFileException>(() => IdxFile.ReadImages(temp.File("notes.txt")));
        Assert.Contains("wrong magic number", ex.Message);
    }

    [Fact]
    public void ReadImages_GivenLabelFile_SaysWrongDimensions()
    {
        using var temp = new TempFolder();
        IdxFile.WriteLabels(temp.File("labels"), [1, 2, 3]);
        var ex = Assert.Throws<DataFileException>(() => IdxFile.ReadImages(temp.File("labels")));
        Assert.Contains("1 dimensions", ex.Message);
    }

    [Fact]
    public void ReadLabels_LabelAboveNine_NamesIndexAndValue()
    {
        using var temp = new TempFolder();
        IdxFile.WriteLabels(temp.File("labels"), [1, 12, 3]);
        var ex = Assert.Throws<DataFileException>(() => IdxFile.ReadLabels(temp.File("labels")));
        Assert.Contains("label 1 is 12", ex.Message);
    }

    [Fact]
    public void ReadLabels_TrailingBytes_Refused()
    {
        using var temp = new TempFolder();
        IdxFile.WriteLabels(temp.File("labels"), [1, 2]);
        File.AppendAllText(temp.File("labels"), "xx");
        var ex = Assert.Throws<DataFileException>(() => IdxFile.ReadLabels(temp.File("labels")));
        Assert.Contains("unexpected bytes", ex.Message);
    }

    internal static void Gzip(string source, string destination)
    {
        using var input = File.OpenRead(source);
        using var output = new GZipStream(File.Create(destination), CompressionLevel.Fastest);
        input.CopyTo(output);
    }
}
