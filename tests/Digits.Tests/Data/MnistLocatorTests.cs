using Digits.Data;
using Digits.Files;


namespace Digits.Tests.Data;

[Trait("Category", "Mnist")]
public sealed class MnistLocatorTests
{
    private static MnistSources Offline(string cache) => new()
    {
        EnvironmentDirectory = null,
        CacheDirectory = cache,
        Mirrors = [],
        UseNpm = false,
    };

    [Fact]
    public void Load_DataOption_ReportsOneLineAndLoads()
    {
        using var temp = new TempFolder();
        var lines = new List<string>();
        var data = new MnistLocator(Offline(temp.Path) with { DataDirectory = TestPaths.MnistFolder }, lines.Add).Load();

        Assert.Equal(10_000, data.Test.Count);
        Assert.Contains("--data", data.Source);
        Assert.Single(lines);
        Assert.Contains("4 files verified", lines[0]);
    }

    [Fact]
    public void Load_EnvironmentFolder_UsedWhenNoOption()
    {
        using var temp = new TempFolder();
        var lines = new List<string>();
        var data = new MnistLocator(Offline(temp.Path) with { EnvironmentDirectory = TestPaths.MnistFolder }, lines.Add).Load();

        Assert.Contains(MnistSources.EnvironmentVariable, data.Source);
        Assert.Equal(["--data: not given", $"{MnistSources.EnvironmentVariable}: {Path.GetFullPath(TestPaths.MnistFolder)}: 4 files verified"], lines);
    }

    [Fact]
    public void Load_DataOptionFolderMissing_FailsNamingFolder()
    {
        var ex = Assert.Throws<DataFileException>(() => new MnistLocator(Offline("/tmp/unused") with { DataDirectory = "/no/such/folder" }).Load());
        Assert.Contains("/no/such/folder", ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void Load_NothingAvailable_SaysWhatToDo()
    {
        using var temp = new TempFolder();
        var lines = new List<string>();
        var ex = Assert.Throws<DataFileException>(() => new MnistLocator(Offline(temp.Path), lines.Add).Load());

        Assert.Contains("put the four files", ex.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", ex.Message);
        Assert.Contains(MnistSources.EnvironmentVariable, ex.Message);
        Assert.Contains(lines, l => l.Contains("empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CacheHoldsCorruptFile_RemovesItAndDoesNotUseIt()
    {
        using var temp = new TempFolder();
        foreach (string name in MnistFiles.All)
        {
            File.Copy(MnistFiles.Find(TestPaths.MnistFolder, name)!, Path.Combine(temp.Path, Path.GetFileName(MnistFiles.Find(TestPaths.MnistFolder, name)!)));
        }

        string labels = MnistFiles.Find(temp.Path, MnistFiles.TestLabels)!;
        File.WriteAllBytes(labels, File.ReadAllBytes(labels)[..100]);

        var lines = new List<string>();
        Assert.Throws<DataFileException>(() => new MnistLocator(Offline(temp.Path), lines.Add).Load());
        Assert.False(File.Exists(labels));
        Assert.Contains(lines, l => l.Contains("removing it", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ValidCache_IsUsed()
    {
        using var temp = new TempFolder();
        foreach (string name in MnistFiles.All)
        {
            string source = MnistFiles.Find(TestPaths.MnistFolder, name)!;
            File.Copy(source, Path.Combine(temp.Path, Path.GetFileName(source)));
        }

        var data = new MnistLocator(Offline(temp.Path)).Load();
        Assert.Contains("cache", data.Source);
    }
}
