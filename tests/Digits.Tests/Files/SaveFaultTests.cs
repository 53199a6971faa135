using CsCheck;
using Digits.Classifiers.Knn;
using Digits.Classifiers.Network;
using Digits.Files;
using Digits.Images;
using Digits.Profiles;

namespace Digits.Tests.Files;

/// <summary>
/// A disk that fills (or any I/O error) while a model, a network, a profile export or an IDX file is saved over an
/// older one: wherever the write breaks off, the old file is intact, byte for byte, and nothing else is left in
/// the folder (issue: fuzzed, soaked and overload-safe).
/// </summary>
[Trait("Category", "Fast")]
public sealed class SaveFaultTests
{
    public static TheoryData<string> Savers() => new() { "model", "network", "profile", "idx" };

    [Theory]
    [MemberData(nameof(Savers))]
    public void ADiskThatFillsAnywhereDuringASave_LeavesTheOldFileIntact_AndNoPartialFile(string kind)
    {
        using var temp = new TempFolder();
        var (path, old) = SavedOnce(kind, temp);
        Save(kind, temp.File("probe"), version: 2);
        long full = new FileInfo(temp.File("probe")).Length;
        File.Delete(temp.File("probe"));

        Gen.Long[0, full - 1].Sample(
            room =>
            {
                using (new FullDisk(room))
                {
                    Assert.Throws<IOException>(() => Save(kind, path, version: 2));
                }

                Assert.Equal(old, File.ReadAllBytes(path));
                Assert.Equal([path], Directory.GetFiles(temp.Path));
            },
            iter: 40,
            threads: 1);
    }

    [Theory]
    [MemberData(nameof(Savers))]
    public void WithRoomOnTheDisk_TheSameSaveReplacesTheFile(string kind)
    {
        using var temp = new TempFolder();
        var (path, old) = SavedOnce(kind, temp);

        using (new FullDisk(long.MaxValue))
        {
            Save(kind, path, version: 2);
        }

        Assert.NotEqual(old, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    // The first version of a file of the kind, saved in the folder: its path and its bytes.
    private static (string Path, byte[] Bytes) SavedOnce(string kind, TempFolder temp)
    {
        string path = temp.File("saved");
        Save(kind, path, version: 1);
        return (path, File.ReadAllBytes(path));
    }

    // Writes a small file of the kind; the two versions differ in content.
    private static void Save(string kind, string path, int version)
    {
        var random = new Random(version);
        byte[] Bytes(int n)
        {
            byte[] bytes = new byte[n];
            random.NextBytes(bytes);
            return bytes;
        }

        switch (kind)
        {
            case "model":
                var images = new ImageSet(Bytes(30 * 16), 30, 4, 4);
                ModelFile.Save(KnnClassifier.Fit(new LabeledImages(images, Enumerable.Range(0, 30).Select(i => (byte)(i % 10)).ToArray()), new KnnOptions { K = 3 }), path, $"version {version}");
                break;
            case "network":
                var shape = new ConvNetShape("conv3x4 pool dense8");
                ConvNetFile.Save(new ConvNet(shape, Enumerable.Range(0, shape.ParameterCount).Select(i => (float)random.NextDouble()).ToArray()), path);
                break;
            case "profile":
                ProfileFile.Write(path, "me", Enumerable.Range(0, 20).Select(i => new PersonalExample(i + 1, "me", i % 10, Bytes(784), ExampleSource.Drawing, DateTimeOffset.UnixEpoch.AddDays(version))).ToArray());
                break;
            default:
                IdxFile.WriteImages(path, new ImageSet(Bytes(50 * 784), 50, 28, 28));
                break;
        }
    }
}
