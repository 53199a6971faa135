using Digits.Data;
using Digits.Files;


namespace Digits.Tests.Data;

/// <summary>The download step, against a mirror served on loopback from the shared .gz files.</summary>
[Trait("Category", "Mnist")]
public sealed class MnistDownloadTests
{
    private static Dictionary<string, byte[]> MirrorFiles()
        => MnistFiles.All.ToDictionary(n => n + ".gz", n => GzipOf(MnistFiles.Find(TestPaths.MnistFolder, n)!));

    private static byte[] GzipOf(string path)
    {
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(path);
        }

        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(File.ReadAllBytes(path));
        }

        return output.ToArray();
    }

    [Fact]
    public void Load_EmptyCacheAndWorkingMirror_DownloadsVerifiesAndCaches()
    {
        using var cache = new TempFolder();
        using var mirror = new LoopbackMirror(MirrorFiles());
        var progress = new List<DownloadProgress>();
        var sources = new MnistSources { EnvironmentDirectory = null, CacheDirectory = cache.Path, Mirrors = [mirror.Uri], UseNpm = false, Timeout = TimeSpan.FromSeconds(60) };

        var data = new MnistLocator(sources, null, new InlineProgress(progress.Add)).Load();

        Assert.Equal(60_000, data.Train.Count);
        Assert.Contains("downloaded", data.Source);
        Assert.Empty(MnistData.Verify(cache.Path));
        Assert.Equal(MnistFiles.All.OrderBy(n => n), Directory.GetFiles(cache.Path).Select(Path.GetFileName).OrderBy(n => n));
        Assert.Contains(progress, p => p.File == MnistFiles.TrainImages && p.Bytes == p.TotalBytes);

        // A second run uses the cache without asking the mirror again.
        int requests = mirror.Requests;
        new MnistLocator(sources).Load();
        Assert.Equal(requests, mirror.Requests);
    }

    [Fact]
    public void Load_MirrorServesCorruptFile_NothingBadEntersTheCache()
    {
        using var cache = new TempFolder();
        var files = MirrorFiles();
        byte[] labels = IdxFile.ReadContent(MnistFiles.Find(TestPaths.MnistFolder, MnistFiles.TestLabels)!);
        labels[^1] = (byte)((labels[^1] + 1) % 10); // well-formed, wrong content
        using (var output = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(labels);
            }

            files[MnistFiles.TestLabels + ".gz"] = output.ToArray();
        }

        using var mirror = new LoopbackMirror(files);
        var lines = new List<string>();
        var sources = new MnistSources { EnvironmentDirectory = null, CacheDirectory = cache.Path, Mirrors = [mirror.Uri], UseNpm = false, Timeout = TimeSpan.FromSeconds(60) };

        var ex = Assert.Throws<DataFileException>(() => new MnistLocator(sources, lines.Add).Load());

        Assert.Contains("could not be fetched", ex.Message);
        Assert.True(lines.Any(l => l.Contains("SHA-256", StringComparison.Ordinal)), "the steps reported were:\n" + string.Join("\n", lines));
        Assert.DoesNotContain(MnistFiles.TestLabels, Directory.GetFiles(cache.Path).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(cache.Path, "*.tmp"));
    }

    [Fact]
    public void Load_MirrorStallsMidFile_FailsAsTimedOutAndLeavesNoPartialFile()
    {
        using var cache = new TempFolder();
        using var mirror = new LoopbackMirror(MirrorFiles(), stallAfterBytes: 1000);
        var lines = new List<string>();
        var sources = new MnistSources { EnvironmentDirectory = null, CacheDirectory = cache.Path, Mirrors = [mirror.Uri], UseNpm = false, Timeout = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var ex = Assert.Throws<DataFileException>(() => new MnistLocator(sources, lines.Add).Load());

        Assert.Contains("timed out", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Empty(Directory.GetFiles(cache.Path));
    }

    private sealed class InlineProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
